"""The second wall: whatever a record says, nothing executable reaches any output.

Each payload below was found to run on the published site before the wall existed
(issue 13). They are put in every field that reaches HTML or the PDF, and the site is
built with the validator's text checks switched off, so that these tests prove the
renderer's allowlist, escaping and Content-Security-Policy alone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from browser import chromium_page, serve
from conftest import REPO, TODAY, copy_project

BODY = """\
Hello
{: onmouseover="alert(101)" }

[attr link](https://example.org){: href="javascript:alert(102)" }

An overlay
{: style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999" }

![p](https://invalid.invalid/x.png){: onerror="alert(103)" }

> [r]: javascript:alert(104)

[reference in a quote][r]

- a list item

    [q]: javascript:alert(105)

    [reference in a list][q]

<script>alert(106)</script>

<img src=x onerror=alert(107)>

<svg onload=alert(108)><script>alert(109)</script></svg>

<iframe src="javascript:alert(110)"></iframe>

<a href="jav&#x09;ascript:alert(111)">tab in the scheme</a>

<details open ontoggle=alert(112)><summary>s</summary></details>

[data link](data:text/html,<script>alert(113)</script>)

<form action="javascript:alert(114)"><button formaction="javascript:alert(115)">b</button></form>

<math><mtext><table><mglyph><style><img src=x onerror=alert(116)>

<a href="vbscript:msgbox(117)">vb</a>

<div markdown="1" style="position:fixed" onclick="alert(118)">md in html</div>

<object data="javascript:alert(119)"></object><embed src="javascript:alert(120)">

<a href="#" id="__config">clobber</a>
"""
TITLE = "T {: onclick=alert(201) } <img src=x onerror=alert(202)> </title><script>alert(209)</script>"
LINE = "<img src=x onerror=alert(203)> [x](javascript:alert(204)) {: onclick=alert(205) }"
CAPTION = "Figure <img src=x onerror=alert(206)//"
CREDIT = "<a href=javascript:alert(207)>credit</a>"
ALT = '"><script>alert(208)</script>'

# One record of each kind that has the field, from the real edition.
RECORDS = {
    "01-training-policy/comprehensive-strategy-sustainable-workforce.yml": {
        "revised_in": "2026",
        "revision_note": LINE,  # shown on the page (issue 18)
    },
    "01-training-policy/training-policy-survey-2023.yml": {},
    "01-training-policy/training-as-strategic-commitment.yml": {},
    "04-designing-training-course/building-effective-ojt.yml": {"meeting": LINE},
    "00-front-matter/acknowledgements.yml": {"byline": LINE},
    "21-events/regional-online-workshop-training-management-2022.yml": {"place": LINE},
}
CHAPTERS = tuple(sorted(p.name for p in (REPO / "data" / "cases").iterdir() if p.is_dir()))


def poison(data: dict, extra: dict) -> dict:
    data = dict(data, title=TITLE, summary=LINE, body=BODY, **extra)
    data["tables"] = [
        {"caption": CAPTION, "columns": [LINE, "B"], "rows": [[LINE, BODY.splitlines()[3]]], "note": LINE}
    ]
    data["images"] = [{"missing": True, "alt": ALT, "caption": CAPTION, "credit": CREDIT}]
    if "figures" in data:
        data["figures"] = [dict(f, label=LINE, base=LINE) for f in data["figures"]]
    return data


# Build with the validator's checks of raw HTML and link schemes switched off.
WITHOUT_FIRST_WALL = """
import sys
import compendium.check as check
check.RECORD_RULES = tuple(rule for rule in check.RECORD_RULES if rule.__name__ != "rule_text")
from mkdocs.__main__ import cli
cli(["build", "-f", sys.argv[1], "-d", sys.argv[2]])
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project", chapters=CHAPTERS)
    for relative, extra in RECORDS.items():
        path = project / "data" / "cases" / relative
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(poison(data, extra), allow_unicode=True), encoding="utf-8")
    site = project.parent / "site"
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_FIRST_WALL, str(project / "mkdocs.yml"), str(site)],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "COMPENDIUM_PDF": "1", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    return site


def test_the_first_wall_refuses_the_payloads_too(tmp_path: Path):
    """With its checks on, the validator names the problem before any build."""
    from compendium.check import build_compendium
    from compendium.problems import CompendiumError

    project = copy_project(tmp_path / "project", chapters=CHAPTERS)
    path = (
        project / "data" / "cases" / "01-training-policy" / "comprehensive-strategy-sustainable-workforce.yml"
    )
    path.write_text(yaml.safe_dump(poison(yaml.safe_load(path.read_text()), {})), encoding="utf-8")
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    fields = {p.field.split("[")[0].split(".")[0] for p in raised.value.problems}
    assert {"title", "summary", "body", "tables", "images"} <= fields


# ----------------------------------------------------------------------------------------
# What the project writes itself, and nothing else, may be active

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)
ACTIVE_ELEMENTS = {"iframe", "object", "embed", "frame", "base", "foreignobject", "math"}


def theme_scripts(site: Path) -> set[str]:
    """The scripts of a page the records cannot touch (the editors' guide)."""
    page = (site / "editors" / "index.html").read_text(encoding="utf-8")
    return {same_on_every_page(script) for script in _Audit.collect(page).scripts}


def same_on_every_page(script: str) -> str:
    """A theme script with the page's way back to the site's root taken out: `../..`, or
    the site's own path on pages served from any address (404.html)."""
    script = re.sub(r"^[^\"]*?(?=assets/)", "", script)  # a script's address
    script = re.sub(r'"base": "[^"]*"', "ROOT", script)  # the theme's settings (JSON)
    script = re.sub(r'"[^"\s]*?(?=assets/)', '"ROOT', script)
    return re.sub(r'new URL\("[^"]*",location\)', "ROOT", script)


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.scripts: list[str] = []
        self._in_script: list[str] | None = None

    @classmethod
    def collect(cls, html: str) -> _Audit:
        audit = cls()
        audit.feed(html)
        audit.close()
        return audit

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and BAD_SCHEME.match(re.sub(r"[\x00-\x20]", "", value)):
                self.findings.append(f"<{tag} {name}={value[:40]}>")
            if name == "style" and not (tag in ("td", "th") and re.fullmatch(r"text-align:\s*\w+;?", value)):
                self.findings.append(f"<{tag} style={value[:40]}>")
            if name == "id" and value == "__config" and tag != "script":
                self.findings.append(f"<{tag} id=__config>")
        if tag in ACTIVE_ELEMENTS:
            self.findings.append(f"<{tag}>")
        if tag == "script":
            self._in_script = [dict(attrs).get("src") or ""]

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append("".join(self._in_script))
            self._in_script = None


def test_no_page_holds_anything_executable_the_project_did_not_write(hostile_site: Path):
    allowed = theme_scripts(hostile_site)
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 50
    problems = {}
    for page in pages:
        audit = _Audit.collect(page.read_text(encoding="utf-8"))
        # Scripts: the theme's, by content; relative script addresses are the same on
        # every page but for the depth of the page (`../`).
        foreign = [script for script in audit.scripts if same_on_every_page(script) not in allowed]
        if audit.findings or foreign:
            problems[str(page.relative_to(hostile_site))] = audit.findings + foreign
    assert problems == {}


def test_the_payloads_are_shown_as_text(hostile_site: Path):
    case = (
        hostile_site / "practices" / "comprehensive-strategy-sustainable-workforce" / "index.html"
    ).read_text()
    # The title prints as written: its `{: … }` became neither an attribute nor nothing.
    assert "T {: onclick=alert(201) } &lt;img src=x onerror=alert(202)&gt; &lt;/title&gt;" in case
    assert "Figure &lt;img src=x onerror=alert(206)//" in case


def test_search_index_and_feed_carry_nothing_executable(hostile_site: Path):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        # Material shows these texts as HTML in its results.
        audit = _Audit.collect(doc["text"] + doc["title"])
        assert audit.findings == [] and audit.scripts == [], doc["location"]
    ElementTree.parse(hostile_site / "feed.xml")  # well-formed


def test_pdf_has_no_script_or_script_links(hostile_site: Path):
    reader = PdfReader(hostile_site / "downloads" / "compendium-2026.pdf")
    raw = (hostile_site / "downloads" / "compendium-2026.pdf").read_bytes()
    assert b"/JavaScript" not in raw and b"/JS " not in raw
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            uri = str(action.get("/URI", ""))
            assert not BAD_SCHEME.match(uri), uri


# ----------------------------------------------------------------------------------------
# In a browser: no dialog, no policy violation, on every page


def _visit_every_page(site: Path, *, hover: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Dialogs, requests to other hosts and policy violations met on each page; on the
    pages in `hover`, with the pointer moved over the text (for `onmouseover`)."""
    events: dict[str, list[str]] = {}
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    with serve(site) as url, chromium_page() as page:
        page.add_init_script(
            "window.__violations = [];"
            "document.addEventListener('securitypolicyviolation',"
            " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        seen: list[str] = []
        page.on("dialog", lambda dialog: (seen.append("dialog: " + dialog.message), dialog.dismiss()))
        page.on("request", lambda r: None if r.url.startswith(url) else seen.append("request: " + r.url))
        for path in pages:
            seen.clear()
            page.goto(url + ("" if path == "." else path + "/"))
            page.wait_for_load_state("load")
            if path in hover:
                for element in page.locator("article p, article div, article a").all()[:60]:
                    if element.is_visible():  # not inside a folded list (contents, filters)
                        element.hover(timeout=2_000, force=True)
            page.wait_for_timeout(50)
            found = seen + page.evaluate("window.__violations")
            if found:
                events[path] = list(found)
    return events


def test_chromium_runs_no_payload_on_any_page(hostile_site: Path):
    poisoned = ("practices/comprehensive-strategy-sustainable-workforce", "chapters/training-policy")
    assert _visit_every_page(hostile_site, hover=poisoned) == {}


def test_the_published_site_works_under_its_policy_without_a_violation(built_site: Path):
    """Every page of the real edition: the theme's scripts, search and the explorer run
    under the Content-Security-Policy, which reports nothing."""
    assert _visit_every_page(built_site) == {}
    html = (built_site / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy and "script-src 'self' 'sha256-" in policy.group(1)
    assert "'unsafe-inline'" not in policy.group(1).split("script-src")[1].split(";")[0]


# ----------------------------------------------------------------------------------------
# Privacy in a public repository


PUBLIC_ANONYMOUS = """\
id: anonymous-practice
kind: practice
chapter: 1
position: 95
title: A Practice Whose Owner Is Private
summary: An anonymous summary.
attribution: anonymous
member: KR
contact:
  name: Wilhelmina Editorperson
images:
  - missing: true
    alt: A figure
    credit_member: KR
status: published
added: 2026-05-20
"""


def test_a_public_repository_refuses_what_must_stay_confidential(project: Path):
    from compendium.check import build_compendium
    from compendium.problems import CompendiumError

    record = project / "data" / "cases" / "01-training-policy" / "anonymous-practice.yml"
    record.write_text(PUBLIC_ANONYMOUS, encoding="utf-8")
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    found = sorted((p.line, p.field) for p in raised.value.problems)
    assert found == [(8, "member"), (10, "contact"), (14, "images[0].credit_member")]
    # A private repository keeps the member and the contact, but never a credit that names
    # the anonymous member.
    with (project / "data" / "edition.yml").open("a", encoding="utf-8") as edition:
        edition.write("repository: private\n")
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert [p.field for p in raised.value.problems] == ["images[0].credit_member"]


def test_records_and_registries_may_not_take_a_page_or_section_address(project: Path):
    from compendium.check import build_compendium
    from compendium.problems import CompendiumError

    folder = project / "data" / "cases" / "01-training-policy"
    source = folder / "training-policy-definition.yml"
    for new_id in ("index", "members-practices"):
        text = re.sub(r"^id: .*$", f"id: {new_id}", source.read_text(encoding="utf-8"), flags=re.M)
        (folder / f"{new_id}.yml").write_text(re.sub(r"^position: .*$", "position: 999", text, flags=re.M))
        with pytest.raises(CompendiumError) as raised:
            build_compendium(project, today=TODAY)
        assert [str(p) for p in raised.value.problems] == [
            f"data/cases/01-training-policy/{new_id}.yml:2:5: id: the id `{new_id}` is the address of one of "
            "the site's own pages or sections; choose another id"
        ]
        (folder / f"{new_id}.yml").unlink()


def test_symbolic_links_are_refused_with_a_message(project: Path, tmp_path: Path):
    from compendium.check import build_compendium
    from compendium.problems import CompendiumError

    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret-case.yml"
    secret.write_text((REPO / "data/cases/01-training-policy/training-policy-definition.yml").read_text())
    cases = project / "data" / "cases"
    (cases / "01-training-policy" / "secret-case.yml").symlink_to(secret)
    (cases / "02-linked").symlink_to(outside, target_is_directory=True)
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert sorted(str(p) for p in raised.value.problems) == [
        "data/cases/01-training-policy/secret-case.yml:1:1: (file): this file is a symbolic link; "
        "put the record file itself here, not a link to it",
        "data/cases/02-linked:1:1: (file): this is a symbolic link; put the folder or file itself "
        "under data/cases/, not a link to it",
    ]
