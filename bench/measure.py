"""Measuring one corpus: validation, the hook's work, `mkdocs build` of ours and of the
plain-Markdown baseline (wall, CPU and peak memory of the build process), and the sizes of
what was built. Also the memory of validation alone."""

from __future__ import annotations

import gc
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.corpus import REPO, generate
from bench.results import Result, Run, Sizes
from compendium.check import build_compendium

SEED = 7
GZIP_LEVEL = 6  # what web servers commonly use
BUILD_TIMEOUT = 900
SIZE_SAMPLE = 300  # case pages whose sizes are measured, at most


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


# ----------------------------------------------------------------------------------------
# A measured subprocess


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
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return run_measured([*cmd, "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)], project, env)


def time_events(project: Path, site_dir: Path) -> dict:
    """A build of `project` with each plugin event's time (bench/event_times.py)."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    out = site_dir.parent / f"event-times-{project.name}.json"
    cmd = [sys.executable, "-m", "bench.event_times", str(out), "--strict", "-f", str(project / "mkdocs.yml")]
    run = run_measured([*cmd, "-d", str(site_dir)], project, build_env({"PYTHONPATH": str(REPO)}))
    if not run.ok:
        raise SystemExit(f"the timed build of {project} failed:\n{run.output[-4000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------------------
# The hook in process, and the plain-Markdown baseline


def read_config(project: Path) -> dict:
    from mkdocs.utils.yaml import get_yaml_loader  # resolves !ENV like mkdocs does

    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())


def _plain(value):
    """Configuration values as plain YAML-able data."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass
class HookRun:
    config: Any  # MkDocsConfig after the hook's on_config
    files: list  # the files the hook generated (pages, feed, images)
    on_config_s: float
    on_files_s: float
    source_date_epoch: str | None


def run_hook(project: Path, profiler=None) -> HookRun:
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
    config = read_config(corpus)
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


def measure_sizes(site: Path, sample: int = SIZE_SAMPLE) -> Sizes:
    site_bytes, site_files = tree_size(site)
    index = (site / "search" / "search_index.json").read_bytes()
    cases = sorted(p for p in (site / "practices").glob("*/index.html"))
    raws, gzips, chromes = [], [], []
    for path in cases[:: max(1, len(cases) // sample)]:
        data = path.read_bytes()
        raws.append(len(data))
        gzips.append(gz(data))
        article = _ARTICLE.search(data)
        chromes.append(len(data) - (len(article.group(0)) if article else 0))
    largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    largest_data = largest.read_bytes()
    return Sizes(
        site_bytes=site_bytes,
        site_files=site_files,
        index_raw=len(index),
        index_gzip=gz(index),
        index_docs=len(json.loads(index).get("docs", [])),
        case_pages=len(cases),
        case_median_raw=int(statistics.median(raws)),
        case_median_gzip=int(statistics.median(gzips)),
        case_max_raw=max(p.stat().st_size for p in cases),
        case_chrome_median=int(statistics.median(chromes)),
        largest_page=largest.relative_to(site).parent.as_posix() + "/",
        largest_page_raw=len(largest_data),
        largest_page_gzip=gz(largest_data),
    )


# ----------------------------------------------------------------------------------------
# One corpus


def measure_corpus(size: int, work: Path, repeat: int) -> Result:
    """Generate a corpus of `size` records in `work` and measure it; `repeat` runs of each."""
    corpus_dir = work / f"corpus-{size}"
    log(f"{size}: generating the corpus in {corpus_dir}")
    start = time.perf_counter()
    corpus = generate(corpus_dir, size, SEED)
    generate_s = time.perf_counter() - start

    log(f"{size}: validating ({repeat} run(s))")
    runs, cpus, published = [], [], 0
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        published = len(build_compendium(corpus_dir).records)
        runs.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    assert published == len(corpus.published), "the corpus lost records"

    log(f"{size}: running the hook in process and writing the plain-Markdown baseline")
    baseline_dir = work / f"baseline-{size}"
    baseline_env, hook = write_baseline(corpus_dir, baseline_dir)
    result = Result(
        size=size,
        published=published,
        practices=len(corpus.practices),
        generate_s=generate_s,
        data_mb=tree_size(corpus_dir / "data")[0] / 1e6,
        validate_s=min(runs),
        validate_cpu_s=min(cpus),
        validate_runs=runs,
        hook_s=hook.on_config_s + hook.on_files_s,
        pages=sum(1 for f in hook.files if f.src_uri.endswith(".md")),
    )
    del hook

    ours_site, base_site = work / f"site-{size}", work / f"baseline-site-{size}"
    for attempt in range(repeat):  # ours and the baseline back to back, alternating
        for label, project, site, env, runs_list in (
            ("ours", corpus_dir, ours_site, build_env(), result.ours),
            ("baseline", baseline_dir, base_site, baseline_env, result.baseline),
        ):
            log(f"{size}: mkdocs build --strict, {label} ({attempt + 1}/{repeat}); load {load_average()}")
            run = mkdocs_build(project, site, env)
            if not run.ok:
                raise SystemExit(f"the {label} build of {size} records failed:\n{run.output[-4000:]}")
            log(f"{size}: {label}: {run.wall_s:.1f} s wall, {run.cpu_s:.1f} s CPU, {run.maxrss_mb:.0f} MB")
            run.output = run.output[-2000:]  # kept in the results file: its end is enough
            runs_list.append(run)
    log(f"{size}: one more build of ours, timed event by event")
    result.event_times = time_events(corpus_dir, ours_site)
    result.sizes = measure_sizes(ours_site)
    result.baseline_sizes = measure_sizes(base_site)
    for folder in (ours_site, base_site, baseline_dir):
        shutil.rmtree(folder)
    return result


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
