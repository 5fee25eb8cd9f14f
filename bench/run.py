"""Scale and speed of the compendium (issue 7): build synthetic corpora, measure, report.

    .venv/bin/python bench/run.py [--sizes 100,1000,10000] [--out BENCHMARKS.md] [--quick]

For each size, a valid corpus is generated in a temporary folder (never in the
repository) and measured (bench/measure.py):

- validation alone (`build_compendium`, in this process);
- `mkdocs build --strict` of the corpus with the project's hook (a subprocess; wall time,
  CPU time and peak memory of that process from `os.wait4`);
- the plain-Markdown baseline: the very pages `render_site` produces (everything the hook
  adds: pages, feed, images), written to docs/ and built with the same theme, plugins,
  extensions and navigation but no hook, so the ratio ours/baseline shows what the data
  layer costs whatever the machine;
- output size, search index size (raw and gzip) and case page sizes (raw and gzip).

Then the `mkdocs serve` rebuild time after a one-record edit on the corpus closest to
1,000 records and, on the real edition, the seconds until a body, title or `data/edition.yml`
edit is on the served page (bench/serve.py), the peak memory of validation (tracemalloc), the real
edition (bench/edition.py) and a profile of the hook's work on the largest corpus
(bench/hook_profile.py), and what phone readers get (bench/phone.py): Lighthouse's mobile
audit of six pages of the real edition and what a phone downloads on the edition and the
largest corpus. The corpora's builds leave the PDF out (COMPENDIUM_PDF=0), as in an editor's
preview. Every figure is saved to a results file (JSON, bench/results.py), from which
bench/report.py writes the report; the report says so when the code changed during the run.

`--quick` checks that the benchmark works, not how fast the code is: 100 and 300 records,
one run each, the report written to a temporary file unless --out says where.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import platform
import re
import shutil
import sys
import tempfile
import time
import traceback
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
if str(REPO / "src") not in sys.path:
    sys.path.append(str(REPO / "src"))

import yaml  # noqa: E402

from bench.goals import verdict  # noqa: E402
from bench.measure import GZIP_LEVEL, SEED, load_average, log, measure_corpus, validation_memory  # noqa: E402
from bench.report import write_report  # noqa: E402
from bench.results import Results  # noqa: E402

DEFAULT_SIZES = "100,1000,10000"
QUICK_SIZES = "100,300"


def code_fingerprint() -> str:
    """A short hash of what a build runs: src/, hooks/, overrides/, docs/ and mkdocs.yml."""
    digest = hashlib.sha256()
    paths = [REPO / "mkdocs.yml"]
    for folder in ("src", "hooks", "overrides", "docs"):
        paths += [p for p in (REPO / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for path in sorted(paths):
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


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
        total = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        ram = f"{int(total.group(1)) / 1024 / 1024:.1f} GiB" if total else ram
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    libyaml = " (libyaml available)" if getattr(yaml, "__with_libyaml__", False) else " (no libyaml)"
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
        "pyyaml": version("pyyaml") + libyaml,
        "jinja2": version("jinja2"),
    }


class Benchmark:
    """One run: the measurements in order, each step's failure recorded, not fatal."""

    def __init__(self, work: Path, results: Results):
        self.work, self.results = work, results
        # The real edition as published: built once, by the edition's step, measured by both.
        self.edition_site = work / "edition-site"

    def failed(self, step: str, error: BaseException) -> None:
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        self.results.errors.append(f"{step}: {detail[-3000:]}")
        log(f"{step} failed: {detail[-500:]}")

    def corpora(self, sizes: list[int], repeat: int | None) -> None:
        for size in sizes:
            runs = repeat or (7 if size <= 100 else 3 if size <= 1000 else 2)
            try:
                self.results.corpora.append(measure_corpus(size, self.work, runs))
            except (Exception, SystemExit) as error:  # a failed build ends the run, with a report
                self.failed(f"{size:,} records", error)
                return

    def serve(self, size: int) -> None:
        from bench.serve import measure_serve

        serve: dict = {"size": size}
        self.results.serve = serve
        for mode, dirty in (("dirty", True), ("full", False)):
            log(f"{size}: mkdocs serve{' --dirty' if dirty else ''}, one-record edits")
            try:
                serve[mode] = measure_serve(self.work / f"corpus-{size}", dirty)
                if "error" in serve[mode]:
                    self.failed(f"mkdocs serve ({mode})", RuntimeError(serve[mode]["error"]))
            except Exception as error:
                self.failed(f"mkdocs serve ({mode})", error)

    def edition_serve(self) -> None:
        from bench.serve import measure_edition_serve

        log("the real edition: mkdocs serve --dirty, body, title and data/edition.yml edits")
        try:
            measured = self.results.edition_serve = measure_edition_serve()
            if "error" in measured:
                self.failed("`./dev serve` on the real edition", RuntimeError(measured["error"]))
        except Exception as error:
            self.failed("`./dev serve` on the real edition", error)

    def memory(self, size: int) -> None:
        log(f"{size}: memory of validation (tracemalloc)")
        try:
            self.results.validation_memory = list(validation_memory(self.work / f"corpus-{size}"))
        except Exception as error:
            self.failed("memory of validation", error)

    def edition(self) -> None:
        log("the real edition: compendium build, PDF, budgets")
        try:
            from bench.edition import measure_edition

            self.results.edition = measure_edition(self.edition_site)
        except Exception as error:
            self.failed("the real edition", error)

    def phone(self, size: int, runs: int) -> None:
        log(f"phone readers: Lighthouse ({runs} run(s) a page) on the real edition, transfers at {size:,}")
        try:
            from bench.phone import measure_phone

            self.results.phone = measure_phone(self.edition_site, self.work / f"corpus-{size}", size, runs)
        except (Exception, SystemExit) as error:  # Lighthouse missing says so with SystemExit
            self.failed("phone readers", error)

    def profile(self, size: int) -> None:
        log(f"{size}: profiling the hook's work")
        try:
            from bench.hook_profile import profile_hook

            self.results.profile = list(profile_hook(self.work / f"corpus-{size}"))
        except Exception as error:
            self.failed("profile", error)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", help=f"comma-separated record counts (default {DEFAULT_SIZES})")
    parser.add_argument("--out", help="report to write (default BENCHMARKS.md)")
    parser.add_argument(
        "--results",
        default=str(Path(tempfile.gettempdir()) / "compendium-bench-results.json"),
        help="where to save every figure, for bench/report.py (default: %(default)s)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs per measurement (default: 7 up to 100 records, 3 up to 1,000, then 2)",
    )
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES}, one run each")
    parser.add_argument(
        "--no-serve",
        action="store_true",
        help="skip the `mkdocs serve` measurements (1,000-record rebuilds, real-edition edits)",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the profile of the hook's work")
    parser.add_argument("--no-edition", action="store_true", help="skip the real edition (PDF, budgets)")
    parser.add_argument(
        "--no-phone", action="store_true", help="skip Lighthouse and the phone transfers (bench/phone.py)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary corpora (their folder is printed)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = args.sizes or QUICK_SIZES
        args.repeat = args.repeat or 1
        args.out = args.out or str(Path(tempfile.gettempdir()) / "compendium-bench-quick.md")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in (args.sizes or DEFAULT_SIZES).split(",") if s.strip()})
    out = Path(args.out or REPO / "BENCHMARKS.md").resolve()
    command = ".venv/bin/python bench/run.py" + (f" --sizes {args.sizes}" if args.sizes else "")
    if args.quick:
        command += " --quick"

    clock = time.perf_counter()
    info = {
        **machine(),
        "command": command,
        "started": datetime.datetime.now(datetime.UTC).isoformat(),
        "loads": [load_average()],
        "code": code_fingerprint(),
        "seed": SEED,
        "gzip_level": GZIP_LEVEL,
    }
    results = Results(info)
    work = Path(tempfile.mkdtemp(prefix="compendium-bench-"))
    log(f"working in {work}; load average {info['loads'][0]}")
    run = Benchmark(work, results)
    try:
        run.corpora(sizes, args.repeat)
        done = [r.size for r in results.corpora]
        if done:
            if not args.no_serve:
                run.serve(min(done, key=lambda n: abs(n - 1000)))
                run.edition_serve()
            run.memory(done[-1])
            if not args.no_edition:
                run.edition()
            if not args.no_phone:
                run.phone(done[-1], runs=args.repeat or 3)
            if not args.no_profile:
                run.profile(done[-1])
    finally:
        if args.keep:
            log(f"corpora kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    info["elapsed_s"] = time.perf_counter() - clock
    info["loads"].append(load_average())
    info["code_end"] = code_fingerprint()
    if info["code_end"] != info["code"]:
        run.failed(
            "consistency",
            RuntimeError(
                f"the code changed during the run (fingerprint {info['code']} at the start, "
                f"{info['code_end']} at the end): some figures may mix two versions; run the benchmark again"
            ),
        )
    results_file = Path(args.results)
    results.save(results_file)
    goals = write_report(results, out)
    log(f"wrote {out} ({info['elapsed_s'] / 60:.1f} minutes); every figure in {results_file}")
    for name, measured, ok in goals:
        print(f"  {verdict(ok).strip('*'):5} {name}: {measured}")
    if results.errors:
        print(f"{len(results.errors)} step(s) failed; see {out}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
