"""Issue #13: a build never destroys what it did not make, builds take turns, the PDF reads
only the project's own images, and what goes wrong is said as a message, not a traceback.

Builds run as editors and CI run them (subprocesses of `compendium build`) where timing
and processes matter; in-process where a failure has to be simulated (a full disk, a
read-only folder, WeasyPrint missing), since root ignores file permissions.
"""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import hashlib
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from compendium import cli
from compendium.check import build_compendium
from compendium.compendium import Compendium
from compendium.model import Image
from compendium.pdf import PdfFailed, ProjectFiles, Refused, write_pdf
from compendium.publish import MARKER, BuildFailed, build_site
from conftest import TODAY, compendium_build, copy_project, mkdocs_build

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
_SCRIPT = Path(sys.executable).parent / "compendium"
COMPENDIUM = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "compendium.cli"]


def hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` (links as links), by its content's hash."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def snapshot(site: Path) -> dict[str, bytes]:
    """What a build published; MARKER holds the build's time, the only part that varies."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site."))


# ----------------------------------------------------------------------------------------
# 1. The build never destroys what it did not create


@pytest.mark.parametrize(
    "site_dir, said",
    [
        ("data", "it is inside data/, which holds the project's own files"),
        ("data/cases", "it is inside data/, which holds the project's own files"),
        (".", "it is the project folder itself"),
        ("..", "it contains the project folder"),
        ("docs/x", "it is inside docs/, which holds the project's own files"),
        ("hooks", "it is inside hooks/"),
        ("link-to-data", "it is inside data/"),
        ("../notes", "it holds files that no build made (plan.txt, todo.md)"),
        ("mkdocs.yml", "it is a file, not a folder"),
    ],
)
def test_a_folder_the_build_did_not_make_is_refused_and_left_alone(
    project: Path, tmp_path: Path, site_dir: str, said: str
):
    (project / "docs" / "x").mkdir()
    (project / "docs" / "x" / "picture.png").write_bytes(b"not mine to delete")
    (project / "link-to-data").symlink_to(project / "data")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "plan.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "notes" / "todo.md").write_text("keep me too", encoding="utf-8")
    before = hashes(tmp_path)
    assert "project/data/edition.yml" in before and len(before) > 20

    result = subprocess.run(
        [*COMPENDIUM, "build", "--root", str(project), "--site-dir", site_dir, "--no-offline"],
        capture_output=True,
        text=True,
        cwd=project,
        env=ENV,
    )
    assert result.returncode == 1, result.stderr
    assert "Refusing to build into" in result.stderr and said in result.stderr
    assert "Choose a folder of its own" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Built the site" not in result.stdout
    assert hashes(tmp_path) == before  # not one file added, changed or removed, data/ included


def test_a_site_built_before_is_replaced_and_marked(project: Path, tmp_path: Path):
    site = tmp_path / "site"
    assert compendium_build(project, site, "--no-offline").returncode == 0
    marker = (site / MARKER).read_text(encoding="utf-8")
    assert "compendium build" in marker and "edition: 2026" in marker and "built: " in marker
    (site / "stale.html").write_text("from an older build", encoding="utf-8")
    result = compendium_build(project, site, "--no-offline")
    assert result.returncode == 0, result.stderr
    assert not (site / "stale.html").exists() and (site / "index.html").is_file()


def test_a_site_made_by_plain_mkdocs_build_may_be_replaced(project: Path):
    # What an editor's `mkdocs build` (or a build from before the marker) left in site/.
    site = project / "site"
    assert mkdocs_build(project, site).returncode == 0
    assert not (site / MARKER).exists()
    result = compendium_build(project, site, "--no-offline")
    assert result.returncode == 0, result.stderr
    assert (site / MARKER).is_file()


def test_an_empty_folder_is_fine(project: Path, tmp_path: Path):
    (tmp_path / "empty").mkdir()
    result = compendium_build(project, tmp_path / "empty", "--no-offline")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "empty" / "index.html").is_file()


# ----------------------------------------------------------------------------------------
# 2. Concurrent builds take turns; nothing a killed build left survives the next one


def start_build(project: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*COMPENDIUM, "build", "--root", str(project), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        start_new_session=True,  # its own process group, so a test can kill all of it
    )


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def staging_folders(project: Path) -> list[Path]:
    return [p for p in project.iterdir() if p.name.startswith(".site.building-")]


def assert_complete(site: Path) -> None:
    for name in (
        "index.html",
        "chapters/training-policy/index.html",
        "downloads/compendium-2026.pdf",
        "search/search_index.json",
        MARKER,
    ):
        assert (site / name).is_file(), name
    assert (site / "downloads" / "compendium-2026.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("options", [(), ("--no-offline",)], ids=["with-offline-copy", "no-offline"])
def test_two_builds_at_once_publish_the_same_complete_site_as_one(
    project: Path, tmp_path: Path, options: tuple[str, ...]
):
    reference = tmp_path / "reference"
    assert compendium_build(project, reference, *options).returncode == 0

    first = start_build(project, *options)
    wait_for(lambda: staging_folders(project) or first.poll() is not None)
    assert first.poll() is None, "the first build ended before the second started"
    second = start_build(project, *options)
    first_out, first_err = first.communicate(timeout=300)
    second_out, second_err = second.communicate(timeout=300)

    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    assert "Built the site into" in first_out and "Built the site into" in second_out
    assert "is running" in second_err and "waiting for it to finish" in second_err  # it took its turn
    site = project / "site"
    assert_complete(site)
    if not options:
        assert (site / "downloads" / "compendium-2026-offline.zip").is_file()
    published, single = snapshot(site), snapshot(reference)
    assert sorted(published) == sorted(single)
    assert [name for name in published if published[name] != single[name]] == []
    assert leftovers(project) == []  # no staging folder, no lock file


def test_a_killed_build_leaves_nothing_that_outlives_the_next_build(project: Path):
    assert compendium_build(project, project / "site").returncode == 0
    before = snapshot(project / "site")

    build = start_build(project)
    # Two staging folders: the site's and the offline copy's, so the offline phase is on.
    wait_for(lambda: len(staging_folders(project)) >= 2 or build.poll() is not None)
    assert build.poll() is None, "the build ended before it could be killed"
    os.killpg(build.pid, signal.SIGKILL)
    build.communicate(timeout=60)
    assert build.returncode == -signal.SIGKILL
    assert len(staging_folders(project)) == 2  # what a kill leaves behind...
    assert snapshot(project / "site") == before  # ...while the published site is whole

    result = compendium_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert leftovers(project) == []  # ...is gone after the next build
    assert_complete(project / "site")


def test_a_build_stopped_with_sigterm_cleans_up_at_once(project: Path):
    # What `kill PID`, Ctrl+C or a CI job's cancel does: the build removes its own folders.
    assert compendium_build(project, project / "site", "--no-offline").returncode == 0
    before = snapshot(project / "site")
    build = start_build(project, "--no-offline")
    wait_for(lambda: staging_folders(project) or build.poll() is not None)
    assert build.poll() is None, "the build ended before it could be stopped"
    build.send_signal(signal.SIGTERM)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 130, err
    assert f"The build was interrupted; {project / 'site'} was left as it was." in err
    assert "Traceback" not in err
    assert leftovers(project) == []
    assert snapshot(project / "site") == before


def test_a_build_that_waits_too_long_stops_with_a_message(project: Path, tmp_path: Path):
    said: list[str] = []
    with open(tmp_path / ".site.lock", "w") as held:  # another build, as far as the lock goes
        held.write("4242\n")
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(BuildFailed) as failed:
            build_site(project / "mkdocs.yml", tmp_path / "site", lock_timeout=0.5, say=said.append)
    assert said == [
        f"Another build into {tmp_path / 'site'} is running (process 4242); waiting for it to finish…"
    ]
    assert "has been running for more than 0.5 seconds; this one stopped waiting" in str(failed.value)
    assert "build into another folder with --site-dir" in str(failed.value)
    assert not (tmp_path / "site").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.building")] == []


# ----------------------------------------------------------------------------------------
# 3. The PDF renderer's wall: only image files inside the project, never the network


def png(path: Path, colour: tuple[int, int, int] = (200, 0, 0)) -> Path:
    from PIL import Image as Picture

    path.parent.mkdir(parents=True, exist_ok=True)
    Picture.new("RGB", (40, 30), colour).save(path)
    return path


@pytest.fixture(scope="module")
def pdf_project(tmp_path_factory) -> tuple[Path, Compendium]:
    folder = tmp_path_factory.mktemp("pdf")
    project = copy_project(folder / "project")
    png(project / "data" / "images" / "inside.png")
    secret = png(folder / "outside" / "secret.png", (0, 0, 200))
    (project / "data" / "images" / "link.png").symlink_to(secret)
    png(project / ".git" / "hidden.png")
    (project / "data" / "images" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n and then nothing")
    (project / "data" / "images" / "drawing.png").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/hostname"/></svg>', encoding="utf-8"
    )
    (project / "data" / "images" / "drawing.svg").write_text("<svg/>", encoding="utf-8")
    return project, build_compendium(project, today=TODAY)


def changed(compendium: Compendium, **fields) -> Compendium:
    """The compendium with its first record changed as given (the validator is not asked)."""
    record_id, record = next(iter(compendium.records.items()))
    if "body" in fields:
        fields["body"] = record.body + "\n\n" + fields["body"] + "\n"
    return dataclasses.replace(
        compendium, records={**compendium.records, record_id: record.model_copy(update=fields)}
    )


@pytest.fixture
def no_network(monkeypatch) -> list[tuple]:
    """No socket may open: every attempt is recorded, and fails."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("the test forbids the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.fixture
def counting_server():
    """A local web server that counts requests: (its address, the count)."""
    hits: list[str] = []

    class Count(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Count)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{server.server_address[1]}"
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(address + "/check.png", timeout=5)
    assert hits == ["/check.png"]  # the counter counts
    hits.clear()
    yield address, hits
    server.shutdown()
    server.server_close()


def refused(compendium: Compendium, root: Path, target: Path) -> str:
    with pytest.raises(PdfFailed) as failed:
        write_pdf(compendium, root, target)
    assert not target.exists()
    return str(failed.value)


RECORD_FILE = "data/cases/01-training-policy/"


def test_an_image_outside_the_repository_never_reaches_the_pdf(pdf_project, tmp_path, no_network):
    project, compendium = pdf_project
    secret = project.parent / "outside" / "secret.png"
    message = refused(changed(compendium, body=f"![a]({secret})"), project, tmp_path / "book.pdf")
    assert message.startswith("The PDF was not made: the book refers to images it cannot show.")
    assert f"`{secret}` is outside the project folder" in message
    assert RECORD_FILE in message  # the record to correct
    assert "put the image under data/images/" in message
    assert no_network == []


def test_a_link_leading_out_of_the_repository_is_refused(pdf_project, tmp_path, no_network):
    project, compendium = pdf_project
    message = refused(changed(compendium, body="![a](data/images/link.png)"), project, tmp_path / "b.pdf")
    assert "`data/images/link.png` leads outside the project folder through a link" in message
    message = refused(
        changed(compendium, images=[Image(path="data/images/link.png", alt="A link")]),
        project,
        tmp_path / "c.pdf",
    )
    assert "`data/images/link.png` leads outside the project folder through a link" in message


def past_the_sanitiser(monkeypatch, html: str) -> None:
    """Put `html` in the book as it reaches WeasyPrint. The book's HTML is cleaned (see
    compendium.safe), which drops images with a scheme; this test is about the renderer's
    own wall, so it goes past that one."""
    import compendium.pdf

    book = compendium.pdf.book_html

    def with_html(*args, **kwargs):
        return book(*args, **kwargs).replace("</body>", html + "</body>")

    monkeypatch.setattr(compendium.pdf, "book_html", with_html)


def test_an_image_on_the_network_is_never_requested(pdf_project, tmp_path, counting_server, monkeypatch):
    project, compendium = pdf_project
    address, hits = counting_server
    # From a record: whichever wall stops it, nothing is requested.
    try:
        write_pdf(changed(compendium, body=f"![t]({address}/record.png)"), project, tmp_path / "a.pdf")
    except PdfFailed as failed:
        assert f"{address}/record.png" in str(failed)
    # Past the HTML cleaner: the renderer refuses it, in every way HTML and CSS can ask.
    past_the_sanitiser(
        monkeypatch,
        f'<img src="{address}/img.png"><object data="{address}/object.png"></object>'
        f'<p style="background: url({address}/css.png)">x</p>'
        f'<a rel="attachment" href="{address}/attachment.png">a</a>'
        f"<style>@font-face {{ font-family: T; src: url({address}/font.woff) }}"
        " p { font-family: T }</style>",
    )
    message = refused(compendium, project, tmp_path / "b.pdf")
    for name in ("img", "object", "css", "font"):
        assert f"`{address}/{name}." in message and "(http address)" in message, name
    assert "the PDF never fetches anything from the network" in message
    assert hits == []


def test_no_socket_opens_while_the_pdf_is_made(pdf_project, tmp_path, no_network, monkeypatch):
    project, compendium = pdf_project
    urls = ("http://127.0.0.1:9/x.png", "https://example.org/y.png", "ftp://example.org/z.png")
    past_the_sanitiser(monkeypatch, "".join(f'<img src="{url}">' for url in urls))
    message = refused(compendium, project, tmp_path / "book.pdf")
    for url in urls:
        assert f"`{url}` is not a file of the project" in message
    assert no_network == []


@pytest.mark.parametrize(
    "html, said",
    [
        ('<img src="file://elsewhere/etc/x.png">', "is on another computer (elsewhere)"),
        ('<img src="file:///etc/passwd">', "`file:///etc/passwd` is outside the project folder"),
        ('<img src="data:image/png;base64,iVBORw0KGgo=">', "is not a file of the project (data address)"),
    ],
)
def test_other_addresses_past_the_sanitiser(pdf_project, tmp_path, no_network, monkeypatch, html, said):
    project, compendium = pdf_project
    past_the_sanitiser(monkeypatch, html)
    assert said in refused(compendium, project, tmp_path / "book.pdf")


@pytest.mark.parametrize(
    "body, said",
    [
        ("![x](data/edition.yml)", "`data/edition.yml` is not an image the PDF can show"),
        ("![x](.git/hidden.png)", "`.git/hidden.png` is in a hidden folder"),
        ("![x](data/images/nowhere.png)", "`data/images/nowhere.png` does not exist"),
        ("![x](data/images/broken.png)", "`data/images/broken.png`: Failed to load image"),
        ("![x](data/images/drawing.png)", "`data/images/drawing.png` is not a PNG, JPEG or WebP image"),
        ("![x](data/images/drawing.svg)", "`data/images/drawing.svg` is not an image the PDF can show"),
    ],
)
def test_an_image_the_pdf_cannot_show_fails_it(pdf_project, tmp_path, no_network, body, said):
    project, compendium = pdf_project
    message = refused(changed(compendium, body=body), project, tmp_path / "book.pdf")
    assert said in message


def test_a_missing_figure_fails_the_pdf_instead_of_a_log_line(pdf_project, tmp_path, no_network):
    project, compendium = pdf_project
    figure = Image(path="data/images/not-there.png", alt="A plan")
    message = refused(changed(compendium, images=[figure]), project, tmp_path / "book.pdf")
    assert "`data/images/not-there.png` does not exist (no file at data/images/not-there.png)" in message
    assert RECORD_FILE in message


@pytest.mark.parametrize("path", ["data/images/inside.png", "./data/images/inside.png"])
def test_an_image_inside_the_project_is_in_the_pdf(pdf_project, tmp_path, no_network, path):
    project, compendium = pdf_project
    target = write_pdf(
        changed(compendium, images=[Image(path=path, alt="A red box")]), project, tmp_path / "b.pdf"
    )
    pictures = {image.name for page in PdfReader(target).pages for image in page.images}
    assert len(pictures) == 1  # the one picture of the book
    assert no_network == []


def test_the_wall_itself(tmp_path: Path):
    (tmp_path / "project" / "data").mkdir(parents=True)
    inside = png(tmp_path / "project" / "data" / "a.png")
    wall = ProjectFiles(tmp_path / "project")
    body, kind = wall.open(inside.as_uri())
    assert body == inside.read_bytes() and kind == "image/png"
    for url in (
        "data:image/png;base64,iVBORw0KGgo=",
        "http://localhost/a.png",
        "file://otherhost" + str(inside),
        (tmp_path / "project" / "data" / ".." / ".." / "a.png").as_uri(),
        "file:///etc/passwd",
        "file:///proc/self/environ",
    ):
        with pytest.raises(Refused):
            wall.open(url)
    assert len(wall.refused) == 6


# ----------------------------------------------------------------------------------------
# 4. Messages, not tracebacks; the previous site untouched


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> tuple[Path, Path]:
    """A project and a site built from it, to copy for each test."""
    folder = tmp_path_factory.mktemp("previous")
    project = copy_project(folder / "project")
    assert compendium_build(project, folder / "site", "--no-offline").returncode == 0
    return project, folder / "site"


@pytest.fixture
def site(previous, tmp_path: Path) -> Path:
    shutil.copytree(previous[1], tmp_path / "site", symlinks=True)
    return tmp_path / "site"


def build_in_process(project: Path, site: Path, capsys, *options: str) -> tuple[int, str]:
    code = cli.main(["build", "--root", str(project), "--site-dir", str(site), "--no-offline", *options])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


def assert_untouched(site: Path, previous_site: Path) -> None:
    assert hashes(site) == hashes(previous_site)
    assert leftovers(site.parent) == []


def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(args[-1]))


def test_disk_full_while_writing_pages(previous, site, monkeypatch, capsys):
    import mkdocs.utils

    monkeypatch.setattr(mkdocs.utils, "write_file", no_space)
    code, err = build_in_process(previous[0], site, capsys)
    assert code == 1
    assert f"Could not build into {site}: the disk is full (no space left to write " in err
    assert "Free some space on that disk" in err
    assert f"The build failed; {site} was left as it was." in err
    assert_untouched(site, previous[1])


def test_disk_full_while_writing_the_pdf(previous, site, monkeypatch, capsys):
    import weasyprint

    def full(self, target=None, **options):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(weasyprint.Document, "write_pdf", full)
    code, err = build_in_process(previous[0], site, capsys)
    assert code == 1
    assert "the disk is full (no space left to write " in err and "compendium-2026.pdf" in err
    assert_untouched(site, previous[1])


def test_read_only_output_folder(previous, site, monkeypatch, capsys):
    import tempfile

    def read_only(*args, dir=None, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dir))

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    code, err = build_in_process(previous[0], site, capsys)
    assert code == 1
    assert f"no permission to write {site.parent} (the folder is read-only for you)" in err
    assert "Make the folder writable" in err
    assert_untouched(site, previous[1])


# A genuine skip: sysfs is Linux's (macOS and Windows have no /sys). On Linux, where the
# project builds and CI runs, it is always mounted, so its absence fails the test.
@pytest.mark.skipif(sys.platform != "linux", reason="sysfs, a folder no one may write to, is Linux's")
def test_a_folder_the_system_does_not_let_us_write(previous, capsys):
    # sysfs refuses new files even to root: a real read-only place.
    assert Path("/sys/kernel").is_dir(), "sysfs is not mounted at /sys"
    code, err = build_in_process(previous[0], Path("/sys/compendium-site"), capsys)
    assert code == 1
    assert "Could not build into /sys/compendium-site: no permission to write /sys/" in err


def test_a_file_where_the_output_folder_should_be(previous, tmp_path, capsys):
    (tmp_path / "plan.txt").write_text("mine", encoding="utf-8")
    code, err = build_in_process(previous[0], tmp_path / "plan.txt" / "site", capsys)
    assert code == 1
    assert f"{tmp_path / 'plan.txt'} is a file, where a folder is expected" in err
    assert (tmp_path / "plan.txt").read_text(encoding="utf-8") == "mine"


def test_a_failing_pdf_step(previous, site, monkeypatch, capsys):
    import weasyprint

    def crash(self, *args, **kwargs):
        raise RuntimeError("the layout engine crashed")

    monkeypatch.setattr(weasyprint.HTML, "render", crash)
    code, err = build_in_process(previous[0], site, capsys)
    assert code == 1
    assert (
        "The PDF could not be made: laying out the book failed (RuntimeError: the layout engine crashed)"
        in err
    )
    assert_untouched(site, previous[1])


def test_weasyprint_cannot_be_loaded(previous, site, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    code, err = build_in_process(previous[0], site, capsys)
    assert code == 1
    assert "The PDF cannot be made: WeasyPrint could not be loaded" in err
    assert "pip install -e ." in err and "libpango" in err
    assert_untouched(site, previous[1])


def test_an_interrupted_build(previous, site, monkeypatch, capsys):
    import mkdocs.utils

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(mkdocs.utils, "write_file", interrupt)
    code, err = build_in_process(previous[0], site, capsys)
    assert code == 130
    assert f"The build was interrupted; {site} was left as it was." in err
    assert_untouched(site, previous[1])


def new_record(project: Path, capsys) -> tuple[int, str]:
    code = cli.main(
        ["new", "practice", "--chapter", "1", "--title", "Mentoring new trainers", "--root", str(project)]
    )
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


def test_new_record_in_a_read_only_data_folder(project, monkeypatch, capsys):
    from compendium import authoring

    def read_only(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    before = hashes(project / "data")
    monkeypatch.setattr(authoring, "open", read_only, raising=False)
    code, err = new_record(project, capsys)
    assert code == 1
    written = project / "data" / "cases" / "01-training-policy" / "mentoring-new-trainers.yml"
    assert err.strip() == (
        f"compendium new: no permission to write {written} (the folder is read-only for you). "
        "Make the folder writable for your user, or write to another folder, then run the command again."
    )
    assert hashes(project / "data") == before


def test_new_record_on_a_full_disk_leaves_no_half_written_file(project, monkeypatch, capsys):
    from compendium import authoring

    class Full:
        def __init__(self, path, *args, **kwargs):
            self.file = open(path, *args, **kwargs)  # created, as on a real disk
            self.path = path

        def write(self, text):
            self.file.write(text[:10])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

    before = hashes(project / "data")
    monkeypatch.setattr(authoring, "open", Full, raising=False)
    code, err = new_record(project, capsys)
    assert code == 1
    assert err.startswith("compendium new: the disk is full (no space left to write ")
    assert hashes(project / "data") == before
