"""The record explorer, used as a member would: filters, counts, shareable addresses."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

from browser import chromium_page, serve
from compendium.check import build_compendium
from conftest import REPO, TODAY


def _shown(page) -> list[str]:
    return [a.strip() for a in page.locator(".explorer-list li:not([hidden]) > a").all_inner_texts()]


def _expected(**facets) -> list[str]:
    """Titles the explorer should show, computed from the data itself."""
    from compendium.site import Site, facet_member

    compendium = build_compendium(REPO, today=TODAY)
    site = Site(compendium)
    picked = []
    for r in compendium.records.values():
        values = {"chapter": [str(r.chapter)], "member": facet_member(r), "kind": [r.kind], "tag": r.tags}
        if all(not chosen or set(chosen) & set(values[key]) for key, chosen in facets.items()):
            picked.append(site.record_heading(r))
    return picked


def test_filtering_by_member_and_chapter_shows_exactly_their_records(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "explore/")
        assert len(_shown(page)) == len(_expected())
        page.get_by_role("checkbox", name="India").check()
        assert _shown(page) == _expected(member=["IN"])
        page.get_by_role("checkbox", name="Annex 1: Notes from Panel Discussion").check()
        assert _shown(page) == _expected(member=["IN"], chapter=["10"]) != []
        assert (
            page.locator("[data-status]").inner_text()
            == f"{len(_expected(member=['IN'], chapter=['10']))} of {len(_expected())} records match"
        )
        # The state is in the address: a shared link reproduces it, and Back undoes a step.
        assert parse_qs(page.evaluate("location.search")[1:]) == {"member": ["IN"], "chapter": ["10"]}
        page.go_back()
        assert _shown(page) == _expected(member=["IN"])
        page.goto(url + "explore/?member=FJ&member=IN&kind=text")
        assert _shown(page) == _expected(member=["FJ", "IN"], kind=["text"])
        assert page.get_by_role("checkbox", name="Fiji").is_checked()


def test_counts_tell_what_each_choice_would_show(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "explore/?kind=practice")
        label = page.locator("fieldset[data-facet=chapter] label", has_text="Chapter 8: Evaluation")
        assert (
            label.locator("[data-count]").inner_text()
            == f"({len(_expected(kind=['practice'], chapter=['8']))})"
        )


def test_chapter_page_filters_its_own_records(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "chapters/evaluation/?kind=practice")
        assert page.locator("details.explorer-box").get_attribute("open") is not None
        assert _shown(page) == _expected(chapter=["8"], kind=["practice"])


def test_without_javascript_every_record_is_listed(built_site: Path):
    with serve(built_site) as url, chromium_page(java_script_enabled=False) as page:
        page.goto(url + "explore/")
        assert len(_shown(page)) == len(_expected())
        assert page.locator("form.explorer-filters").is_hidden()


def test_keyboard_reaches_every_filter(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "explore/")
        boxes = page.locator("form.explorer-filters input[type=checkbox]")
        wanted = boxes.count()
        reached = set()
        for _ in range(wanted + 200):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "document.activeElement.matches('form.explorer-filters input') ? document.activeElement.name + '=' + document.activeElement.value : null"
            )
            if focused:
                reached.add(focused)
            if len(reached) == wanted:
                break
        assert len(reached) == wanted
        # Space ticks the focused box, as with any checkbox.
        page.keyboard.press("Space")
        assert page.evaluate("document.activeElement.checked") is True
        assert page.evaluate("location.search") != ""
