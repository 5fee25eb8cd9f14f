"""Build what is published, atomically: the site, its PDF and an offline copy.

`mkdocs build` cleans its output folder before it writes, so a build that fails half-way
(a strict-mode warning, a crash) would leave a broken site behind. Here everything is
built into a staging folder that replaces the previous site only once it is complete.
This is the package's only module that drives MkDocs, and it only calls MkDocs' build.

A build never destroys what it did not make: it refuses an output folder that is (or is
inside, or holds) the project's own files, or that holds anything but an earlier build,
which it knows by the marker file every build leaves (MARKER). Builds into one folder
take turns (a lock beside it); each stages in a folder of its own, and a build removes
what a killed one left behind.
"""

from __future__ import annotations

import datetime
import errno
import fcntl
import logging
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .download_sizes import fill_download_sizes
from .options import BuildOptions

MARKER = ".compendium-build"  # written by every build into the folder it publishes
# Folders of the project a site may never be built into (the build replaces its folder).
PROTECTED = (
    ".git",
    ".github",
    ".venv",
    "bench",
    "data",
    "docs",
    "hooks",
    "node_modules",
    "overrides",
    "schemas",
    "src",
    "tests",
)
LOCK_TIMEOUT = 15 * 60.0  # seconds a build waits for another build into the same folder


class BuildFailed(Exception):
    """The site could not be built; the previous site is untouched."""


def build_site(
    config_file: Path,
    site_dir: Path,
    *,
    offline: bool = True,
    lock_timeout: float = LOCK_TIMEOUT,
    say: Callable[[str], None] | None = None,
) -> None:
    """Build into `site_dir`: the site with downloads/<edition>.pdf and, unless `offline` is
    False, downloads/<edition>-offline.zip, a copy that works from the file system.

    Raises BuildFailed, with a message for the editor, when the folder may not be
    replaced or the build fails; `site_dir` is then left as it was. `say` tells the user
    about waiting for another build (default: standard error)."""
    say = say or _to_stderr
    root = config_file.resolve().parent
    site_dir = site_dir.resolve()
    refusal = refuse_site_dir(root, site_dir)
    if refusal:
        raise BuildFailed(refusal)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        with _lock(site_dir, lock_timeout, say):
            _remove_leftovers(site_dir)
            _build_and_swap(config_file, site_dir, offline)
    except OSError as error:
        raise BuildFailed(f"Could not build into {site_dir}: {explain_os_error(error)}") from None


def refuse_site_dir(root: Path, site_dir: Path) -> str | None:
    """Why the build must not replace `site_dir` (both resolved), or None if it may."""
    advice = (
        "A build replaces its output folder entirely. Choose a folder of its own: leave out --site-dir "
        "(the site goes to site/ in the project folder), or give a new or empty folder."
    )
    if site_dir == root:
        return f"Refusing to build into {site_dir}: it is the project folder itself. {advice}"
    if root.is_relative_to(site_dir):
        return f"Refusing to build into {site_dir}: it contains the project folder {root}. {advice}"
    for name in PROTECTED:
        if site_dir.is_relative_to(root / name) or site_dir.is_relative_to((root / name).resolve()):
            return (
                f"Refusing to build into {site_dir}: it is inside {name}/, which holds the project's "
                f"own files. {advice}"
            )
    for folder in site_dir.parents:
        if folder.exists():
            if not folder.is_dir():
                return (
                    f"Cannot build into {site_dir}: {folder} is a file, where a folder is expected. "
                    "Choose another --site-dir, or move the file away."
                )
            break
    return _not_a_build(site_dir, advice)


def _not_a_build(site_dir: Path, advice: str) -> str | None:
    """Why `site_dir` is something other than a missing or empty folder or an earlier
    build, or None."""
    if not site_dir.exists() and not site_dir.is_symlink():
        return None
    if not site_dir.is_dir():
        return f"Refusing to build into {site_dir}: it is a file, not a folder. {advice}"
    try:
        entries = sorted(entry.name for entry in os.scandir(site_dir))
    except OSError as error:
        return f"Cannot build into {site_dir}: {explain_os_error(error)}"
    if not entries or MARKER in entries or _an_earlier_mkdocs_build(site_dir):
        return None
    shown = ", ".join(entries[:5]) + (f" and {len(entries) - 5} more" if len(entries) > 5 else "")
    return (
        f"Refusing to build into {site_dir}: it holds files that no build made ({shown}), and a build "
        f"would delete them. {advice} If the folder is an old copy of the site that you no longer need, "
        "delete it yourself and build again."
    )


def _an_earlier_mkdocs_build(site_dir: Path) -> bool:
    """A site built before builds left MARKER (or by `mkdocs build`): MkDocs' own files."""
    return all(
        (site_dir / name).is_file() for name in ("index.html", "sitemap.xml", "search/search_index.json")
    )


def _build_and_swap(config_file: Path, site_dir: Path, offline: bool) -> None:
    staging = _new_folder(site_dir, "building")
    try:
        extra = _mkdocs_build(config_file, staging, BuildOptions(pdf=True, offline=False))
        if offline:
            # Material's offline plugin makes links and search work from file://; the PDF and
            # the EPUB are made once, by the main build, and copied in. The copy is
            # staged beside the site too, so a later build removes it if this one is killed.
            copy = _new_folder(site_dir, "building")
            try:
                _mkdocs_build(config_file, copy, BuildOptions(pdf=False, offline=True))
                for book in (staging / extra["downloads"][key] for key in ("pdf", "epub")):
                    if book.is_file():
                        (copy / book.relative_to(staging)).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy(book, copy / book.relative_to(staging))
                fill_download_sizes(copy, extra["downloads"])  # the books' sizes, beside their links
                _zip(copy, staging / extra["downloads"]["offline"])
            finally:
                shutil.rmtree(copy, ignore_errors=True)
        fill_download_sizes(staging, extra["downloads"])
        built = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
        (staging / MARKER).write_text(
            "This folder was made by `compendium build`; the next build replaces all of it.\n"
            f"edition: {extra['downloads']['edition']}\nbuilt: {built}\n",
            encoding="utf-8",
        )
        _swap(staging, site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, site_dir: Path) -> None:
    """Put `staging` in the place of `site_dir`: two renames, so the site folder is never
    missing for more than an instant, and never half-written."""
    refusal = _not_a_build(site_dir, "Nothing was replaced.")  # something may have moved in meanwhile
    if refusal:
        raise BuildFailed(refusal)
    previous = None
    if site_dir.exists():
        previous = site_dir.with_name(f".{site_dir.name}.previous-{os.getpid()}_{secrets.token_hex(4)}")
        site_dir.rename(previous)
    try:
        staging.rename(site_dir)
    except BaseException:
        if previous is not None:
            previous.rename(site_dir)
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


def _new_folder(site_dir: Path, kind: str) -> Path:
    """A new empty folder beside `site_dir`, named so that a later build knows it for a
    leftover; readable like any folder the user makes (mkdtemp's are private)."""
    folder = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.{kind}-", dir=site_dir.parent))
    umask = os.umask(0o022)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    return folder


def _leftover_pattern(site_dir: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(site_dir.name)}\.(building|previous)(-[A-Za-z0-9_]+)?")


def _remove_leftovers(site_dir: Path) -> None:
    """Remove the staging and previous folders of builds that were killed. Only called
    with the lock held: no other build into `site_dir` is running, so every one is stale."""
    leftover = _leftover_pattern(site_dir)
    for entry in os.scandir(site_dir.parent):
        if leftover.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


@contextmanager
def _lock(site_dir: Path, timeout: float, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock of builds into `site_dir` (flock on a file beside it), waiting up to
    `timeout` seconds for another build. The kernel releases it when a build dies."""
    path = site_dir.with_name(f".{site_dir.name}.lock")
    deadline = time.monotonic() + timeout
    told = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    holder = _holder(fd)
                    if time.monotonic() >= deadline:
                        raise BuildFailed(
                            f"Another build into {site_dir}{holder} has been running for more than "
                            f"{timeout:g} seconds; this one stopped waiting. Wait for it to finish and "
                            "build again, or build into another folder with --site-dir."
                        ) from None
                    if not told:
                        say(f"Another build into {site_dir} is running{holder}; waiting for it to finish…")
                        told = True
                    time.sleep(0.2)
            # The previous holder removes the file as it finishes: hold the lock only on
            # the file that is still there, or a third build could lock a new one.
            try:
                if os.stat(path).st_ino != os.fstat(fd).st_ino:
                    continue
            except FileNotFoundError:
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            try:
                yield
            finally:
                path.unlink(missing_ok=True)
            return
        finally:
            os.close(fd)


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


def explain_os_error(error: OSError) -> str:
    """An error of the file system as the editor needs it: what failed, on which path,
    and what to do about it."""
    path = error.filename if error.filename is not None else "a file"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"the disk is full (no space left to write {path}). Free some space on that disk, or "
            "build into a folder on another disk with --site-dir, then run the command again."
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"no permission to write {path} (the folder is read-only for you). Make the folder "
            "writable for your user, or write to another folder, then run the command again."
        )
    if error.errno == errno.ENOTDIR:
        return (
            f"a file stands where a folder is expected ({path}). Move the file away, or choose "
            "another folder."
        )
    if error.errno == errno.EEXIST:
        return f"{path} already exists. Move it away, or choose another name or folder."
    return f"{error.strerror or error} ({path}). Fix that, then run the command again."


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _mkdocs_build(config_file: Path, site_dir: Path, options: BuildOptions) -> dict:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from .pdf import PdfFailed

    # MkDocs logs why a build stopped (a hook's error among them) and raises only "Aborted
    # with a BuildError!": the logged reasons are the message.
    errors = _ErrorsLogged()
    logging.getLogger("mkdocs").addHandler(errors)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
        options.apply(config)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError, PdfFailed) as error:
        raise BuildFailed("\n".join([*errors.messages, str(error)])) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(errors)
    return dict(config.extra)


class _ErrorsLogged(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _zip(folder: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                # Fixed timestamps keep the archive identical for identical content.
                info = zipfile.ZipInfo(
                    str(Path("compendium") / path.relative_to(folder)), date_time=(2026, 1, 1, 0, 0, 0)
                )
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
