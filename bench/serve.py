"""`mkdocs serve` after a one-record edit: how long until the edit is on the page, with
`--dirty` (as `./dev serve` runs it) and without."""

from __future__ import annotations

import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from bench.measure import build_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_serve(
    corpus_dir: Path, dirty: bool, edits: int = 2, startup_timeout: float = 300, rebuild_timeout: float = 240
) -> dict:
    """`mkdocs serve` (with `--dirty`, as `./dev serve` runs it, or without): the first
    build, then the rebuilds after one-record edits, and the edit's text in the served page."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        *(["--dirty"] if dirty else []),
        "-f",
        str(corpus_dir / "mkdocs.yml"),
        "-a",
        f"127.0.0.1:{port}",
    ]
    lines: queue.Queue = queue.Queue()
    proc = subprocess.Popen(
        cmd,
        cwd=corpus_dir,
        env=build_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )

    def pump():
        for line in proc.stdout:
            lines.put((time.perf_counter(), line.rstrip()))
        lines.put((time.perf_counter(), None))

    threading.Thread(target=pump, daemon=True).start()
    transcript: list[str] = []

    def wait_for(pattern: str, timeout: float) -> tuple[float, str]:
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(
                    f"no `{pattern}` within {timeout:.0f} s; the server's last lines:\n"
                    + "\n".join(transcript[-15:])
                )
            try:
                stamp, line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                raise RuntimeError("mkdocs serve exited:\n" + "\n".join(transcript[-30:]))
            transcript.append(line)
            if re.search(r"\bERROR\b|Aborted", line):
                raise RuntimeError("mkdocs serve failed:\n" + "\n".join(transcript[-30:]))
            if re.search(pattern, line):
                return stamp, line

    result: dict = {"port": port}
    record = None
    original = None
    try:
        start = time.perf_counter()
        _, line = wait_for(r"Documentation built in", startup_timeout)
        result["initial_reported_s"] = float(re.search(r"([\d.]+) seconds", line).group(1))
        wait_for(r"Serving on", 60)
        result["initial_wall_s"] = time.perf_counter() - start
        time.sleep(1.0)  # let the watcher settle
        record = next(
            p
            for p in sorted((corpus_dir / "data" / "cases").glob("0[1-9]-*/*.yml"))
            if "\nkind: practice\n" in p.read_text(encoding="utf-8")
            and "\nstatus: draft" not in p.read_text(encoding="utf-8")
        )
        original = record.read_text(encoding="utf-8")
        result["edited"] = record.relative_to(corpus_dir).as_posix()
        rebuilds = []
        for n in range(edits):
            text = record.read_text(encoding="utf-8").replace(
                "\nbody: |\n", f"\nbody: |\n  Edited for the benchmark, pass {n + 1}.\n\n", 1
            )
            edit_at = time.perf_counter()
            record.write_text(text, encoding="utf-8")
            detected, _ = wait_for(r"Detected file changes", rebuild_timeout)
            built, line = wait_for(r"Documentation built in", rebuild_timeout)
            page = f"http://127.0.0.1:{port}/practices/{record.stem}/" if "kind: practice" in text else None
            shown = None
            if page:
                with urllib.request.urlopen(page, timeout=30) as response:
                    shown = f"Edited for the benchmark, pass {n + 1}." in response.read().decode()
            rebuilds.append(
                {
                    "detected_after_s": detected - edit_at,
                    "built_after_s": built - edit_at,
                    "reported_s": float(re.search(r"([\d.]+) seconds", line).group(1)),
                    "shown": shown,
                }
            )
            time.sleep(1.0)
        result["rebuilds"] = rebuilds
    except (TimeoutError, RuntimeError) as error:
        result["error"] = str(error)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # lets mkdocs remove its temporary site
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        if record is not None and original is not None:
            record.write_text(original, encoding="utf-8")
    return result
