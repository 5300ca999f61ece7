"""The ``oshub`` command line: validate content and scaffold new files.

Exit codes: 0 ok (or warnings only), 1 content problems, 2 usage or environment.

Problems print in three formats (``--format``), each bounded whatever the content:
at most 100 problems a file (``problems.MAX_PROBLEMS_PER_FILE``), then one note
saying how many more that file has; quotes of content in a message or hint are cut to
80 characters. The summary line counts every problem, shown or not.

- text: ``path:line:col: error|warning: message [schema/path]``, optionally a line
  ``  hint: ...``; the note is ``path:1:1: note: N more problems in this file not shown
  (at most 100 are shown a file)``; last, the summary line.
- github: one ``::error``/``::warning`` workflow command a problem; the note is a
  ``::notice`` at ``line=1,col=1``; the summary line goes to standard error.
- json: a list of ``{path, line, col, severity, message, schema_path, hint, pointer}``
  (``pointer``: the RFC 6901 JSON pointer of the value a problem is about, ``""`` for a
  whole file or a line of a page's body); a file with more than 100 problems has, after
  its first 100, one object of the same shape with ``severity`` ``"note"``, ``line`` and
  ``col`` 1, ``pointer`` ``""``, and one more key, ``left_out``
  (the number of its problems not in the list). A reader that only wants problems
  keeps the objects whose severity is ``error`` or ``warning``.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Protocol

import oshub
from oshub.core.problems import format_github, format_json, summary, text_report
from oshub.core.project import ProjectError, blueprint_version, load_project
from oshub.publish.swap import Terminated, signals_unwind

if TYPE_CHECKING:
    from oshub.core.problems import Problem
    from oshub.core.project import Project
    from oshub.model.content import ContentCache
    from oshub.validate.run import ValidationResult

EXIT_OK = 0
EXIT_CONTENT = 1
EXIT_USAGE = 2


class _Version(argparse.Action):
    """``--version``: the tool's version, and in a project the Blueprint's (``version:``
    in ``data/site.yaml``); looked up only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        print(f"oshub {oshub.__version__}")
        try:
            blueprint = blueprint_version(load_project())
        except ProjectError:
            blueprint = None
        if blueprint is not None:
            print(f"OSHub Blueprint {blueprint}")
        parser.exit(EXIT_OK)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"oshub: error: {message}\n")


class _Commands(Protocol):
    """What ``add_subparsers`` gives, as the commands use it (argparse names its class
    only privately)."""

    def add_parser(self, name: str, *, help: str | None = ...) -> _Parser: ...


def _parser() -> argparse.ArgumentParser:
    """The command line: every command with its help, in the order ``--help`` lists them;
    each command's arguments are added by a function of its own."""
    parser = _Parser(prog="oshub", description="Validate and publish OSHub.Network content.")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _validate_arguments(
        commands.add_parser(
            "validate", help="check content files against the schemas and each other"
        )
    )
    _build_arguments(
        commands.add_parser(
            "build", help="validate, build the site into a temporary folder and swap it in"
        )
    )
    _offline_arguments(
        commands.add_parser(
            "offline", help="build the whole site as a zip that works opened from disk"
        )
    )
    _serve_arguments(
        commands.add_parser("serve", help="live preview that rebuilds on every change")
    )
    _pdf_arguments(
        commands.add_parser("pdf", help="print the guides and the whole Blueprint as PDF")
    )
    _release_arguments(
        commands.add_parser(
            "release", help="build the site and deploy it as a version to gh-pages with mike"
        )
    )
    commands.add_parser("versions", help="list the versions deployed on gh-pages")
    _review_arguments(
        commands.add_parser(
            "review", help="hubs, missions and guide pages not reviewed for over 12 months"
        )
    )
    _links_arguments(
        commands.add_parser("links", help="check the external links written in content")
    )
    _new_arguments(
        commands.add_parser("new", help="write a valid starter file for a hub or mission")
    )
    _add_contribution_commands(commands)
    return parser


def _validate_arguments(validate: argparse.ArgumentParser) -> None:
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    validate.add_argument(
        "--format", choices=("text", "github", "json"), default="text", help="output format"
    )
    validate.add_argument("--strict", action="store_true", help="warnings fail too")


def _build_arguments(build: argparse.ArgumentParser) -> None:
    build.add_argument("--site-dir", type=Path, help="where the site goes (default: site/)")
    build.add_argument(
        "--format", choices=("text", "github", "json"), default="text", help="problem format"
    )
    build.add_argument(
        "--offline-zip",
        type=Path,
        metavar="ZIP",
        help="a built offline copy (oshub offline) to publish on the downloads page",
    )


def _offline_arguments(offline: argparse.ArgumentParser) -> None:
    offline.add_argument(
        "--out",
        type=Path,
        help="a folder (default: offline/) or a file name ending in .zip",
    )
    offline.add_argument(
        "--format", choices=("text", "github", "json"), default="text", help="problem format"
    )


def _serve_arguments(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    serve.add_argument(
        "--pdf", action="store_true", help="print the PDFs too (off by default: slower)"
    )


def _pdf_arguments(pdf: argparse.ArgumentParser) -> None:
    pdf.add_argument("--area", action="append", metavar="AREA", help="only this guide area")
    pdf.add_argument("--out", type=Path, default=Path("pdf"), help="folder (default: pdf/)")
    pdf.add_argument(
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="print in up to N processes side by side (default 0: one a core)",
    )
    pdf.add_argument(
        "--format", choices=("text", "github", "json"), default="text", help="problem format"
    )


def _release_arguments(release: argparse.ArgumentParser) -> None:
    release.add_argument("version", metavar="VERSION", help="= `version:` in data/site.yaml")
    release.add_argument(
        "--alias", action="append", default=[], metavar="A", help="an alias (e.g. latest)"
    )
    release.add_argument("--push", action="store_true", help="git push gh-pages afterwards")
    release.add_argument(
        "--overwrite", action="store_true", help="replace a version already deployed"
    )
    release.add_argument(
        "--no-offline",
        dest="offline",
        action="store_false",
        help="skip the offline copy (a zip of the site that works from disk)",
    )
    release.add_argument(
        "--format", choices=("text", "github", "json"), default="text", help="problem format"
    )


def _review_arguments(review: argparse.ArgumentParser) -> None:
    review.add_argument("--format", choices=("text", "json"), default="text", help="output")
    review.add_argument(
        "--today", type=_iso_date, metavar="YYYY-MM-DD", help="count from this day (default: today)"
    )


def _links_arguments(links: argparse.ArgumentParser) -> None:
    links.add_argument("--format", choices=("text", "json"), default="text", help="output")
    links.add_argument(
        "--timeout", type=_seconds, default=10.0, metavar="S", help="per address (default: 10)"
    )


def _new_arguments(new: argparse.ArgumentParser) -> None:
    new.add_argument("kind", choices=("hub", "mission"))
    new.add_argument("slug", help="lowercase a-z, 0-9 and single hyphens; the file name")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (YYYY-MM-DD)") from None


def _review(args: argparse.Namespace) -> int:
    from oshub.contrib.review import due_for_review, format_json, format_text
    from oshub.model.content import load_site
    from oshub.model.review_dates import today

    project = load_project()
    result, site = load_site(project)
    on = args.today or today()
    due = due_for_review(site, on)
    if args.format == "json":
        print(format_json(due))
    else:
        for line in format_text(due, on):
            print(line)
    if result.unusable:
        print(
            f"oshub: {len(result.unusable)} file(s) with errors left out (see `oshub validate`)",
            file=sys.stderr,
        )
    return EXIT_OK


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 300:
        raise argparse.ArgumentTypeError(f"not a number of seconds from 0 to 300: {text!r}")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 64:
        raise argparse.ArgumentTypeError(
            f"not a number of processes from 0 (one a core) to 64: {text!r}"
        )
    return value


def _links(args: argparse.Namespace) -> int:
    from oshub.contrib.external_links import check, content_links, format_json, format_text

    checked = check(content_links(load_project()), timeout=args.timeout)
    if args.format == "json":
        print(format_json(checked))
    else:
        for line in format_text(checked):
            print(line)
    return EXIT_CONTENT if any(c.broken for c in checked) else EXIT_OK


# --- contributing without git: issue forms (oshub forms, oshub from-issue) ---------------


def _add_contribution_commands(commands: _Commands) -> None:
    commands.add_parser("forms", help="write the GitHub issue forms from the schemas")
    from_issue = commands.add_parser(
        "from-issue", help="turn a submitted issue form into a content file and a comment"
    )
    from_issue.add_argument("file", type=Path, metavar="FILE", help="the issue's body (Markdown)")
    from_issue.add_argument(
        "--out", type=Path, help="folder the file goes into (default: the project's root)"
    )
    from_issue.add_argument(
        "--format", choices=("text", "json"), default="text", help="the comment, or JSON"
    )


def _forms(args: argparse.Namespace) -> int:
    from oshub.contrib.issue_forms import write_forms

    project = load_project()
    for path in write_forms(project.root):
        print(f"wrote {project.rel(path)}")
    return EXIT_OK


def _from_issue(args: argparse.Namespace) -> int:
    from oshub.contrib.from_issue import Outcome, comment, from_issue, read_body

    project = load_project()
    if not args.file.is_file():
        raise ProjectError(f"no such file: {args.file}")
    out = args.out if args.out is not None else project.root
    if not out.is_dir():
        raise ProjectError(f"--out {out}: no such folder")
    body, problem = read_body(args.file)
    if problem is not None or body is None:
        outcome = Outcome(problems=[problem] if problem else [])
    else:
        outcome = from_issue(project, body, out)
    reply = comment(outcome)
    print(outcome.as_json(reply) if args.format == "json" else reply, end="")
    return EXIT_OK if outcome.ok else EXIT_CONTENT


def _print_problems(args: argparse.Namespace, result: ValidationResult) -> None:
    if args.format == "json":
        print(format_json(result.problems))
    elif args.format == "github":
        for line in format_github(result.problems):
            print(line)
        print(summary(result.problems, result.files_checked), file=sys.stderr)
    else:
        for line in text_report(result.problems, result.files_checked):
            print(line)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Loaded documents are plain data without reference cycles, so reference counting
    frees them; the cycle collector would only walk the growing heap of documents again
    and again (a fifth of the time for thousands of files). The command decides this
    for its own process: the library leaves its caller's collector alone."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # what was loaded is not worth a full collection's walk either
        if was_enabled:
            gc.enable()


def _validate(args: argparse.Namespace) -> int:
    from oshub.validate.documents import skipped_note
    from oshub.validate.run import validate_project

    project = load_project()
    with _no_cycle_collection():
        result = validate_project(project, args.paths)
    _print_problems(args, result)
    note = skipped_note(result.skipped_documents)
    if note:
        print(note, file=sys.stderr)  # standard error: the json and github formats stay clean
    if result.errors or (args.strict and result.warnings):
        return EXIT_CONTENT
    return EXIT_OK


SITE_MODULES = (
    *("mkdocs", "material", "jinja2", "markdown", "odf", "nh3", "babel", "watchdog"),
    *("weasyprint", "PIL", "pypdf"),
)
"""What the site needs beyond the light validation layer (the ``site`` extra)."""


def _site_tools_missing() -> list[str]:
    """The modules of the ``site`` extra that cannot be imported here."""
    missing = []
    for name in SITE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
        except OSError as exc:  # installed, but a system library it loads is not
            from oshub.outputs.pdf.engine import SYSTEM_LIBRARIES

            raise ProjectError(
                f"{name} cannot load a system library ({exc}); install the Debian "
                f"packages with: apt-get install -y {SYSTEM_LIBRARIES}"
            ) from exc
    return missing


def _require_site_tools(command: str) -> None:
    missing = _site_tools_missing()
    if missing:
        raise ProjectError(
            f"`oshub {command}` needs the site tools ({', '.join(missing)} missing): "
            "install them with `pip install 'oshub[site]'` (or run `make site`)"
        )


def _validated(project: Project) -> ContentCache:
    """The project validated into a new cache with the cycle collector off (and what was
    loaded frozen: the build's own collections do not walk it again); the build that
    gets the cache reuses the result."""
    from oshub.model.content import ContentCache
    from oshub.validate.run import validate_once

    cache = ContentCache()
    with _no_cycle_collection():
        validate_once(project, cache.validation)
    return cache


def _build(args: argparse.Namespace) -> int:
    _require_site_tools("build")
    from oshub.publish.build import build_and_swap

    project = load_project()
    if args.offline_zip is not None and not args.offline_zip.is_file():
        raise ProjectError(f"no offline copy at {args.offline_zip}: build it with `oshub offline`")
    outcome = build_and_swap(project, args.site_dir, args.offline_zip, _validated(project))
    failed = _build_failed(args, outcome)
    if failed:
        return failed
    where = project.rel(outcome.site_dir)
    print(
        f"oshub: built {outcome.pages} pages into {where} in {outcome.seconds:.1f} s",
        file=sys.stderr,
    )
    return EXIT_OK


class _Outcome(Protocol):
    """What a build of pages reports (``BuildOutcome``, ``OfflineOutcome``)."""

    validation: ValidationResult
    error: str | None
    site_problems: list[Problem]


def _build_failed(
    args: argparse.Namespace,
    outcome: _Outcome,
    *,
    work: str = "build",
    after: str = "the old site is unchanged",
    checks: str = "broken links, or markup that could run",
) -> int:
    """Print a build's problems; EXIT_CONTENT when it failed, else EXIT_OK. ``work``
    names what was built, ``after`` what is left, ``checks`` what the built pages
    were checked for."""
    from oshub.validate.run import ValidationResult

    if outcome.validation.problems or outcome.validation.errors:
        _print_problems(args, outcome.validation)
    if outcome.validation.errors:
        print(f"oshub: {work} stopped: content errors ({after})", file=sys.stderr)
        return EXIT_CONTENT
    if outcome.error:
        print(f"oshub: {work} failed: {outcome.error} ({after})", file=sys.stderr)
        return EXIT_CONTENT
    if outcome.site_problems:
        files = len({p.path for p in outcome.site_problems})
        _print_problems(args, ValidationResult(outcome.site_problems, files))
        print(
            f"oshub: {work} stopped: {len(outcome.site_problems)} problem(s) in the built "
            f"pages ({checks}); {after}",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    return EXIT_OK


def _release(args: argparse.Namespace) -> int:
    _require_site_tools("release")
    try:
        import mike  # noqa: F401
    except ImportError as exc:
        raise ProjectError(
            "`oshub release` needs mike: install it with `pip install 'oshub[site]'`"
        ) from exc
    from oshub.publish.release import release

    def say(message: str) -> None:
        print(f"oshub: {message}", file=sys.stderr, flush=True)

    project = load_project()
    outcome = release(
        project,
        args.version,
        alias=args.alias,
        push=args.push,
        overwrite=args.overwrite,
        offline=args.offline,
        say=say,
    )
    if outcome.build is not None and not outcome.build.ok:
        _build_failed(args, outcome.build)
        print(f"oshub: version {args.version} not deployed", file=sys.stderr)
        return EXIT_CONTENT
    pushed = " and pushed" if outcome.pushed else " (not pushed: --push sends it)"
    if outcome.offline_size:
        say(f"the offline copy ({outcome.offline_size / 1048576:.1f} MB) is in /downloads/")
    print(
        f"deployed {args.version} from commit {outcome.commit[:12]} to gh-pages{pushed}; "
        f"the newest version is {outcome.newest}"
    )
    return EXIT_OK


def _versions(args: argparse.Namespace) -> int:
    from oshub.publish.gitpages import GitError, deployed_versions, repository_root

    project = load_project()
    try:
        deployed = deployed_versions(repository_root(project.root))
    except GitError as exc:
        print(f"oshub: no version deployed: {exc}", file=sys.stderr)
        return EXIT_OK
    if not deployed:
        print("oshub: no version deployed yet (oshub release VERSION)", file=sys.stderr)
    for each in deployed:
        title = f" {each.title!r}" if each.title != each.version else ""
        aliases = f" [{', '.join(sorted(each.aliases))}]" if each.aliases else ""
        print(f"{each.version}{title}{aliases}")
    return EXIT_OK


def _offline(args: argparse.Namespace) -> int:
    _require_site_tools("offline")
    from oshub.publish.offline import build_offline_zip

    project = load_project()
    outcome = build_offline_zip(project, args.out, _validated(project))
    failed = _build_failed(
        args,
        outcome,
        work="offline copy",
        after="no offline copy written",
        checks="broken links, markup that could run, or addresses that do not work from disk",
    )
    if failed:
        return failed
    assert outcome.zip_path is not None
    size = outcome.size / 1048576
    print(
        f"wrote {outcome.zip_path} ({outcome.pages} pages, {size:.1f} MB, {outcome.seconds:.1f} s)"
    )
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    _require_site_tools("serve")
    from oshub.preview.server import serve

    serve(load_project(), args.dev_addr, pdf=args.pdf)
    return EXIT_OK


def _pdf(args: argparse.Namespace) -> int:
    _require_site_tools("pdf")
    from oshub.outputs.pdf.books import PdfError
    from oshub.publish.pdf import make_pdfs

    project = load_project()
    try:
        outcome = make_pdfs(project, args.area, args.out, jobs=args.jobs)
    except PdfError as exc:
        print(f"oshub: pdf failed: {exc} (earlier PDFs are unchanged)", file=sys.stderr)
        return EXIT_CONTENT
    if outcome.validation.problems:
        _print_problems(args, outcome.validation)
    if outcome.validation.errors:
        print("oshub: no PDF written: content errors", file=sys.stderr)
        return EXIT_CONTENT
    for path, pages, seconds in outcome.written:
        size = path.stat().st_size / 1024
        took = "from the cache" if seconds is None else f"{seconds:.1f} s"
        print(f"wrote {path} ({pages} pages, {size:,.0f} KiB, {took})")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from oshub.contrib.scaffold import new_file

    project = load_project()
    path = new_file(project, args.kind, args.slug)
    print(f"wrote {project.rel(path)}")
    print(f"edit it, then check it with: oshub validate {project.rel(path)}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {
        "validate": _validate,
        "build": _build,
        "serve": _serve,
        "new": _new,
        "pdf": _pdf,
        "release": _release,
        "versions": _versions,
        "review": _review,
        "links": _links,
        "forms": _forms,
        "from-issue": _from_issue,
        "offline": _offline,
    }
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        with signals_unwind():  # SIGTERM unwinds: temporary folders are removed
            return handlers[args.command](args)
    except ProjectError as exc:
        print(f"oshub: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Terminated as exc:
        print(f"oshub: {args.command} {exc}", file=sys.stderr)
        return exc.exit_code


EXIT_BROKEN_PIPE = 141
"""What a shell reports for a command stopped by its reader (128 + SIGPIPE)."""


def run() -> NoReturn:
    """Entry point for ``python -m oshub``: a reader that stops reading (``oshub review |
    head``) ends the command quietly, as it ends other command-line tools."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # nothing more can be written, and Python's own last flush must not fail either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_BROKEN_PIPE
    sys.exit(code)
