"""One registry of record kinds (compendium/kinds.py): every kind is covered everywhere,
and a new kind needs nothing but its model, its entry and (optionally) its template."""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Literal

import pytest
import yaml

from compendium.check import build_compendium
from compendium.kinds import KINDS, Kind
from compendium.model import Record
from compendium.problems import CompendiumError
from compendium.schema import write_schemas
from compendium.site import Site, render_site
from compendium.site.environment import TEMPLATES
from conftest import REPO, TODAY

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_is_covered_everywhere(name: str):
    kind = KINDS[name]
    # The model says the same name the registry does.
    assert typing.get_args(kind.model.model_fields["kind"].annotation) == (name,)
    # Its template exists and shows a record.
    assert "show" in dir(TEMPLATES.get_template(kind.template).module)
    # Editors have its JSON Schema and the guide names it.
    assert (REPO / "schemas" / f"{name}.schema.json").is_file()
    assert f"`{name}`" in GUIDE
    assert kind.label and (kind.section_title or name == "text")


def test_the_benchmark_corpus_takes_its_weights_from_the_registry():
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    import corpus

    weighted = {name for name, kind in KINDS.items() if kind.corpus_weight}
    assert weighted and set(corpus.KIND_WEIGHTS) == weighted
    assert all(corpus.KIND_WEIGHTS[name] == KINDS[name].corpus_weight for name in weighted)


class Memo(Record):
    """A throwaway kind, to prove that a model and one registry entry make a kind."""

    kind: Literal["memo"]
    signed_by: str = ""


MEMO = """\
id: memo-on-trainers
kind: memo
chapter: 1
position: 10
title: A Memo on Trainers
summary: What a memo says about trainers.
body: The memo's text.
signed_by: The editors
status: published
added: 2026-05-20
"""


def test_a_new_kind_needs_only_its_model_and_its_entry(project: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setitem(KINDS, "memo", Kind("memo", Memo, "Memos", "Memo", shown_as="discussion"))
    edition_file = project / "data" / "edition.yml"
    edition = yaml.safe_load(edition_file.read_text(encoding="utf-8"))
    edition["chapters"][1]["sections"].append("memo")  # chapter 1
    edition_file.write_text(yaml.safe_dump(edition, allow_unicode=True), encoding="utf-8")
    record = project / "data" / "cases" / "01-training-policy" / "memo-on-trainers.yml"
    record.write_text(MEMO, encoding="utf-8")

    compendium = build_compendium(project, today=TODAY)
    assert compendium.section(1, "memo")[0].signed_by == "The editors"
    pages = render_site(Site(compendium))
    chapter = pages["chapters/training-policy.md"]
    assert "## Memos" in chapter and "A Memo on Trainers {: #memo-on-trainers }" in chapter
    assert "The memo's text." in chapter
    # The explorer offers it as a kind of record, with its one record.
    assert re.search(r'name="kind" value="memo"> Memo <[^>]*>\(1\)<', pages["explore.md"])
    assert 'data-kind="memo"' in pages["explore.md"]
    write_schemas(tmp_path / "schemas")
    assert (tmp_path / "schemas" / "memo.schema.json").is_file()
    # Its fields are checked like any other kind's.
    record.write_text(MEMO.replace("signed_by:", "signed_bye:"), encoding="utf-8")
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert "unknown field `signed_bye`" in str(raised.value)
