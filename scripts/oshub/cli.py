"""The ``oshub`` command line: validate content and scaffold new files.

Exit codes: 0 ok (or warnings only), 1 content problems, 2 usage or environment.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from .problems import format_github, format_json, format_text, summary
from .project import ProjectError, load_project

EXIT_OK = 0
EXIT_CONTENT = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"oshub: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="oshub", description="Validate and publish OSHub.Network content.")
    parser.add_argument("--version", action="version", version=f"oshub {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    validate = commands.add_parser(
        "validate", help="check content files against the schemas and each other"
    )
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    validate.add_argument(
        "--format", choices=("text", "github", "json"), default="text", help="output format"
    )
    validate.add_argument("--strict", action="store_true", help="warnings fail too")
    new = commands.add_parser("new", help="write a valid starter file for a hub or mission")
    new.add_argument("kind", choices=("hub", "mission"))
    new.add_argument("slug", help="lowercase a-z, 0-9 and single hyphens; the file name")
    return parser


def _validate(args: argparse.Namespace) -> int:
    from .validate import validate_project  # imported here: keeps --version fast

    project = load_project()
    result = validate_project(project, args.paths)
    if args.format == "json":
        print(format_json(result.problems))
    elif args.format == "github":
        for line in format_github(result.problems):
            print(line)
        print(summary(result.problems, result.files_checked), file=sys.stderr)
    else:
        for line in format_text(result.problems):
            print(line)
        print(summary(result.problems, result.files_checked))
    if result.errors or (args.strict and result.warnings):
        return EXIT_CONTENT
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .scaffold import new_file

    project = load_project()
    path = new_file(project, args.kind, args.slug)
    print(f"wrote {project.rel(path)}")
    print(f"edit it, then check it with: oshub validate {project.rel(path)}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {"validate": _validate, "new": _new}
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return handlers[args.command](args)
    except ProjectError as exc:
        print(f"oshub: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def run() -> NoReturn:
    """Entry point for ``python -m oshub``."""
    sys.exit(main())
