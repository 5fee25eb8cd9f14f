"""`compendium`: check the data, and keep the editors' JSON Schemas current."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from . import authoring
from .check import build_compendium
from .problems import CompendiumError
from .schema import stale_schemas, write_schemas


def _project_root(value: str) -> Path:
    root = Path(value)
    if not (root / "data").is_dir():
        raise argparse.ArgumentTypeError(
            f"{value!r} has no data/ folder; run from the project folder or pass --root PROJECT_FOLDER"
        )
    return root.resolve()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="compendium", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser("validate", help="check every file under data/ and list all problems")
    validate.add_argument(
        "--root", type=_project_root, default=".", help="project folder holding data/ (default: here)"
    )
    validate.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: annotations on a pull request's diff",
    )
    build = commands.add_parser(
        "build", help="build the site into --site-dir, replacing the old one only if the build succeeds"
    )
    build.add_argument(
        "--root", type=_project_root, default=".", help="project folder holding mkdocs.yml (default: here)"
    )
    build.add_argument(
        "--site-dir", type=Path, default=None, help="output folder (default: site/ in the project folder)"
    )
    build.add_argument(
        "--no-offline",
        dest="offline",
        action="store_false",
        help="skip the offline copy (zip), for a quicker build",
    )
    schema = commands.add_parser("schema", help="write schemas/*.schema.json from the record models")
    schema.add_argument("--root", type=_project_root, default=".", help="project folder (default: here)")
    schema.add_argument(
        "--check", action="store_true", help="only report whether the committed schemas are current"
    )
    authoring.add_commands(commands, _project_root)  # new, import-issue, issue-form
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except OSError as error:
        # Disk full, a read-only folder, a file where a folder should be: what the editor
        # can fix, said as such rather than as a traceback.
        from .publish import explain_os_error

        print(f"compendium {args.command}: {explain_os_error(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"compendium {args.command}: interrupted.", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        try:
            compendium = build_compendium(args.root)
        except CompendiumError as error:
            report = error.report(args.format, building=False)
            print(report, file=sys.stdout if args.format == "github" else sys.stderr)
            return 1
        print(f"{len(compendium.records)} published records checked; no problems.")
        return 0
    if args.command == "build":
        return _build(args.root, args.site_dir or args.root / "site", args.offline)
    if args.command in authoring.COMMANDS:
        return authoring.run(args)
    folder = args.root / "schemas"
    if args.check:
        stale = stale_schemas(folder)
        if stale:
            print(
                f"schemas/ is out of date ({', '.join(stale)}); "
                "run `compendium schema` and commit the result",
                file=sys.stderr,
            )
            return 1
        print("schemas/ is current.")
        return 0
    write_schemas(folder)
    print(f"wrote {folder}")
    return 0


def _build(root: Path, site_dir: Path, offline: bool) -> int:
    from .publish import BuildFailed, build_site

    # A build stopped with `kill` (or by CI) cleans up after itself as after Ctrl+C; one
    # killed outright leaves folders that the next build removes.
    in_main_thread = threading.current_thread() is threading.main_thread()  # signals need it
    previous = signal.signal(signal.SIGTERM, _interrupt) if in_main_thread else None
    try:
        build_site(root / "mkdocs.yml", site_dir, offline=offline)
    except BuildFailed as error:
        print(f"{error}\nThe build failed; {site_dir} was left as it was.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"The build was interrupted; {site_dir} was left as it was.", file=sys.stderr)
        return 130
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
    print(f"Built the site into {site_dir}.")
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
