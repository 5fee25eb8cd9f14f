"""Scale and speed of the compendium (issue 7): build synthetic corpora, measure, report.

    .venv/bin/python bench/run.py [--sizes 100,1000,10000] [--out BENCHMARKS.md]

For each size, a valid corpus is generated in a temporary folder (never in the
repository) and measured:

- validation alone (`build_compendium`, in this process);
- `mkdocs build --strict` of the corpus with the project's hook (a subprocess; wall time,
  CPU time and peak memory of that process from `os.wait4`);
- the plain-Markdown baseline: the very pages `render_site` produces (everything the hook
  adds: pages, feed, images), written to docs/ and built with the same theme, plugins,
  extensions and navigation but no hook, so the ratio ours/baseline shows what the data
  layer costs whatever the machine;
- output size, search index size (raw and gzip) and case page sizes (raw and gzip).

Then a profile of the hook's work (its on_config and on_files: build_compendium,
render_site, the navigation) on the largest corpus, the peak memory of validation
(tracemalloc), the `mkdocs serve` rebuild time after a one-record edit on the corpus
closest to 1,000 records, and the comparisons of bench/experiments.py (libyaml against
the pure-Python YAML parser; cached relative links, when the code still uses
posixpath.relpath). The PDF is not built (COMPENDIUM_PDF=0), as in an editor's preview.
The report says so when the code changed during the run.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import gzip
import hashlib
import io
import os
import platform
import pstats
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import tracemalloc
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
if str(REPO / "src") not in sys.path:
    sys.path.append(str(REPO / "src"))

import yaml  # noqa: E402

import compendium.background  # noqa: E402
from bench.corpus import generate  # noqa: E402
from bench.experiments import compare_loaders, render_with_cached_relpath, validate_other  # noqa: E402
from compendium.check import build_compendium  # noqa: E402
from compendium.render import Site, render_site  # noqa: E402

SEED = 7
GZIP_LEVEL = 6  # what web servers commonly use
BUILD_TIMEOUT = 900
GOALS = {
    "overhead": 0.10,  # data layer adds at most 10% to the plain-Markdown build
    "validation_10k_s": 5.0,
    "build_10k_s": 120.0,
    "memory_10k_mb": 1536.0,  # 1.5 GB
    "per_record_growth": 0.20,  # per-record build time at 10,000 within 20% of 1,000
    "case_page_drift": 0.10,  # median case page within 10% of the smallest corpus's
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def code_fingerprint() -> str:
    """A short hash of what a build runs: src/, hooks/, overrides/, docs/ and mkdocs.yml."""
    digest = hashlib.sha256()
    paths = [REPO / "mkdocs.yml"]
    for folder in ("src", "hooks", "overrides", "docs"):
        paths += [p for p in (REPO / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for path in sorted(paths):
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


# ----------------------------------------------------------------------------------------
# Running a measured subprocess


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    maxrss_mb: float
    returncode: int
    output: str
    reported_s: float | None = None
    load_before: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_measured(cmd: list[str], cwd: Path, env: dict, timeout: float = BUILD_TIMEOUT) -> Run:
    """Run `cmd`; wall time, and CPU time and peak RSS of that very process (wait4)."""
    load_before = load_average()
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        result: dict = {}

        def reap():
            _, status, usage = os.wait4(proc.pid, 0)
            result.update(end=time.perf_counter(), status=status, usage=usage)

        reaper = threading.Thread(target=reap, daemon=True)
        reaper.start()
        reaper.join(timeout)
        if reaper.is_alive():
            proc.kill()
            reaper.join()
        proc.returncode = os.waitstatus_to_exitcode(result["status"])
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    usage = result["usage"]
    reported = re.findall(r"Documentation built in ([\d.]+) seconds", output)
    return Run(
        wall_s=result["end"] - start,
        cpu_s=usage.ru_utime + usage.ru_stime,
        maxrss_mb=usage.ru_maxrss / 1024,
        returncode=proc.returncode,
        output=output,
        reported_s=float(reported[-1]) if reported else None,
        load_before=load_before,
    )


def build_env(extra: dict | None = None) -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "COMPENDIUM_PDF": "0", **(extra or {})}


def mkdocs_build(project: Path, site_dir: Path, env: dict) -> Run:
    if site_dir.exists():
        shutil.rmtree(site_dir)
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(site_dir),
    ]
    return run_measured(cmd, project, env)


# ----------------------------------------------------------------------------------------
# The plain-Markdown baseline


def _config(project: Path) -> dict:
    from mkdocs.utils.yaml import get_yaml_loader  # resolves !ENV like mkdocs does

    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())


def edit_base(config: dict) -> str | None:
    """Where the edit links of records point, as the hook computes it."""
    repo_url, edit_uri = config.get("repo_url"), config.get("edit_uri")
    return f"{repo_url.rstrip('/')}/{edit_uri.strip('/')}/" if repo_url and edit_uri else None


def _plain(value):
    """Configuration values as plain YAML-able data."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass
class HookRun:
    config: object  # MkDocsConfig after the hook's on_config
    files: list  # the files the hook generated (pages, feed, images)
    on_config_s: float
    on_files_s: float
    source_date_epoch: str | None


def run_hook(project: Path, profiler: cProfile.Profile | None = None) -> HookRun:
    """What the hook does in `mkdocs build`, in this process: MkDocs' own configuration of
    the project, then the startup, config and files events of its plugins (the hook among
    them), as `mkdocs build` runs them. The environment is left as it was."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    config = load_config(config_file=str(project / "mkdocs.yml"))
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        config.plugins.on_startup(command="build", dirty=False)
        if profiler:
            profiler.enable()
        start = time.perf_counter()
        config = config.plugins.on_config(config)
        middle = time.perf_counter()
        files = config.plugins.on_files(Files([]), config=config)
        end = time.perf_counter()
        if profiler:
            profiler.disable()
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        config.plugins.on_shutdown()
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    generated = [f for f in files if f.generated_by]
    return HookRun(config, generated, middle - start, end - middle, epoch)


def write_baseline(corpus: Path, target: Path) -> tuple[dict, HookRun]:
    """A project of plain files: everything the hook adds in memory (pages, feed, images),
    written to docs/, and what it sets in the configuration, written to mkdocs.yml.
    Returns the environment the build needs and the hook's run."""
    hook = run_hook(corpus)
    shutil.copytree(corpus / "docs", target / "docs")
    shutil.copytree(corpus / "overrides", target / "overrides")
    for file in hook.files:
        path = target / "docs" / file.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.content_bytes)
    config = _config(corpus)
    config.pop("hooks", None)
    config.pop("watch", None)
    for key in ("nav", "copyright", "extra"):
        value = _plain(hook.config[key])
        if value is not None:
            config[key] = value
    (target / "mkdocs.yml").write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    extra = {"SOURCE_DATE_EPOCH": hook.source_date_epoch} if hook.source_date_epoch else {}
    return build_env(extra), hook


# ----------------------------------------------------------------------------------------
# Output sizes


def tree_size(path: Path) -> tuple[int, int]:
    total = files = 0
    for root, _, names in os.walk(path):
        for name in names:
            total += os.path.getsize(os.path.join(root, name))
            files += 1
    return total, files


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


_ARTICLE = re.compile(rb"<article\b.*?</article>", re.DOTALL)


@dataclass
class Sizes:
    site_bytes: int
    site_files: int
    index_raw: int
    index_gzip: int
    index_docs: int
    case_pages: int
    case_median_raw: int
    case_median_gzip: int
    case_max_raw: int
    case_chrome_median: int  # the page around the article: header, navigation, footer
    largest_page: str
    largest_page_raw: int
    largest_page_gzip: int


def measure_sizes(site: Path, sample: int = 300) -> Sizes:
    import json

    site_bytes, site_files = tree_size(site)
    index = (site / "search" / "search_index.json").read_bytes()
    docs = len(json.loads(index).get("docs", []))
    cases = sorted(p for p in (site / "practices").glob("*/index.html"))
    step = max(1, len(cases) // sample)
    chosen = cases[::step]
    raws, gzips, chromes = [], [], []
    for path in chosen:
        data = path.read_bytes()
        raws.append(len(data))
        gzips.append(gz(data))
        article = _ARTICLE.search(data)
        chromes.append(len(data) - (len(article.group(0)) if article else 0))
    largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    largest_data = largest.read_bytes()
    return Sizes(
        site_bytes,
        site_files,
        len(index),
        gz(index),
        docs,
        len(cases),
        int(statistics.median(raws)),
        int(statistics.median(gzips)),
        max(p.stat().st_size for p in cases),
        int(statistics.median(chromes)),
        largest.relative_to(site).parent.as_posix() + "/",
        len(largest_data),
        gz(largest_data),
    )


# ----------------------------------------------------------------------------------------
# One corpus


@dataclass
class Result:
    size: int
    published: int
    practices: int
    generate_s: float
    data_mb: float
    validate_s: float
    validate_cpu_s: float
    validate_runs: list[float]
    hook_s: float  # the hook's on_config and on_files, in process: what MkDocs waits for
    render_s: float  # render_site in process, serially: the work the build's worker overlaps
    pages: int
    ours: list[Run] = field(default_factory=list)
    baseline: list[Run] = field(default_factory=list)
    sizes: Sizes | None = None
    baseline_sizes: Sizes | None = None

    @staticmethod
    def best(runs: list[Run], attr: str) -> float:
        return min(getattr(r, attr) for r in runs)

    @property
    def ours_wall(self) -> float:
        return self.best(self.ours, "wall_s")

    @property
    def base_wall(self) -> float:
        return self.best(self.baseline, "wall_s")

    @property
    def ours_cpu(self) -> float:
        return self.best(self.ours, "cpu_s")

    @property
    def base_cpu(self) -> float:
        return self.best(self.baseline, "cpu_s")

    @property
    def ours_rss(self) -> float:
        return max(r.maxrss_mb for r in self.ours)

    @property
    def base_rss(self) -> float:
        return max(r.maxrss_mb for r in self.baseline)


def measure_corpus(size: int, work: Path, repeat: int) -> Result:
    corpus_dir = work / f"corpus-{size}"
    log(f"{size}: generating the corpus in {corpus_dir}")
    start = time.perf_counter()
    corpus = generate(corpus_dir, size, SEED)
    generate_s = time.perf_counter() - start
    data_mb = tree_size(corpus_dir / "data")[0] / 1e6

    log(f"{size}: validating ({repeat} run(s))")
    runs, cpus = [], []
    compendium = None
    for _ in range(repeat):
        compendium = None
        start, cpu = time.perf_counter(), time.process_time()
        compendium = build_compendium(corpus_dir)
        runs.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    assert len(compendium.records) == len(corpus.published), "the corpus lost records"

    published = len(compendium.records)
    log(f"{size}: rendering every page in process (what the build's worker does)")
    start = time.perf_counter()
    render_site(Site(compendium))
    render_s = time.perf_counter() - start
    del compendium
    log(f"{size}: running the hook in process and writing the plain-Markdown baseline")
    baseline_dir = work / f"baseline-{size}"
    baseline_env, hook = write_baseline(corpus_dir, baseline_dir)
    hook_s = hook.on_config_s + hook.on_files_s
    pages = sum(1 for f in hook.files if f.src_uri.endswith(".md"))
    del hook
    result = Result(
        size,
        published,
        len(corpus.practices),
        generate_s,
        data_mb,
        min(runs),
        min(cpus),
        runs,
        hook_s,
        render_s,
        pages,
    )

    ours_site, base_site = work / f"site-{size}", work / f"baseline-site-{size}"
    for attempt in range(repeat):
        for label, project, site, env, runs_list in (
            ("ours", corpus_dir, ours_site, build_env(), result.ours),
            ("baseline", baseline_dir, base_site, baseline_env, result.baseline),
        ):
            log(f"{size}: mkdocs build --strict, {label} ({attempt + 1}/{repeat}); load {load_average()}")
            run = mkdocs_build(project, site, env)
            if not run.ok:
                raise SystemExit(f"the {label} build of {size} records failed:\n{run.output[-4000:]}")
            log(f"{size}: {label}: {run.wall_s:.1f} s wall, {run.cpu_s:.1f} s CPU, {run.maxrss_mb:.0f} MB")
            runs_list.append(run)
    result.sizes = measure_sizes(ours_site)
    result.baseline_sizes = measure_sizes(base_site)
    shutil.rmtree(ours_site)
    shutil.rmtree(base_site)
    shutil.rmtree(baseline_dir)
    return result


# ----------------------------------------------------------------------------------------
# Profile of the hook's work


def profile_hook(corpus_dir: Path, top: int = 25) -> tuple[str, str, dict]:
    """cProfile of the hook's on_config and on_files: build_compendium, the pages and the rest.
    Pages are rendered in process here, so that the profile holds the worker's work too."""
    profiler = cProfile.Profile()
    can_fork = compendium.background.can_fork
    compendium.background.can_fork = lambda: False
    try:
        run_hook(corpus_dir, profiler)
    finally:
        compendium.background.can_fork = can_fork
    stats = pstats.Stats(profiler)
    total = stats.total_tt

    def table(sort: str, count: int) -> str:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(count)
        text = out.getvalue()
        text = text.replace(str(REPO / "src") + "/", "").replace(str(REPO) + "/", "")
        text = re.sub(r"\S*/site-packages/", "", text)
        text = re.sub(r"\S*/lib/python3\.\d+/", "", text)
        lines = text.splitlines()
        head = next(i for i, line in enumerate(lines) if line.strip().startswith("ncalls"))
        return "\n".join(line.rstrip() for line in lines[head:] if line.strip())

    shares = {}
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():
        key = f"{Path(filename).name}:{name}"
        if key in {
            "load.py:read_yaml",
            "typed.py:typed_model",
            "check.py:_assemble",
            "background.py:render_pages",
            "check.py:build_compendium",
            "check.py:_rule_text",
            "load.py:_walk",
            "render.py:render_page",
            "compendium_hook.py:on_config",
            "compendium_hook.py:on_files",
        }:
            shares[key] = shares.get(key, 0) + cumulative
    shares["total"] = total
    areas: dict[str, float] = {}
    for (filename, _, name), (_, _, tottime, _, _) in stats.stats.items():
        area = _area(filename, name)
        areas[area] = areas.get(area, 0) + tottime
    shares["areas"] = dict(sorted(areas.items(), key=lambda kv: -kv[1]))
    return table("cumulative", top), table("tottime", 15), shares


def _area(filename: str, name: str) -> str:
    """Which part of the work a profiled function belongs to, by its own time."""
    path = filename.replace("\\", "/")
    if filename == "~":  # a C function or method
        if "_yaml" in name:
            return "libyaml (C)"
        if "pydantic" in name:
            return "pydantic (validation of the typed records)"
        if "re.Pattern" in name or "_sre" in name:
            return "regular expressions (C)"
        return "other C functions (str, dict, os...)"
    if "/yaml/" in path:
        if any(path.endswith(f"/yaml/{m}.py") for m in ("scanner", "parser", "reader")):
            return "PyYAML scanner and parser (pure Python)"
        return "PyYAML composer and constructor (Python)"
    if "/jinja2/" in path or "/templates/" in path or path.startswith("<template>"):
        return "Jinja2 (templates)"
    if "/pydantic" in path:
        return "pydantic (validation of the typed records)"
    for module, label in (
        ("load.py", "compendium.load (positions, checks of the text)"),
        ("check.py", "compendium.check (rules, assembly)"),
        ("typed.py", "compendium.typed"),
        ("render.py", "compendium.render (pages, links)"),
    ):
        if path.endswith("/compendium/" + module):
            return label
    if path.endswith(("posixpath.py", "genericpath.py")) or "posixpath" in path:
        return "posixpath (relative links)"
    if "/mkdocs/" in path or "/material/" in path or path.endswith("compendium_hook.py"):
        return "MkDocs, Material and the hook itself"
    return "other Python"


def validation_memory(corpus_dir: Path) -> tuple[float, float]:
    """Python memory (tracemalloc) at the peak of build_compendium and held by its result, in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        compendium = build_compendium(corpus_dir)
        gc.collect()
        live, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del compendium
    return peak / 2**20, live / 2**20


# ----------------------------------------------------------------------------------------
# `mkdocs serve` rebuild after a one-record edit


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


# ----------------------------------------------------------------------------------------
# The report


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "markdown": version("markdown"),
        "pydantic": version("pydantic"),
        "pyyaml": version("pyyaml")
        + (" (libyaml available)" if getattr(yaml, "__with_libyaml__", False) else " (no libyaml)"),
        "jinja2": version("jinja2"),
    }


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**pass**" if ok else "**FAIL**")


def write_report(
    out: Path,
    results: list[Result],
    profile: tuple | None,
    serve: dict | None,
    loaders: dict | None,
    info: dict,
    started: datetime.datetime,
    elapsed: float,
    loads: tuple[str, str],
    command: str,
    errors: list[str] | None = None,
) -> list[tuple]:
    by_size = {r.size: r for r in results}
    r1k = by_size.get(1000)
    r10k = by_size.get(10000)
    lines: list[str] = []
    add = lines.append

    add("# Benchmarks: scale and speed")
    add("")
    add(
        f"Written by `{command}` on {started:%Y-%m-%d %H:%M} UTC from a real run of the current code "
        f"({elapsed / 60:.1f} minutes in all). Do not edit by hand: run it again."
    )
    add("")
    add("## Machine")
    add("")
    add(f"- {info['nproc']} CPUs: {info['cpu']}; RAM {info['ram']}; {info['os']}")
    add(
        f"- Python {info['python']}, MkDocs {info['mkdocs']}, Material {info['material']}, Python-Markdown {info['markdown']}, "
        f"pydantic {info['pydantic']}, PyYAML {info['pyyaml']}, Jinja2 {info['jinja2']}"
    )
    add(
        f"- Code measured: fingerprint `{info['code']}` (SHA-256 of src/, hooks/, overrides/, docs/ and mkdocs.yml, "
        f"first 12 digits){' at the start and the end of the run' if info.get('code_end') == info['code'] else ''}"
    )
    add(
        f"- Load average (1, 5, 15 min) at the start: {loads[0]}; at the end: {loads[1]}. "
        "Other work on the machine inflates wall times; CPU times and the ratio to the baseline, "
        "measured back to back, are steadier."
    )
    add("")

    if errors:
        add("## Steps that failed")
        add("")
        add("These steps failed in this run; their figures are missing below.")
        add("")
        for error in errors:
            add("```text")
            add(error)
            add("```")
            add("")
    if not results:
        out.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
        return []
    largest, smallest = results[-1], results[0]

    add("## What is measured")
    add("")
    add(
        f"Corpora of {', '.join(f'{r.size:,}' for r in results)} records are generated by `bench/corpus.py` (seed {SEED}) "
        "in a temporary folder outside the repository, with the real registries of `data/` and copies of "
        "`mkdocs.yml`, `hooks/`, `overrides/` and `docs/`. Records follow the edition's proportions: 88% in "
        "chapters 1-9 (practices 38%, discussion 31%, surveys, WCO tool excerpts, One Step Forward, highlights, "
        "text), the rest front matter, annex text, report examples, surveys and events; prose made of the real "
        "records' sentences (a few hundred to a few thousand characters, lists, some subheadings), tables, "
        "survey figures, [[glossary]] references, 1-5 tags, 0-4 related ids (70% in the same chapter), "
        "citations, named and anonymous members, figures (missing and present), contacts and 2% drafts. "
        "`build_compendium` accepts every corpus."
    )
    add("")
    add("- **Validation**: `build_compendium(corpus)` in the benchmark's process (best of the runs).")
    add(
        "- **Build**: `mkdocs build --strict` in a subprocess with `NO_MKDOCS_2_WARNING=1` and `COMPENDIUM_PDF=0` "
        "(the PDF is left out, as in an editor's preview). Wall time includes starting Python; CPU time "
        "(user + system) and peak memory (max RSS) are the build process's own, from `os.wait4`."
    )
    add(
        "- **Hook's work**: the hook's own `on_config` (validation, starting the worker that renders the pages, "
        "navigation) and `on_files`, run in the benchmark's process on the corpus's configuration: what MkDocs "
        "waits for before its first page. **Rendering**: `render_site` in the benchmark's process, one page after "
        "another: the work the build's forked worker does while MkDocs converts the first pages (`background.py`)."
    )
    add(
        "- **Baseline**: the very files the hook generates (the pages `render_site` produces, the feed, images), "
        "written to `docs/`, and what it sets in the configuration (navigation from `site_nav`, copyright, extra), "
        "written to `mkdocs.yml`: built with the same theme, overrides, plugins and Markdown extensions but no hook. "
        "Ours and the baseline run back to back, alternating; the best run of each is kept."
    )
    add(
        f"- **Sizes**: the whole `site/`, `search/search_index.json` raw and gzip (level {GZIP_LEVEL}), case pages "
        "(`practices/<id>/`) raw and gzip: the median over up to 300 pages, and the median of their chrome "
        "(everything outside the page's `<article>`: header, navigation, footer)."
    )
    add("")

    # Goals
    goals: list[tuple] = []
    for r in results:
        overhead = r.ours_wall / r.base_wall - 1
        overhead_cpu = r.ours_cpu / r.base_cpu - 1
        goals.append(
            (
                f"Data layer adds at most 10% to the plain-Markdown build ({r.size:,} records)",
                f"+{overhead:.0%} wall, +{overhead_cpu:.0%} CPU",
                overhead <= GOALS["overhead"],
            )
        )
    if r10k:
        goals.append(
            (
                "Validation of 10,000 records under 5 s",
                f"{r10k.validate_s:.1f} s",
                r10k.validate_s < GOALS["validation_10k_s"],
            )
        )
        goals.append(
            (
                "Full build of 10,000 records under 120 s",
                f"{r10k.ours_wall:.0f} s wall ({r10k.ours_cpu:.0f} s CPU)",
                r10k.ours_wall < GOALS["build_10k_s"],
            )
        )
        goals.append(
            (
                "Peak memory of the 10,000-record build under 1.5 GB",
                f"{r10k.ours_rss:,.0f} MB",
                r10k.ours_rss < GOALS["memory_10k_mb"],
            )
        )
    else:
        goals.append(("10,000-record goals", "not run (no 10,000 corpus in --sizes)", None))
    if len(results) > 1:
        drift = largest.sizes.case_median_raw / smallest.sizes.case_median_raw - 1
        chrome = largest.sizes.case_chrome_median / smallest.sizes.case_chrome_median - 1
        goals.append(
            (
                f"Case page size independent of record count ({smallest.size:,} -> {largest.size:,})",
                f"median {mb(smallest.sizes.case_median_raw)} -> {mb(largest.sizes.case_median_raw)} ({drift:+.1%}); "
                f"chrome {mb(smallest.sizes.case_chrome_median)} -> {mb(largest.sizes.case_chrome_median)} ({chrome:+.1%})",
                abs(drift) <= GOALS["case_page_drift"] and abs(chrome) <= 0.02,
            )
        )
    if r1k and r10k:
        growth = (r10k.ours_wall / r10k.size) / (r1k.ours_wall / r1k.size) - 1
        growth_cpu = (r10k.ours_cpu / r10k.size) / (r1k.ours_cpu / r1k.size) - 1
        goals.append(
            (
                "Build time per record at 10,000 within 20% of that at 1,000",
                f"{r1k.ours_wall / r1k.size * 1000:.1f} -> {r10k.ours_wall / r10k.size * 1000:.1f} ms/record ({growth:+.0%} wall, {growth_cpu:+.0%} CPU)",
                growth <= GOALS["per_record_growth"],
            )
        )
    add("## Goals (2-core machine)")
    add("")
    add("| Goal | Measured | Result |")
    add("| --- | --- | --- |")
    for name, measured, ok in goals:
        add(f"| {name} | {measured} | {verdict(ok)} |")
    add("")

    # Summary table
    add("## All corpora")
    add("")
    head = "| | " + " | ".join(f"{r.size:,} records" for r in results) + " |"
    add(head)
    add("| --- |" + " ---: |" * len(results))

    def row(label: str, values):
        add(f"| {label} | " + " | ".join(values) + " |")

    row("Published records (practices)", [f"{r.published:,} ({r.practices:,})" for r in results])
    row("Validation (build_compendium)", [f"{r.validate_s:.2f} s" for r in results])
    row("Hook's work before MkDocs' first page", [f"{r.hook_s:.2f} s" for r in results])
    row("Rendering, done alongside MkDocs by the worker", [f"{r.render_s:.2f} s" for r in results])
    row("Build, ours (wall / CPU)", [f"{r.ours_wall:.1f} s / {r.ours_cpu:.1f} s" for r in results])
    row(
        "Build, plain-Markdown baseline (wall / CPU)",
        [f"{r.base_wall:.1f} s / {r.base_cpu:.1f} s" for r in results],
    )
    row(
        "Ratio ours / baseline (wall / CPU)",
        [f"{r.ours_wall / r.base_wall:.2f} / {r.ours_cpu / r.base_cpu:.2f}" for r in results],
    )
    row("Build per record, ours (wall)", [f"{r.ours_wall / r.size * 1000:.1f} ms" for r in results])
    row("Peak memory, ours / baseline", [f"{r.ours_rss:,.0f} / {r.base_rss:,.0f} MB" for r in results])
    row("Search index (raw / gzip)", [f"{mb(r.sizes.index_raw)} / {mb(r.sizes.index_gzip)}" for r in results])
    row(
        "Median case page (raw / gzip)",
        [f"{mb(r.sizes.case_median_raw)} / {mb(r.sizes.case_median_gzip)}" for r in results],
    )
    row("Output (site/)", [f"{mb(r.sizes.site_bytes)}, {r.sizes.site_files:,} files" for r in results])
    add("")

    for r in results:
        s = r.sizes
        add(f"### {r.size:,} records")
        add("")
        add("| Measure | Value |")
        add("| --- | --- |")
        add(
            f"| Record files (published, practices) | {r.size:,} ({r.published:,}, {r.practices:,}); data/ {r.data_mb:.1f} MB |"
        )
        add(f"| Generation | {r.generate_s:.1f} s |")
        add(
            f"| Validation, `build_compendium` | {r.validate_s:.2f} s wall, {r.validate_cpu_s:.2f} s CPU (runs: {', '.join(f'{x:.2f}' for x in r.validate_runs)} s) |"
        )
        add(
            f"| Hook's work, `on_config` + `on_files` ({r.pages:,} Markdown pages) | {r.hook_s:.2f} s before MkDocs' first page; rendering the pages {r.render_s:.2f} s, in the worker alongside MkDocs |"
        )
        add(
            f"| `mkdocs build --strict`, ours | {', '.join(f'{x.wall_s:.1f} s' for x in r.ours)} wall; best {r.ours_wall:.1f} s wall, {r.ours_cpu:.1f} s CPU; "
            f"MkDocs reports {min(x.reported_s or 0 for x in r.ours):.1f} s; load before: {', '.join(x.load_before for x in r.ours)} |"
        )
        add(
            f"| Same pages, plain Markdown, no hook | {', '.join(f'{x.wall_s:.1f} s' for x in r.baseline)} wall; best {r.base_wall:.1f} s wall, {r.base_cpu:.1f} s CPU; "
            f"MkDocs reports {min(x.reported_s or 0 for x in r.baseline):.1f} s |"
        )
        add(
            f"| Ratio ours / baseline | {r.ours_wall / r.base_wall:.2f} wall, {r.ours_cpu / r.base_cpu:.2f} CPU |"
        )
        add(f"| Peak memory (max RSS) | ours {r.ours_rss:,.0f} MB, baseline {r.base_rss:,.0f} MB |")
        add(f"| Output | {mb(s.site_bytes)} in {s.site_files:,} files |")
        add(f"| Search index | {mb(s.index_raw)} raw, {mb(s.index_gzip)} gzip, {s.index_docs:,} entries |")
        add(
            f"| Case pages ({s.case_pages:,}) | median {mb(s.case_median_raw)} raw, {mb(s.case_median_gzip)} gzip; largest {mb(s.case_max_raw)}; chrome {mb(s.case_chrome_median)} |"
        )
        add(
            f"| Largest page | `{s.largest_page}` {mb(s.largest_page_raw)} raw, {mb(s.largest_page_gzip)} gzip |"
        )
        add("")

    if serve is not None:
        add("## `mkdocs serve`: rebuild after a one-record edit")
        add("")
        measured = [(mode, serve[mode]) for mode in ("dirty", "full") if serve.get(mode, {}).get("rebuilds")]
        for mode in ("dirty", "full"):
            if mode in serve and not serve[mode].get("rebuilds"):
                add(
                    f"`mkdocs serve{' --dirty' if mode == 'dirty' else ''}`: not measured: {serve[mode].get('error')}"
                )
                add("")
        if measured:
            edited = measured[0][1]["edited"]
            add(
                f"On the {serve['size']:,}-record corpus, `mkdocs serve --dirty` (as `./dev serve` runs it), then plain "
                f"`mkdocs serve`, each on its own port. After the first build, `{edited}` was edited (one line added "
                "to its body), twice; after each rebuild the benchmark fetched the case's page from the server."
            )
            add("")
            add(
                "| Command | First build (MkDocs' figure) | Edit | Change detected after | Rebuilt after | MkDocs reports | Edit shown on the page |"
            )
            add("| --- | ---: | --- | ---: | ---: | ---: | --- |")
            for mode, run in measured:
                command_name = "`mkdocs serve --dirty`" if mode == "dirty" else "`mkdocs serve`"
                for n, rb in enumerate(run["rebuilds"], 1):
                    first = f"{run['initial_reported_s']:.1f} s" if n == 1 else ""
                    shown = {True: "yes", False: "**no**", None: "not checked"}[rb.get("shown")]
                    add(
                        f"| {command_name if n == 1 else ''} | {first} | {n} | {rb['detected_after_s']:.1f} s | "
                        f"{rb['built_after_s']:.1f} s | {rb['reported_s']:.1f} s | {shown} |"
                    )
            add("")
            add(
                "With `--dirty`, the hook still reads and checks all of `data/` and renders every page (in process: "
                "the live-reload server runs threads, so nothing is forked), then tells MkDocs which pages' text "
                "changed, and MkDocs converts and writes only those. Plain `mkdocs serve` converts every page again, "
                "like a full build."
            )
        add("")

    if profile is not None:
        cumulative, tottime, shares = profile
        total = shares["total"]
        add(f"## Where the hook's time goes ({largest.size:,} records)")
        add("")
        add(
            f"cProfile of the hook's `on_config` + `on_files` on the {largest.size:,}-record corpus: {total:.1f} s "
            "under the profiler (which slows Python code several times; the unprofiled figures are above)."
        )
        add("")

        def share(key: str) -> str:
            return f"{shares.get(key, 0):.1f} s ({shares.get(key, 0) / total:.0%})"

        add(
            f"- `compendium_hook.on_config` (all of the below): {share('compendium_hook.py:on_config')}; `on_files`: {share('compendium_hook.py:on_files')}"
        )
        add(f"- `check.build_compendium` (validation): {share('check.py:build_compendium')}")
        add(f"- `load.read_yaml` (reading YAML with positions): {share('load.py:read_yaml')}")
        add(f"- `typed.typed_model` (pydantic): {share('typed.py:typed_model')}")
        add(f"- `check._rule_text` (glossary, raw HTML and link checks): {share('check.py:_rule_text')}")
        add(f"- `check._assemble`: {share('check.py:_assemble')}")
        add(
            f"- `background.render_pages` (Jinja2 templates to Markdown; in the worker during a build): {share('background.py:render_pages')}"
        )
        add("")
        add("Top functions by cumulative time:")
        add("")
        add("```text")
        add(cumulative)
        add("```")
        add("")
        add("Top functions by own time:")
        add("")
        add("```text")
        add(tottime)
        add("```")
        add("")

    if profile is not None:
        areas, total = profile[2]["areas"], profile[2]["total"]
        add("Own time by area:")
        add("")
        add("| Area | Own time under the profiler | Share |")
        add("| --- | ---: | ---: |")
        for area, seconds in areas.items():
            if seconds / total >= 0.005:
                add(f"| {area} | {seconds:.1f} s | {seconds / total:.0%} |")
        add("")

    if loaders and loaders.get("available"):
        project = loaders["mode"] == "project"
        add("## YAML: libyaml against the pure-Python parser")
        add("")
        if project:
            add(
                "`compendium.load` composes YAML with libyaml (`_CLoader`), falling back to PyYAML's pure-Python "
                "parser for files that may hold an anchor or do not parse, so editors' messages stay the same. "
                "`bench/experiments.py` compares that with the pure-Python parser forced (`_CLoader = None`)."
            )
        else:
            add(
                "`compendium.load` reads YAML with PyYAML's pure-Python parser. `bench/experiments.py` compares it with "
                "a prototype drop-in for `load._Loader` that lets libyaml (C) scan and parse while composition, the "
                "anchor check, the position walk and construction stay in Python."
            )
        add("")
        add(
            f"- Reading the {loaders['size']:,}-record corpus ({loaders['files']:,} files): pure Python "
            f"{loaders['python_s']:.2f} s, libyaml {loaders['libyaml_s']:.2f} s "
            f"({loaders['python_s'] / loaders['libyaml_s']:.1f}x); documents identical (data, positions, lines, "
            f"styles): {'yes' if loaders['identical'] else 'NO'}."
        )
        if loaders.get("validate_other_s") is not None:
            r = by_size[loaders["largest"]]
            python_s, libyaml_s = (
                (loaders["validate_other_s"], r.validate_s)
                if project
                else (r.validate_s, loaders["validate_other_s"])
            )
            add(
                f"- `build_compendium` of the {r.size:,}-record corpus: {python_s:.1f} s with the pure-Python parser, "
                f"{libyaml_s:.1f} s with libyaml{' (as the project runs it, measured above)' if project else ' (prototype)'}."
            )
        add("")

    rendering = (loaders or {}).get("render")
    if rendering and rendering.get("applicable"):
        add("## Prototype: relative links through a cache")
        add("")
        add(
            f"`render_site` of the {loaders['largest']:,}-record corpus makes {rendering['links']:,} relative links "
            f"({rendering['distinct']:,} distinct) with `posixpath.relpath`, which calls `os.getcwd()` twice per link. "
            f"With `Page.href` going through an `lru_cache` of `relpath`: {rendering['current_s']:.2f} s -> "
            f"{rendering['cached_s']:.2f} s; pages identical: {'yes' if rendering['identical'] else 'NO'}."
        )
        add("")

    if info.get("edition_lines"):
        lines.extend(info["edition_lines"])
    add("## Reading")
    add("")
    for paragraph in reading(results, profile, serve, loaders, info.get("validation_memory")):
        add(paragraph)
        add("")
    out.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return goals


def reading(results: list[Result], profile, serve, loaders, memory=None) -> list[str]:
    """Plain statements drawn from this run's figures."""
    out = []
    largest = results[-1]
    out.append(
        f"- At {largest.size:,} records MkDocs waits {largest.hook_s:.1f} s for the hook before its first page, nearly all "
        f"of it validation ({largest.validate_s:.1f} s); rendering the pages ({largest.render_s:.1f} s in one process) runs "
        f"in the forked worker while MkDocs converts the first ones. The build takes {largest.ours_wall:.1f} s wall "
        f"({largest.ours_wall - largest.base_wall:+.1f} s over the {largest.base_wall:.1f} s plain-Markdown baseline) and "
        f"{largest.ours_cpu:.1f} s CPU, the worker's included ({largest.ours_cpu - largest.base_cpu:+.1f} s). "
        "The rest is MkDocs and Material: Markdown to HTML, the theme around every page, and the search index."
    )
    if profile is not None:
        shares = profile[2]
        total = shares["total"]
        top = list(shares["areas"].items())[:3]
        out.append(
            f"- Under the profiler, validation (`build_compendium`) is {shares.get('check.py:build_compendium', 0) / total:.0%} "
            f"of the hook's time, of which reading YAML (`load.read_yaml`) {shares.get('load.py:read_yaml', 0) / total:.0%}; "
            f"rendering (`render_pages`) {shares.get('background.py:render_pages', 0) / total:.0%}. By own time the largest areas are "
            + ", ".join(f"{area} {seconds / total:.0%}" for area, seconds in top)
            + ". Rendering time goes to the pages that list every record (the explorer, chapters, topics, "
            "what's new): Jinja2 macro calls and a link for each record."
        )
    if (
        loaders
        and loaders.get("available")
        and loaders.get("validate_other_s") is not None
        and loaders.get("largest") == largest.size
    ):
        other = loaders["validate_other_s"]
        if loaders["mode"] == "project":
            out.append(
                f"- libyaml makes validation of {largest.size:,} records {largest.validate_s:.1f} s instead of {other:.1f} s "
                f"with the pure-Python parser ({other / largest.validate_s:.1f}x)."
            )
        else:
            overhead = max(0.0, largest.ours_wall - largest.base_wall - (largest.validate_s - other))
            out.append(
                f"- With the libyaml prototype, validation of {largest.size:,} records would take {other:.1f} s instead of "
                f"{largest.validate_s:.1f} s, and the data layer's overhead over the baseline would fall from "
                f"{largest.ours_wall - largest.base_wall:.1f} s to about {overhead:.1f} s ({overhead / largest.base_wall:.0%})."
            )
    if len(results) > 1:
        per = [(r.size, r.ours_wall / r.size * 1000, r.base_wall / r.size * 1000) for r in results]
        (n1, a1, b1), (n2, a2, b2) = per[-2], per[-1]
        out.append(
            "- Build time per record, ours / baseline: "
            + ", ".join(f"{n:,}: {a:.1f} / {b:.1f} ms" for n, a, b in per)
            + ". Small corpora pay fixed costs (starting Python, imports, the theme); from "
            f"{n1:,} to {n2:,} records the cost per record changes by {a2 / a1 - 1:+.0%} for ours and "
            f"{b2 / b1 - 1:+.0%} for the baseline."
        )
    out.append(
        f"- Peak memory at {largest.size:,} records: {largest.ours_rss:,.0f} MB with the hook against {largest.base_rss:,.0f} MB "
        "for the same pages as files."
        + (
            f" Validation alone peaks at {memory[0]:,.0f} MB of Python objects (tracemalloc) and keeps {memory[1]:,.0f} MB "
            "(the compendium): until it ends, every record's document (its data, the line and column of each key and "
            "value, the file's lines) is held at once. Python keeps freed memory for reuse, so the peak stays in the "
            "build's resident size, and the generated Markdown is held for the whole build."
            if memory
            else ""
        )
    )
    dirty, full = (serve or {}).get("dirty", {}), (serve or {}).get("full", {})
    if dirty.get("rebuilds") and full.get("rebuilds"):
        fastest = min(rb["built_after_s"] for rb in dirty["rebuilds"])
        slowest = max(rb["built_after_s"] for rb in dirty["rebuilds"])
        plain = min(rb["built_after_s"] for rb in full["rebuilds"])
        out.append(
            f"- Under `./dev serve` (`mkdocs serve --dirty`) an edited record of the {serve['size']:,}-record corpus is "
            f"on the page {fastest:.1f}-{slowest:.1f} s after it is saved, against {dirty['initial_reported_s']:.1f} s for the "
            f"first build and {plain:.1f} s with plain `mkdocs serve`. What remains is the hook checking all of `data/` "
            "and rendering every page to find the changed ones, and MkDocs' work around the pages (configuration, "
            "navigation, search index, sitemap)."
        )
    sizes = [(r.size, r.sizes) for r in results]
    out.append(
        "- The search index grows with the corpus ("
        + ", ".join(f"{n:,}: {mb(s.index_raw)} raw / {mb(s.index_gzip)} gzip" for n, s in sizes)
        + "); every reader's browser downloads and indexes it on first search. Chapter pages and the explorer "
        "(which list every record of a chapter, or all of them) grow the same way: largest page "
        + ", ".join(f"{n:,}: {mb(s.largest_page_raw)}" for n, s in sizes)
        + "."
    )
    return out


# ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="100,1000,10000", help="comma-separated record counts (default 100,1000,10000)"
    )
    parser.add_argument(
        "--out", default=str(REPO / "BENCHMARKS.md"), help="report to write (default BENCHMARKS.md)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs per measurement (default: 7 up to 100 records, 3 up to 1,000, then 2)",
    )
    parser.add_argument("--no-serve", action="store_true", help="skip the `mkdocs serve` rebuild measurement")
    parser.add_argument("--no-profile", action="store_true", help="skip the profile of the hook's work")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary corpora (their folder is printed)"
    )
    args = parser.parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    out = Path(args.out).resolve()
    command = ".venv/bin/python bench/run.py" + (
        f" --sizes {args.sizes}" if args.sizes != "100,1000,10000" else ""
    )

    started = datetime.datetime.now(datetime.UTC)
    clock = time.perf_counter()
    load_start = load_average()
    info = machine()
    info["code"] = code_fingerprint()
    work = Path(tempfile.mkdtemp(prefix="compendium-bench-"))
    log(f"working in {work}; load average {load_start}")
    results: list[Result] = []
    profile = serve = loaders = memory = None
    errors: list[str] = []

    def failed(step: str, error: BaseException) -> None:
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        errors.append(f"{step}: {detail[-3000:]}")
        log(f"{step} failed: {detail[-500:]}")

    try:
        for size in sizes:
            repeat = args.repeat or (7 if size <= 100 else 3 if size <= 1000 else 2)
            try:
                results.append(measure_corpus(size, work, repeat))
            except (Exception, SystemExit) as error:  # a failed build ends the run, with a report
                failed(f"{size:,} records", error)
                break
        done = [r.size for r in results]
        if done:
            serve_size = min(done, key=lambda n: abs(n - 1000))
            try:
                log(f"{serve_size}: YAML, libyaml against pure Python (bench/experiments.py)")
                loaders = compare_loaders(work / f"corpus-{serve_size}" / "data" / "cases")
                loaders["size"] = serve_size
                loaders["largest"] = done[-1]
                compendium = None
                if loaders.get("available"):
                    loaders["validate_other_s"], compendium = validate_other(work / f"corpus-{done[-1]}")
            except Exception as error:
                failed("YAML comparison", error)
                compendium = None
            if compendium is not None:
                try:
                    log(f"{done[-1]}: links (bench/experiments.py)")
                    loaders["render"] = render_with_cached_relpath(
                        compendium, edit_base(_config(work / f"corpus-{done[-1]}"))
                    )
                except Exception as error:
                    failed("links comparison", error)
                del compendium
            if not args.no_serve:
                serve = {"size": serve_size}
                for mode, dirty in (("dirty", True), ("full", False)):
                    log(f"{serve_size}: mkdocs serve{' --dirty' if dirty else ''}, one-record edits")
                    try:
                        serve[mode] = measure_serve(work / f"corpus-{serve_size}", dirty)
                        if "error" in serve[mode]:
                            failed(f"mkdocs serve ({mode})", RuntimeError(serve[mode]["error"]))
                    except Exception as error:
                        failed(f"mkdocs serve ({mode})", error)
            try:
                log(f"{done[-1]}: memory of validation (tracemalloc)")
                memory = validation_memory(work / f"corpus-{done[-1]}")
            except Exception as error:
                failed("memory of validation", error)
            try:
                from bench.edition import measure_edition, report_lines

                log("the real edition: compendium build, PDF, budgets")
                info["edition_lines"] = report_lines(measure_edition())
            except Exception as error:
                failed("the real edition", error)
            if not args.no_profile:
                log(f"{done[-1]}: profiling the hook's work")
                try:
                    profile = profile_hook(work / f"corpus-{done[-1]}")
                except Exception as error:
                    failed("profile", error)
    finally:
        if args.keep:
            log(f"corpora kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - clock
    info["code_end"] = code_fingerprint()
    if info["code_end"] != info["code"]:
        failed(
            "consistency",
            RuntimeError(
                f"the code changed during the run (fingerprint {info['code']} at the start, {info['code_end']} at the end): "
                "some figures may mix two versions; run the benchmark again"
            ),
        )
    info["validation_memory"] = memory
    goals = write_report(
        out,
        results,
        profile,
        serve,
        loaders,
        info,
        started,
        elapsed,
        (load_start, load_average()),
        command,
        errors,
    )
    log(f"wrote {out} ({elapsed / 60:.1f} minutes)")
    for name, measured, ok in goals:
        print(f"  {verdict(ok).strip('*'):5} {name}: {measured}")
    if errors:
        print(f"{len(errors)} step(s) failed; see {out}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
