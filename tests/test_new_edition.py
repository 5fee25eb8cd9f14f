"""Starting a new edition, as the editors' guide says: `./dev compendium new-edition`, a
revised record, a retired one; What's new, the feed and the Editions page show each under
the right edition, with its date and a feed entry of its own."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from compendium.check import build_compendium
from conftest import mkdocs_build

REVISED = "data/cases/01-training-policy/three-pillar-approach-training-course.yml"
RETIRED = "data/cases/01-training-policy/benefits-of-training-policy.yml"
ATOM = "{http://www.w3.org/2005/Atom}"


def compendium(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "compendium.cli", *args, "--root", str(project)],
        capture_output=True,
        text=True,
    )


def _set(path: Path, **fields: str) -> None:
    text = path.read_text(encoding="utf-8")
    for name, value in fields.items():
        text = re.sub(rf"^{name}:.*\n", "", text, flags=re.MULTILINE) + f"{name}: {value}\n"
    path.write_text(text, encoding="utf-8")


def test_a_second_edition_from_start_to_feed(project: Path, tmp_path: Path):
    today = datetime.date.today()
    # The guide's own example fails before the edition exists...
    _set(project / REVISED, revised_in='"2027"', updated=today.isoformat())
    refused = compendium(project, "validate")
    assert refused.returncode == 1 and "`2027` is not an edition of data/edition.yml" in refused.stderr
    # ...and passes once it is started.
    started = compendium(project, "new-edition", "2027", "--as-of", today.isoformat())
    assert started.returncode == 0, started.stderr
    edition = (project / "data" / "edition.yml").read_text(encoding="utf-8")
    assert 'edition: "2027"' in edition and '- {edition: "2026", as_of: 2026-05-20}' in edition
    assert edition.startswith("# yaml-language-server:")  # comments and layout kept
    _set(project / RETIRED, retired_in='"2027"')  # retired without a date of its own
    assert compendium(project, "validate").returncode == 0
    again = compendium(project, "new-edition", "2027")
    assert again.returncode == 2 and "Edition 2027 exists already" in again.stderr

    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr
    whats_new = (site / "whats-new" / "index.html").read_text(encoding="utf-8")
    sections = dict(
        re.findall(r'<h2 id="[^"]+">(Edition \d+)<.*?</h2>(.*?)(?=<h2|</article>)', whats_new, re.S)
    )
    assert list(sections) == ["Edition 2027", "Edition 2026"]
    new, old = sections["Edition 2027"], sections["Edition 2026"]
    assert re.search(
        rf"<td[^>]*>{today}</td>\s*<td[^>]*>Updated</td>\s*<td[^>]*><a [^>]*>Case \d+: A Three-Pillar", new
    )
    assert re.search(
        rf"<td[^>]*>{today}</td>\s*<td[^>]*>Retired</td>\s*<td[^>]*><a [^>]*>The benefits of having", new
    )
    assert "Three-Pillar" not in old and "benefits of having" not in old

    feed = ElementTree.parse(site / "feed.xml").getroot()
    entries = {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")}
    assert len(entries) == len(list(feed.iter(f"{ATOM}entry")))  # every entry has an id of its own
    ids = {
        title.split(":")[0]: entry_id for entry_id, title in entries.items() if "benefits of having" in title
    }
    assert ids == {"Retired": f"urn:compendium:record:benefits-of-training-policy:retired:{today}"}

    editions = (site / "editions" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<td[^>]*>2027 \(current\)</td>\s*<td[^>]*>[^<]+</td>", editions)
    assert "releases/download/edition-2026/compendium-2026.pdf" in editions
    assert build_compendium(project).edition.edition == "2027"
