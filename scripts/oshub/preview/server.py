"""``oshub serve``: a live preview that tells a contributor what is wrong, fast.

It is MkDocs' own development server (``mkdocs.livereload``) with three changes:

- **Problems are shown, not swallowed.** When content has a problem, the terminal
  prints it exactly as ``oshub validate`` does (file:line:col, message, schema path,
  hint), and every page request gets a page listing the problems instead of hanging;
  that page reloads by itself once the files are fixed. Starting with a broken file
  is fine: the preview starts on that page.
- **A rebuild does what the saved file asks for.** Only changed files are validated
  again; when only hub, mission or guide files changed, MkDocs rebuilds only the pages
  whose content changed (see ``incremental``); anything else (settings, schemas,
  templates, data files, other pages) rebuilds everything.
- **Changes are seen at once** (inotify where the system has it, else polling).

The preview's pages carry no Content-Security-Policy: it would block the server's
inline reload script. Built sites keep theirs.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from oshub.core.problems import Problem, capped, error, text_report
from oshub.core.project import COLLECTIONS, GUIDES_DIR, Project, ProjectError
from oshub.mkdocs.setup import plan_for
from oshub.model.content import ContentCache
from oshub.outputs.site.incremental import FullBuildNeeded, Incremental
from oshub.plan.handoff import handing
from oshub.plan.plan import BuildPlan, PlanStopped
from oshub.publish.build import quiet_mkdocs
from oshub.publish.swap import Terminated, scratch_folder, signals_unwind
from oshub.render.renderer import THEME_BYTECODE, environment
from oshub.validate.run import ValidationResult

SMALL = tuple(f"{folder}/" for folder in COLLECTIONS.values())
"""Folders whose YAML files a small rebuild can follow (with guide pages)."""
_WRITES = frozenset({"created", "modified", "deleted", "moved", "closed"})
"""File events that change something (opening or reading a file does not)."""


def _ignored(path: str) -> bool:
    """Editors' scratch files: swap files, backups, hidden files, vim's write test."""
    name = os.path.basename(path)
    return (
        name.startswith(".")
        or name.endswith("~")
        or name.endswith((".swp", ".swx", ".tmp"))
        or name == "4913"
    )


def _is_page(path: str) -> bool:
    """True for a request a browser makes for a page (not a style sheet or image)."""
    last = path.rsplit("/", 1)[-1]
    return not last or last.endswith(".html") or "." not in last


class _Changes(FileSystemEventHandler):
    """Tells the server which files were written, created, moved or deleted."""

    def __init__(self, server: PreviewServer) -> None:
        self.server = server

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Note the paths of a change, and ask for a rebuild."""
        if event.is_directory or event.event_type not in _WRITES:
            return
        paths = [str(event.src_path)]
        if getattr(event, "dest_path", ""):
            paths.append(str(event.dest_path))
        paths = [p for p in paths if not _ignored(p)]
        if paths:
            self.server.changed(paths)


def serve_url(host: str, port: int, mount_path: str) -> str:
    """The preview's address, as MkDocs' server makes its own (``url``) from the same
    host, port and path: the preview needs it before the server exists."""
    return f"http://{host}:{port}" + ("/" + mount_path.lstrip("/")).rstrip("/") + "/"


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that knows which files changed and can answer every
    page request with a page of problems while the content cannot be built.

    The one place that uses the server's internals (``_serve_request``, its conditions
    and epochs, ``_inject_js_into_html``, its watch tables): MkDocs has no public hook
    for a page of its own, for the files that changed, or for the build under way."""

    def __init__(self, builder: Any, host: str, port: int, root: str, mount_path: str) -> None:
        super().__init__(builder=builder, host=host, port=port, root=root, mount_path=mount_path)
        self.build_delay = 0.05  # wait this long for a burst of writes to end
        try:
            from watchdog.observers.inotify import InotifyObserver
        except ImportError:  # pragma: no cover - systems without inotify keep polling
            pass
        else:
            self.observer = InotifyObserver(timeout=0.25)  # type: ignore[assignment]
        self.problem_page: bytes | None = None
        """While set, every page request gets this page (the problems to fix)."""
        self._changes: set[str] = set()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Watch ``path``; every change that writes a file asks for a rebuild."""
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1
        self._watch_refs[path] = self.observer.schedule(_Changes(self), path, recursive=recursive)

    def changed(self, paths: Iterable[str]) -> None:
        """Record changed files and wake the build loop."""
        with self._rebuild_cond:
            self._changes.update(paths)
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def take_changes(self) -> set[str]:
        """The files changed since the last call."""
        with self._rebuild_cond:
            found, self._changes = self._changes, set()
        return found

    def _serve_request(self, environ: Any, start_response: Any) -> Any:
        path = request_path(environ.get("PATH_INFO", ""))
        if path is None:
            body = b"400 Bad Request: not an address of this site\n"
            headers = [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))),
            ]
            start_response("400 Bad Request", headers)
            return [body]
        if self.problem_page is None or path.startswith("/livereload/") or not _is_page(path):
            return super()._serve_request(environ, start_response)
        with self._epoch_cond:  # the build under way decides what is shown
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            epoch = self._visible_epoch
            page = self.problem_page
        if page is None:  # fixed meanwhile
            return super()._serve_request(environ, start_response)
        body = self._inject_js_into_html(page, epoch)  # type: ignore[no-untyped-call]
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ]
        start_response("500 Internal Server Error", headers)
        return [body]


MAX_PATH = 2048
"""Characters of the longest address the preview answers (a longer one gets 400)."""


def request_path(raw: str) -> str | None:
    """The address a request asks for, decoded, or None when it cannot be one of the
    site's files: longer than ``MAX_PATH``, not UTF-8 once its escapes are decoded,
    holding a control character (a NUL reaches the file system as an error), a
    backslash, a ``%`` that is not an escape, or a ``.``/``..`` segment."""
    if len(raw) > MAX_PATH:
        return None
    try:
        path = raw.encode("latin-1").decode("utf-8")  # WSGI: bytes as Latin-1 text
    except UnicodeError:
        return None
    if not path.startswith("/") or "\\" in path or "%" in path:
        return None
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in path):
        return None
    if any(part in (".", "..") for part in path.split("/")):
        return None
    return path


def _say(message: str) -> None:
    print(f"oshub: {message}", file=sys.stderr, flush=True)


def _print(lines: list[str]) -> None:
    for line in lines:
        print(line, flush=True)


class _PreviewNoise(logging.Filter):
    """MkDocs warns that a dirty build may leave stale navigation (the preview makes one
    only when the navigation cannot have changed), its server logs every answer with the
    page of problems as an error, and it repeats the plugin's one-line stop: the
    preview prints the problems themselves."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (
            "'dirty' build" in message
            or '" code 500' in message
            or message.startswith("oshub: ")  # the plugin's stop: the problems say more
        )


class _SteadyListing(jinja2.FileSystemLoader):
    """The theme's template loader, listing the installed theme's folders (thousands of
    icons) once a preview (into ``listings``, which the preview keeps between builds);
    folders inside the project (``overrides/``) are listed anew."""

    def __init__(self, searchpath: Any, project_root: Path, listings: dict[str, list[str]]) -> None:
        super().__init__(searchpath)
        self.project_root = str(project_root)
        self.listings = listings

    def list_templates(self) -> list[str]:
        """Every template name on the search path."""
        found: set[str] = set()
        for folder in self.searchpath:
            steady = not os.path.abspath(folder).startswith(self.project_root)
            if not steady or folder not in self.listings:
                listing = jinja2.FileSystemLoader(folder).list_templates()
                if not steady:
                    found.update(listing)
                    continue
                self.listings[folder] = listing
            found.update(self.listings[folder])
        return sorted(found)


class Preview:
    """Builds the site for the live preview and keeps the server told what to show."""

    def __init__(self, project: Project, address: str, *, pdf: bool = False) -> None:
        self.project = project
        self.pdf = pdf
        self.config_file = str(project.config_file)
        self.site_dir = ""
        """The temporary folder the preview builds into (set while serving)."""
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise ProjectError(f"--dev-addr must be HOST:PORT, not {address!r}")
        self.host, self.port = host.strip("[]"), int(port)
        self.mount_path = "/"
        self.serve_url = serve_url(self.host, self.port, self.mount_path)
        self.server: PreviewServer | None = None
        self.preview = Incremental()
        """What the last build wrote, for the next (small) one."""
        self.plan: BuildPlan | None = None
        """The last build's plan (None when it could not be made)."""
        self.stopped_by: list[Problem] = []
        """The problems that stopped the last build before it was rendered."""
        self.validation: ValidationResult | None = None
        self.shown: tuple[Problem, ...] | None = None
        self.cache = ContentCache()
        """What validation found, kept between this preview's builds."""
        self.listings: dict[str, list[str]] = {}
        """The installed theme's template folders, listed once a preview."""

    # --- building ---------------------------------------------------------------------

    def config(self) -> MkDocsConfig:
        """MkDocs' configuration for one preview build."""
        config = load_config(self.config_file, site_dir=self.site_dir)
        theme_env = config.theme.get_env
        root = self.project.root

        def get_env() -> jinja2.Environment:
            env = theme_env()
            env.loader = _SteadyListing(config.theme.dirs, root, self.listings)
            env.bytecode_cache = THEME_BYTECODE
            return env

        config.theme.get_env = get_env  # type: ignore[method-assign]
        self.mount_path = urlsplit(config.site_url or "/").path or "/"
        self.serve_url = serve_url(self.host, self.port, self.mount_path)
        config.site_url = self.serve_url
        return config

    def _small(self, changes: set[str]) -> bool:
        """True when only hub, mission or guide files changed (or were removed)."""
        if not changes:
            return False
        for raw in changes:
            rel = self.project.rel(Path(raw))
            if rel.startswith(SMALL) and rel.endswith(".yaml"):
                continue
            if rel.startswith(GUIDES_DIR + "/") and rel.endswith(".md") and Path(raw).is_file():
                continue
            return False
        return True

    def build(self, config: MkDocsConfig | None = None) -> None:
        """One build; never raises for what content or settings can get wrong: the
        problems go to the terminal and to every page the server is asked for."""
        server = self.server
        changes = server.take_changes() if server is not None else set()
        self.cache.validation.forget(p for raw in changes for p in (Path(raw), Path(raw).resolve()))
        small = self._small(changes)
        started = time.perf_counter()
        try:
            config = config or self.config()
            try:
                self._run(config, small)
            except FullBuildNeeded:
                self._run(self.config(), False)
        except (MkDocsException, OSError, jinja2.TemplateError, ProjectError) as exc:
            self._failed(exc)
            return
        except Exception as exc:  # a bug must not stop the preview
            self._failed(exc, unexpected=True)
            return
        self._succeeded(time.perf_counter() - started)

    def _run(self, config: MkDocsConfig, small: bool) -> None:
        """Make this build's plan (from what the last one kept) and render it."""
        self.preview.small = small
        self.plan, self.stopped_by = None, []
        try:
            self.plan = plan_for(
                config, cache=self.cache, preview=self.preview, serving=True, printing=self.pdf
            )
        except PlanStopped as exc:
            self.stopped_by, self.validation = exc.problems, exc.validation
            raise PluginError(f"oshub: {exc}") from exc
        self.validation = self.plan.validation
        with handing(self.plan):
            mkdocs_build(config, serve_url=self.serve_url, dirty=small)

    def _problems(self, exc: BaseException) -> list[Problem]:
        stopped_by = self.stopped_by
        if not stopped_by and self.plan is not None:
            stopped_by = self.plan.last.build_problems
        if stopped_by:
            return list(stopped_by)
        if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
            where = self.project.rel(Path(exc.filename))
            return [error(where, exc.lineno or 1, 1, f"template: {exc.message}")]
        message = str(exc).strip() or type(exc).__name__
        return [error(self.project.config_name, 1, 1, message.splitlines()[0])]

    def _failed(self, exc: BaseException, *, unexpected: bool = False) -> None:
        problems = self._problems(exc)
        if unexpected:
            _say(f"the build failed unexpectedly ({type(exc).__name__}: {exc})")
        validation = self.validation
        checked = validation.files_checked if validation is not None else 0
        _say("the preview is waiting for a fix:")
        _print(text_report(problems, checked))
        self.shown = tuple(problems)
        if self.server is not None:
            self.server.problem_page = self._problem_page(problems)

    def _succeeded(self, seconds: float) -> None:
        validation = self.validation
        warnings = [p for p in (validation.problems if validation else []) if not p.is_error]
        if validation is not None and warnings and tuple(warnings) != self.shown:
            _print(text_report(warnings, validation.files_checked))
        if self.shown and any(p.is_error for p in self.shown):
            _say("fixed: the preview shows the site again")
        self.shown = tuple(warnings)
        written = f", {len(self.preview.rendered)} pages rendered"
        _say(f"built in {seconds:.2f} s{written}")
        if self.server is not None:
            self.server.problem_page = None

    def _problem_page(self, problems: list[Problem]) -> bytes:
        errors = sum(1 for p in problems if p.is_error)

        def render(folders: list[str]) -> str:
            template = environment(folders, "en").get_template("oshub/preview_problems.html")
            return template.render(
                problems=capped(problems), total=len(problems), errors=errors, lang="en"
            )

        try:
            page = render([str(self.project.root / "overrides")])
        except jinja2.TemplateError:  # the project's override of this very page is broken
            page = render([])
        return page.encode("utf-8")

    # --- serving ----------------------------------------------------------------------

    def serve(self) -> None:
        """Build, then serve and rebuild on every change until interrupted (Ctrl+C,
        SIGTERM or SIGHUP); the temporary folder is removed however it stops."""
        quiet_mkdocs(_PreviewNoise())
        with signals_unwind(), scratch_folder("preview") as folder:
            self.site_dir = str(folder)
            self._serve()

    def _serve(self) -> None:
        try:
            config = self.config()
        except MkDocsException as exc:
            raise ProjectError(f"{self.project.config_name}: {exc}") from exc
        config.plugins.on_startup(command="serve", dirty=False)
        server = PreviewServer(
            builder=self.build,
            host=self.host,
            port=self.port,
            root=self.site_dir,
            mount_path=self.mount_path,
        )
        self.server = server
        try:
            self.build(config)
            # as mkdocs serve does: the pages and the settings here, the rest (content,
            # schemas, templates) by the plugin's own on_serve
            server.watch(config.docs_dir)
            server.watch(self.config_file, recursive=False)
            config.plugins.on_serve(server, config=config, builder=self.build)
            _say(f"serving on {self.serve_url} (Ctrl+C to stop)")
            try:
                server.serve()  # type: ignore[no-untyped-call]
            except OSError as exc:
                raise ProjectError(f"cannot serve on {self.host}:{self.port}: {exc}") from exc
            except (KeyboardInterrupt, Terminated):
                _say("stopping")
            finally:
                server.shutdown()
        finally:
            config.plugins.on_shutdown()


def serve(project: Project, address: str = "127.0.0.1:8000", *, pdf: bool = False) -> None:
    """Run the live preview of ``project`` on ``address`` until interrupted (``pdf``:
    print the PDFs too)."""
    Preview(project, address, pdf=pdf).serve()
