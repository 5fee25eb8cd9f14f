"""WCAG 2.2 AA: axe-core audits every kind of generated page in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import chromium_page, serve
from conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGE_TYPES = {
    "home": "",
    "chapter with chart and explorer": "chapters/training-policy/",
    "chapter with tables": "chapters/good-practice-report-29/",
    "practice": "practices/three-pillar-approach-training-course/",
    "practice with large tables": "practices/structured-comprehensive-annual-training-plan/",
    "explorer": "explore/",
    "all practices": "practices/",
    "members": "members/",
    "member": "members/in/",
    "sources": "sources/",
    "source": "sources/wco-fppcp-2015/",
    "topics": "topics/",
    "topic": "topics/e-learning/",
    "glossary": "glossary/",
    "open data": "open-data/",
    "timeline": "chapters/events/",
    "editors' guide": "editors/",
}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def audit(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
@pytest.mark.parametrize("scheme", ["light", "dark"])  # the site follows the reader's system setting
def test_page_has_no_serious_accessibility_violation(built_site: Path, path: str, viewport, scheme: str):
    assert (built_site / path / "index.html").is_file(), f"{path} is missing from the site"
    # bypass_csp: axe-core is injected as an inline script, which the site's policy refuses.
    with (
        serve(built_site) as url,
        chromium_page(viewport=viewport, bypass_csp=True, color_scheme=scheme) as page,
    ):
        page.goto(url + path)
        shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == {"light": "default", "dark": "slate"}[scheme]
        assert audit(page) == []


def test_audit_catches_a_real_violation(built_site: Path, tmp_path: Path):
    # The audit is not vacuous: an image without alt text and an unlabelled input fail it.
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="x.png"><input type="checkbox"></main></body></html>',
        encoding="utf-8",
    )
    with serve(tmp_path) as url, chromium_page(bypass_csp=True) as page:
        page.goto(url)
        found = audit(page)
    assert any(v.startswith("image-alt") for v in found) and any(v.startswith("label") for v in found)
