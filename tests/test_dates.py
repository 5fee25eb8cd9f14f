"""Dates are judged for the whole region: a case written in Kiribati (UTC+14) on its 2
December is not "in the future" for a pull-request check running in UTC on 1 December."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compendium.check import latest_date_on_earth

RECORD = "data/cases/01-training-policy/training-policy-definition.yml"


def validate(project: Path, tz: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "compendium.cli", "validate", "--root", str(project)],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": tz},
    )


@pytest.mark.parametrize("tz", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_latest_date_anywhere_is_not_in_the_future(project: Path, tz: str):
    record = project / RECORD
    text = record.read_text(encoding="utf-8")
    kiribati = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=14))).date()
    assert latest_date_on_earth() == kiribati
    record.write_text(_with_added(text, kiribati), encoding="utf-8")
    result = validate(project, tz)
    assert result.returncode == 0, result.stderr
    record.write_text(_with_added(text, kiribati + datetime.timedelta(days=1)), encoding="utf-8")
    result = validate(project, tz)
    assert result.returncode == 1
    assert f"is in the future; use the date the change was made (today is {kiribati} at the latest" in (
        result.stderr
    )


def _with_added(text: str, date: datetime.date) -> str:
    lines = [
        f"added: {date.isoformat()}" if line.startswith("added:") else line for line in text.splitlines()
    ]
    return "\n".join(line for line in lines if not line.startswith("updated:")) + "\n"


@pytest.mark.parametrize(("tz", "hours"), [("Pacific/Kiritimati", 14), ("UTC", 0)])
def test_new_records_carry_the_editors_own_date(project: Path, tz: str, hours: int):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "compendium.cli",
            "new",
            "practice",
            "--chapter",
            "1",
            "--title",
            "A Dated Case",
            "--root",
            str(project),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": tz},
    )
    assert result.returncode == 0, result.stderr
    text = (project / "data/cases/01-training-policy/dated-case.yml").read_text(encoding="utf-8")
    local = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=hours))).date()
    assert f"\nadded: {local.isoformat()}\n" in text
