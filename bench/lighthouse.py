"""Lighthouse (mobile) on the real edition, as phone readers on slow links get it (issue 17).

    .venv/bin/python bench/lighthouse.py [--site DIR] [--runs 3] [--json FILE]

Without --site, the edition is built first with `compendium build` into a temporary
folder. The built site is served on loopback with gzip (level 6) and `Cache-Control:
max-age=600`, as GitHub Pages serves it, and Lighthouse 12 (`lighthouse@12.2.3`, pinned
in package.json; `npm ci` installs it) audits each page with its default mobile profile
(a mid-range phone: 4x CPU slowdown, simulated 150 ms round trips and 1.6 Mbit/s) in
Debian's Chromium. Each page is audited `--runs` times; the run with the median
performance score is reported, with its metrics. Figures are measured, never asserted in
tests.

From bench/run.py (or any script):

    from bench.lighthouse import lighthouse_table, measure
    results = measure(site_dir, runs=3)          # list[PageResult]
    markdown = lighthouse_table(results)         # the table for BENCHMARKS.md
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import json
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# The same flags as the tests' Chromium (tests/browser.py): no calls to Google's services.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)

# The six pages of the issue: one of each kind a reader lands on.
PAGES = {
    "home": "",
    "chapter": "chapters/training-policy/",
    "practice": "practices/three-pillar-approach-training-course/",
    "explorer": "explore/",
    "glossary": "glossary/",
    "member page": "members/in/",
}
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"}


# ----------------------------------------------------------------------------------------
# A static server with gzip, as the site is published


class _GzipHandler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of the files under `root`; text compressed with gzip when the client
    accepts it (level 6, as most servers); `Cache-Control: max-age=600` like GitHub Pages."""

    root: Path
    cache: dict[Path, bytes]
    protocol_version = "HTTP/1.1"

    def do_HEAD(self) -> None:  # noqa: N802 (the name http.server calls)
        self._send(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._send(body=True)

    def _file(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root):
            return None
        if target.is_dir():
            if not path.endswith("/"):
                return target  # redirected below
            target = target / "index.html"
        return target if target.is_file() else None

    def _send(self, *, body: bool) -> None:
        target = self._file()
        if target is None:
            self.send_error(404)
            return
        if target.is_dir():
            self.send_response(301)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = target.read_bytes()
        gzipped = target.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            if target not in self.cache:
                self.cache[target] = gzip.compress(data, 6, mtime=0)
            data = self.cache[target]
        self.send_response(200)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in (
            "application/javascript",
            "application/json",
            "image/svg+xml",
        ):
            kind += "; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


def serve_gzip(folder: Path) -> contextlib.AbstractContextManager[str]:
    """Serve `folder` with gzip on a free loopback port (the tests' server); yields the
    site's address."""
    if str(REPO / "tests") not in sys.path:
        sys.path.insert(0, str(REPO / "tests"))
    from browser import serve

    return serve(folder, type("Handler", (_GzipHandler,), {"root": Path(folder).resolve(), "cache": {}}))


# ----------------------------------------------------------------------------------------
# Lighthouse


@dataclass(frozen=True)
class PageResult:
    name: str
    path: str
    performance: int  # 0-100, the median of the runs
    accessibility: int
    runs: tuple[int, ...]  # performance score of each run
    fcp_ms: float
    lcp_ms: float
    tbt_ms: float
    cls: float
    speed_index_ms: float
    transfer_kb: float  # every request of the page load, as transferred (gzip)
    requests: int
    failed_audits: tuple[str, ...]  # accessibility audits that failed, and opportunities


def _audit(url: str) -> dict:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` (package.json pins lighthouse@12.2.3)")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as profile:
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                "--output-path=stdout",
                "--quiet",
                "--only-categories=performance,accessibility",
                f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            timeout=300,
        )
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def _summary(name: str, path: str, reports: list[dict]) -> PageResult:
    scores = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
    median = sorted(range(len(reports)), key=lambda i: scores[i])[len(reports) // 2]
    report = reports[median]
    audits = report["audits"]

    def metric(key: str) -> float:
        return float(audits[key].get("numericValue") or 0.0)

    requests = audits["network-requests"]["details"]["items"]
    failed = [
        key
        for key in report["categories"]["accessibility"]["auditRefs"]
        if audits[key["id"]].get("score") == 0
    ]
    opportunities = [
        f"{key}: {audits[key].get('displayValue', '')}".strip()
        for key in ("render-blocking-resources", "unused-css-rules", "unused-javascript", "layout-shifts")
        if key in audits and audits[key].get("score") not in (None, 1)
    ]
    return PageResult(
        name=name,
        path=path,
        performance=scores[median],
        accessibility=round(report["categories"]["accessibility"]["score"] * 100),
        runs=tuple(scores),
        fcp_ms=metric("first-contentful-paint"),
        lcp_ms=metric("largest-contentful-paint"),
        tbt_ms=metric("total-blocking-time"),
        cls=metric("cumulative-layout-shift"),
        speed_index_ms=metric("speed-index"),
        transfer_kb=sum(r.get("transferSize", 0) for r in requests) / 1024,
        requests=len(requests),
        failed_audits=tuple(f"a11y {k['id']}" for k in failed) + tuple(opportunities),
    )


def measure(site: Path, pages: dict[str, str] | None = None, runs: int = 3) -> list[PageResult]:
    """Lighthouse's mobile audit of each page of the built `site`, `runs` times each."""
    results = []
    with serve_gzip(site) as url:
        for name, path in (pages or PAGES).items():
            reports = [_audit(url + path) for _ in range(runs)]
            results.append(_summary(name, path, reports))
            print(f"lighthouse: {name}: {results[-1].runs}", file=sys.stderr, flush=True)
    return results


def lighthouse_table(results: list[PageResult]) -> str:
    """The Markdown table for BENCHMARKS.md."""
    lines = [
        "| Page | Performance (median; runs) | Accessibility | FCP | LCP | TBT | CLS | Speed Index "
        "| Transferred |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.name} (`/{r.path}`) | **{r.performance}** ({', '.join(map(str, r.runs))}) "
            f"| {r.accessibility} | {r.fcp_ms / 1000:.1f} s | {r.lcp_ms / 1000:.1f} s | {r.tbt_ms:.0f} ms "
            f"| {r.cls:.3f} | {r.speed_index_ms / 1000:.1f} s "
            f"| {r.transfer_kb:.0f} kB in {r.requests} requests |"
        )
    return "\n".join(lines)


def build_edition(site_dir: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [
        sys.executable,
        "-m",
        "compendium.cli",
        "build",
        "--root",
        str(REPO),
        "--site-dir",
        str(site_dir),
    ]
    subprocess.run(command, check=True, env=env, stdout=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the edition now)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compendium-lighthouse-") as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            build_edition(site)
        results = measure(site, runs=args.runs)
    print(lighthouse_table(results))
    for r in results:
        if r.failed_audits:
            print(f"\n{r.name}: " + "; ".join(r.failed_audits))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
