"""What the site says about itself and its files (issue 17): its public address, set once
and checked before publishing; a sitemap of every page; a canonical link, a description
of its own and an Open Graph card on every page; the size of each download beside its
link; and, inside the offline copy, no link to the offline copy."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from test_feed import public_address

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.downloads: list[tuple[str, str]] = []  # the announcement bar's
        self._banner = False
        self._link: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.meta[a.get("name") or a["property"]] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        if tag == "aside" and "md-banner" in (a.get("class") or ""):
            self._banner = True
        if tag == "a" and "download" in a and self._banner:
            self._link, self._text = a["href"], ""

    def handle_data(self, data):
        if self._link is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "aside":
            self._banner = False
        if tag == "a" and self._link is not None:
            self.downloads.append((self._link, " ".join(self._text.split())))
            self._link = None


def _head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _pages(site: Path) -> dict[str, Path]:
    """Every page of a built site by its address from the site's root."""
    pages = {}
    for page in site.rglob("index.html"):
        path = page.parent.relative_to(site).as_posix()
        pages["" if path == "." else path + "/"] = page
    return pages


def test_the_sitemap_lists_every_page_at_its_public_address(built_site: Path):
    address = public_address()
    urls = [loc.text for loc in ET.parse(built_site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert sorted(urls) == sorted(address + path for path in _pages(built_site))
    assert len(urls) > 150


def test_every_page_has_its_canonical_link_description_and_card(built_site: Path):
    address = public_address()
    descriptions = {}
    for path, page in _pages(built_site).items():
        head = _head(page)
        assert head.canonical == address + path, path
        assert head.meta["og:url"] == address + path
        assert head.meta["og:title"] and head.meta["og:site_name"]
        assert head.meta["description"] == head.meta["og:description"] != "", path
        descriptions[path] = head.meta["description"]
    # Each page its own: the chapters', cases', members', sources' and topics' differ.
    generated = {
        p: d for p, d in descriptions.items() if p.startswith(("chapters/", "practices/", "members/"))
    }
    assert len(set(generated.values())) == len(generated)


def test_a_records_page_is_described_by_its_summary(built_site: Path):
    record = yaml.safe_load(
        (
            REPO / "data" / "cases" / "01-training-policy" / "three-pillar-approach-training-course.yml"
        ).read_text(encoding="utf-8")
    )
    head = _head(built_site / "practices" / "three-pillar-approach-training-course" / "index.html")
    assert head.meta["description"] == " ".join(record["summary"].split())
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == "Case 2: A Three-Pillar Approach to Training Course"


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1000))} kB"


def test_downloads_say_how_big_they_are(built_site: Path):
    pdf = built_site / "downloads" / "compendium-2026.pdf"
    offline = built_site / "downloads" / "compendium-2026-offline.zip"
    for path in ("", "chapters/training-policy/", "glossary/"):
        page = built_site / path / "index.html"
        links = dict((href.rsplit("/", 1)[-1], text) for href, text in _head(page).downloads)
        assert links["compendium-2026.pdf"] == f"Download the PDF ({_size(pdf)})"
        assert links["compendium-2026-offline.zip"] == f"offline copy (zip, {_size(offline)})"
        for href, text in _head(page).downloads:  # every download, whatever it is
            assert f"{_size((page.parent / href).resolve())})" in text, text


def test_the_offline_copy_links_to_its_books_but_not_to_itself(built_site: Path, tmp_path: Path):
    with zipfile.ZipFile(built_site / "downloads" / "compendium-2026-offline.zip") as archive:
        archive.extractall(tmp_path)
    copy = tmp_path / "compendium"
    pdf = copy / "downloads" / "compendium-2026.pdf"
    for page in (copy / "index.html", copy / "chapters" / "training-policy.html"):
        links = _head(page).downloads
        names = [href.rsplit("/", 1)[-1] for href, _ in links]
        assert "compendium-2026.pdf" in names and not [n for n in names if n.endswith(".zip")]
        for href, text in links:  # each leads to a file of the copy, and says its size
            target = (page.parent / href).resolve()
            assert target.is_file() and target.is_relative_to(copy.resolve()), href
            assert f"{_size(target)})" in text, text
        assert dict((h.rsplit("/", 1)[-1], t) for h, t in links)["compendium-2026.pdf"] == (
            f"Download the PDF ({_size(pdf)})"
        )
        # Opened from the file system, the copy has no public address of its own.
        assert _head(page).canonical is None


# ----------------------------------------------------------------------------------------
# .ci/check-site-url: the publish workflow refuses a placeholder address


def _check(tmp_path: Path, mkdocs_yml: str) -> subprocess.CompletedProcess:
    (tmp_path / ".ci").mkdir(exist_ok=True)
    shutil.copy(REPO / ".ci" / "check-site-url", tmp_path / ".ci" / "check-site-url")
    (tmp_path / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    return subprocess.run([str(tmp_path / ".ci" / "check-site-url")], capture_output=True, text=True)


def test_the_projects_address_passes_the_check(tmp_path: Path):
    result = _check(tmp_path, (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    assert public_address() in result.stdout


@pytest.mark.parametrize(
    "address, reason",
    [
        ("", "no public address"),
        ("https://example.org/compendium/", "placeholder"),
        ("https://YOUR-ORG.github.io/training-compendium/", "placeholder"),
        ("http://rocb-ap.github.io/training-compendium/", "must start with https://"),
        ("https://someone-else.github.io/training-compendium/", "is not where GitHub Pages publishes"),
    ],
)
def test_a_placeholder_or_wrong_address_stops_the_publication(tmp_path: Path, address: str, reason: str):
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^(\s*site_url:).*$", rf"\g<1> {address}", config, count=1, flags=re.M)
    result = _check(tmp_path, config)
    assert result.returncode == 1 and reason in result.stderr
    assert result.stderr.startswith("::error file=mkdocs.yml::Not publishing")
