"""What one benchmark run measured, as plain data: written to a JSON file by bench/run.py,
read back by bench/report.py. No measuring here, and nothing heavy to import."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    """One measured subprocess (a `mkdocs build`)."""

    wall_s: float
    cpu_s: float
    maxrss_mb: float
    returncode: int
    output: str
    reported_s: float | None = None  # "Documentation built in N seconds"
    load_before: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


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


@dataclass
class Result:
    """One corpus: its validation, the hook's work, the builds (ours and the baseline)."""

    size: int
    published: int
    practices: int
    generate_s: float
    data_mb: float
    validate_s: float
    validate_cpu_s: float
    validate_runs: list[float]
    hook_s: float  # the hook's on_config and on_files, in process: what MkDocs waits for
    pages: int
    ours: list[Run] = field(default_factory=list)
    baseline: list[Run] = field(default_factory=list)
    sizes: Sizes | None = None
    baseline_sizes: Sizes | None = None
    event_times: dict | None = None  # one more build of ours, by event (bench/event_times.py)

    @property
    def ours_wall(self) -> float:
        return min(r.wall_s for r in self.ours)

    @property
    def base_wall(self) -> float:
        return min(r.wall_s for r in self.baseline)

    @property
    def ours_cpu(self) -> float:
        return min(r.cpu_s for r in self.ours)

    @property
    def base_cpu(self) -> float:
        return min(r.cpu_s for r in self.baseline)

    @property
    def ours_rss(self) -> float:
        return max(r.maxrss_mb for r in self.ours)

    @property
    def base_rss(self) -> float:
        return max(r.maxrss_mb for r in self.baseline)

    @classmethod
    def from_dict(cls, data: dict) -> Result:
        data = dict(data)
        data["ours"] = [Run(**r) for r in data.get("ours", [])]
        data["baseline"] = [Run(**r) for r in data.get("baseline", [])]
        for key in ("sizes", "baseline_sizes"):
            data[key] = Sizes(**data[key]) if data.get(key) else None
        return cls(**data)


@dataclass
class Results:
    """Everything a report is written from.

    `profile` is (cumulative table, own-time table, shares), `serve` the `mkdocs serve`
    rebuilds by mode, `edition_serve` the real edition's edits under `./dev serve`
    (bench/serve.py `measure_edition_serve`), `edition` the real edition's figures (bench/edition.py),
    `phone` Lighthouse's audits and a phone's transfers (bench/phone.py),
    `validation_memory` (peak MB, kept MB); `info` holds the machine, the code's
    fingerprints, the command, the start (ISO), the duration and the load averages."""

    info: dict
    corpora: list[Result] = field(default_factory=list)
    profile: list | None = None
    serve: dict | None = None
    edition_serve: dict | None = None
    edition: dict | None = None
    phone: dict | None = None
    validation_memory: list[float] | None = None
    errors: list[str] = field(default_factory=list)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(dataclasses.asdict(self), indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Results:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def from_dict(cls, data: dict) -> Results:
        data = dict(data)
        data["corpora"] = [Result.from_dict(r) for r in data.get("corpora", [])]
        return cls(**data)
