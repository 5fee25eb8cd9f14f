"""Benchmarks of the compendium at scale (issue 7): synthetic corpora and their measurement.

`bench/corpus.py` writes a valid synthetic project of any size; `bench/run.py` builds and
measures it and writes BENCHMARKS.md. Run `.venv/bin/python bench/run.py`.
"""
