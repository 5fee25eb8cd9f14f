"""Benchmarks of the compendium at scale (issue 7): synthetic corpora and their measurement.

`bench/run.py` is the entry point (`.venv/bin/python bench/run.py`, or `--quick` to check
it works): `corpus.py` writes a valid synthetic project of any size; `measure.py` builds
and measures it against a plain-Markdown baseline; `serve.py` times the live preview's
rebuilds; `hook_profile.py` profiles the hook; `edition.py` measures the real edition.
Every figure goes to a results file (`results.py`), from which `report.py` (with
`goals.py` and `reading.py`) writes BENCHMARKS.md.
"""
