"""Validate a whole project: load every file once, check it, collect every problem.

Stages: read (limits) -> parse YAML into data with positions -> schema -> checks
on one document -> checks across documents. Problems are collected, never
raised; only an unusable project (no mkdocs.yml, broken schemas) raises
ProjectError.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from oshub import routes
from oshub.core import unicode_text
from oshub.core.problems import Problem, error
from oshub.core.project import (
    DATA_FILES,
    DOCS_DIR,
    GUIDES_DIR,
    MARKDOWN,
    SCHEMAS_DIR,
    ContentFile,
    Project,
    ProjectError,
    translation_of,
)
from oshub.core.symlinks import refused_links
from oshub.load.frontmatter import Page, split_page
from oshub.load.textfile import read_text
from oshub.load.yamlload import Document, load_yaml
from oshub.schema.registry import SchemaCache, SchemaSet, load_schemas
from oshub.validate import checks, documents
from oshub.validate.checks import Loaded
from oshub.validate.decoded_text import decoded_problems
from oshub.validate.docs_files import check_docs_file, published
from oshub.validate.documents import DocumentCache
from oshub.validate.image_uses import where_used
from oshub.validate.markdown_check import scan_body


@dataclass
class ValidationResult:
    """What validation found: problems, files checked and the loaded documents."""

    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    loaded: dict[str, Loaded] = field(default_factory=dict)
    """Relative path -> loaded content (documents that parsed, valid or not)."""
    invalid: set[str] = field(default_factory=set)
    """Relative paths with at least one error."""
    unusable: set[str] = field(default_factory=set)
    """Relative paths whose data does not fit its schema: a site built with validation
    switched off leaves them out (the others it can still show, defences on)."""
    docs_files: dict[str, list[Problem]] = field(default_factory=dict)
    """Each file of the docs folder other than guide pages (path relative to the docs
    folder) -> what ``check_docs_file`` found: the build publishes only those without
    problems, and does not check them again."""
    skipped_documents: list[str] = field(default_factory=list)
    """The kind (``PDF``, ``image``) of each document whose check needs a package of
    the ``site`` extra that is not installed here (``documents.skipped_note``)."""

    @property
    def errors(self) -> list[Problem]:
        """Only the errors."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """Only the warnings."""
        return [p for p in self.problems if not p.is_error]


def _load(
    file: ContentFile, project: Project
) -> tuple[Document | None, list[Problem], Page | None]:
    text, problems = read_text(file.path, file.rel, project.root)
    if text is None:
        return None, problems, None
    if file.kind != "guide":
        problems = unicode_text.text_problems(text, file.rel)
        doc, load_problems = _load_yaml_text(text, text, file.rel)
        return doc, problems + load_problems, None
    page, split_problems = split_page(text, file.rel)
    # the front matter's deceptive characters are errors or warnings, the body's errors
    problems = unicode_text.text_problems(
        text, file.rel, warnings_before_line=page.body_line + 1 if not split_problems else 1
    )
    if split_problems:
        return None, problems + split_problems, None
    if page.front_matter is None:
        problem = error(
            file.rel,
            1,
            1,
            "guide page has no front matter",
            hint="start the page with ---, a line `title: ...`, and ---",
        )
        return None, [*problems, problem], page
    if not page.front_matter.strip():
        problem = error(file.rel, 1, 1, "front matter is empty", hint="add `title: ...`")
        return None, [*problems, problem], page
    doc, load_problems = _load_yaml_text(
        page.front_matter, text, file.rel, line_offset=page.front_matter_line
    )
    return doc, problems + load_problems, page


def _load_yaml_text(
    yaml_text: str, text: str, rel: str, *, line_offset: int = 0
) -> tuple[Document | None, list[Problem]]:
    """Parse ``yaml_text`` (all of the file's ``text``, or its front matter from
    ``line_offset``), and report the deceptive characters of its keys and values as
    YAML decoded them that the raw scan does not see (``decoded_text``). A text holding
    a character YAML refuses or reads as a line break is not parsed: that character is
    reported at its place (by :func:`unicode_text.text_problems`) instead of YAML's
    confusing message."""
    if unicode_text.breaks_yaml(yaml_text):
        return None, []
    doc, problems = load_yaml(yaml_text, rel, line_offset=line_offset)
    if doc is not None and doc.hidden:
        problems = [*decoded_problems(doc, text, rel), *problems]
    return doc, problems


def check_document(
    file: ContentFile, doc: Document, schemas: SchemaSet, today: date, root: Path | None = None
) -> list[Problem]:
    """Schema and single-document checks for one parsed file."""
    problems = schemas.check(file.kind, doc)
    problems.extend(checks.check_text(doc))
    problems.extend(checks.check_dates(doc, schemas.date_keys, today))
    if file.kind == "hub":
        problems.extend(checks.check_hub(doc))
    elif file.kind == "guide":
        problems.extend(checks.check_guide(doc, file.rel, schemas.guide_areas))
        problems.extend(checks.check_page_facts(doc, file.rel, schemas.guide_areas))
    elif file.kind == "board":
        problems.extend(checks.check_board(doc))
    elif file.kind == "self-assessment" and root is not None:
        problems.extend(checks.check_self_assessment(doc, root / GUIDES_DIR))
    elif file.kind == "glossary":
        problems.extend(checks.check_glossary(doc))
    elif file.kind == "tools":
        problems.extend(checks.check_tools(doc))
    return problems


def check_file(
    file: ContentFile, project: Project, schemas: SchemaSet, today: date
) -> tuple[Loaded | None, list[Problem]]:
    """Everything that can be checked about one file on its own."""
    if file.kind == "misnamed":
        return None, [checks.misnamed(file.rel)]
    problems: list[Problem] = []
    no_slug = False
    if file.kind in ("hub", "mission"):
        reserved = checks.reserved_slugs(file.kind)
        problems.extend(checks.check_slug(file.rel, file.slug, reserved))
        # a name that is no slug makes no page, even with validation off: `x\n` would
        # become a folder with a newline in its name
        no_slug = checks.SLUG.fullmatch(file.slug) is None
    doc, load_problems, page = _load(file, project)
    problems.extend(load_problems)
    scan = None
    if page is not None and file.kind == "guide":
        scan = scan_body(page.body, file.rel, page.body_line)
        problems.extend(scan.problems)
    if doc is None:
        return None, problems
    problems.extend(check_document(file, doc, schemas, today, project.root))
    if no_slug:
        return None, problems
    if page is None:
        return Loaded(file.kind, file.slug, doc), problems
    return Loaded(file.kind, file.slug, doc, page.body, page.body_line, scan), problems


def _cross_checks(
    loaded: dict[str, Loaded], project: Project, files: Sequence[ContentFile], schemas: SchemaSet
) -> list[Problem]:
    problems: list[Problem] = []
    hubs = checks.by_kind(loaded, "hub")
    missions = checks.by_kind(loaded, "mission")
    hub_slugs = frozenset(item.slug for item in hubs)
    problems.extend(checks.check_collection(hubs, "hub", "name"))
    problems.extend(checks.check_collection(missions, "mission", "title"))
    for mission in missions:
        problems.extend(checks.check_mission_refs(mission.doc, hub_slugs))
    guide_files = {f.rel for f in files if f.kind == "guide"}
    for rel in sorted(guide_files):
        of = translation_of(rel)
        if of is not None and of[0] not in guide_files:
            problems.append(
                error(
                    rel,
                    1,
                    1,
                    f"a translation (`.{of[1]}.md`) of `{of[0]}`, which does not exist",
                    hint="a page `name.<lang>.md` translates `name.md` beside it: add that page "
                    "or rename this one",
                )
            )
    templates = next(iter(checks.by_kind(loaded, "templates")), None)
    if templates is not None:
        problems.extend(checks.check_templates(templates.doc, schemas.guide_areas))
    guides = checks.by_kind(loaded, "guide")
    problems.extend(checks.check_guide_titles(guides))
    tools = next(iter(checks.by_kind(loaded, "tools")), None)
    problems.extend(checks.check_tool_markers(guides, checks.tool_ids(tools), DATA_FILES["tools"]))
    if tools is not None and not checks.by_kind(loaded, "self-assessment"):
        assessment = DATA_FILES["self-assessment"]
        problems.extend(checks.check_tools_need_assessment(tools.doc, assessment))
    if guides:
        known = routes.known_paths(
            [f.slug for f in files if f.kind == "hub"],
            [f.slug for f in files if f.kind == "mission"],
            schemas.documents,
        )
        docs = project.root / DOCS_DIR
        docs_files = frozenset(
            p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()
        )
        problems.extend(
            checks.check_guide_links(
                guides, DOCS_DIR, docs_files, known, directory_urls=project.directory_urls
            )
        )
    return problems


def validate_project(
    project: Project,
    paths: Sequence[Path] | None = None,
    *,
    today: date | None = None,
    schemas: SchemaSet | None = None,
    cache: ValidationCache | None = None,
) -> ValidationResult:
    """Validate every content file of ``project``; report problems for ``paths`` only.

    The whole project is always loaded, so that references between files are
    checked; ``paths`` (files or folders) only limit which problems are reported.
    With a ``cache``, files unchanged since they were checked through it are not read
    or checked again. Raises ProjectError when a path does not exist or lies outside
    the project.
    """
    today = today or date.today()
    selected = _selector(project, paths)
    result = ValidationResult()
    links = refused_links(project.root)
    if schemas is None and any(p.path.startswith(f"{SCHEMAS_DIR}/") for p in links):
        # the schemas are not read through a refused link: nothing can be checked
        # against them until it is replaced by the file
        _finish(result, links, selected)
        return result
    cache = cache or ValidationCache()
    schemas = schemas or load_schemas(project, cache.schemas)
    problems: list[Problem] = [*schemas.problems, *links]
    files = project.content_files()
    result.files_checked = sum(1 for file in files if selected(file.rel))
    for file in files:
        item, file_problems = cache.checked(file, project, schemas, today)
        problems.extend(file_problems)
        problems.extend(unicode_text.name_problems(file.rel, file.rel))
        if item is not None:
            result.loaded[file.rel] = item
    docs_problems: list[Problem] = []
    for path, rel_docs in _docs_files(project):
        rel = f"{DOCS_DIR}/{rel_docs}"
        result.files_checked += selected(rel)
        checked = check_docs_file(path, rel_docs, DOCS_DIR, project.root, cache.documents)
        result.docs_files[rel_docs] = checked
        docs_problems.extend(checked)
        problems.extend(unicode_text.name_problems(rel, rel))
        if rel_docs.endswith(".md"):
            problems.extend(_page_text_problems(path, rel, project))
        elif rel_docs.lower().endswith(_TEXT_FILES) and published(rel_docs):
            problems.extend(_file_text_problems(path, rel, project))
        kind = documents.skipped(rel_docs)
        if kind is not None and selected(rel):
            result.skipped_documents.append(kind)
    problems.extend(where_used(docs_problems, result.loaded, project.root, DOCS_DIR))
    problems.extend(_cross_checks(result.loaded, project, files, schemas))
    _finish(result, problems, selected)
    return result


def _finish(result: ValidationResult, problems: list[Problem], selected: _Selector) -> None:
    result.problems = sorted({p for p in problems if selected(p.path)})
    result.invalid = {p.path for p in problems if p.is_error}
    result.unusable = {p.path for p in problems if p.is_error and p.schema_path}


_TEXT_FILES = (".csv", ".txt", ".svg", ".css", ".js")
"""Files of the docs folder other than pages that are text: read for deceptive characters."""


def _file_text_problems(path: Path, rel: str, project: Project) -> list[Problem]:
    """The deceptive characters (the errors only: a bidi control in a table, a drawing's
    text or a script deceives as in a page) written in a text file of the docs folder,
    as themselves or as character references. Reading problems are
    ``check_docs_file``'s to report."""
    text, _ = read_text(path, rel, project.root)
    return [] if text is None else unicode_text.text_problems(text, rel, warnings_before_line=1)


def _page_text_problems(path: Path, rel: str, project: Project) -> list[Problem]:
    """The deceptive characters of a page of the docs folder outside the guides, as for
    a guide page: errors and warnings in its front matter (also as YAML decoded it),
    errors in its body. Reading and YAML problems are ``check_docs_file``'s to report."""
    text, _ = read_text(path, rel, project.root)
    if text is None:
        return []
    page, split_problems = split_page(text, rel)
    if split_problems:
        return unicode_text.text_problems(text, rel, warnings_before_line=1)
    problems = unicode_text.text_problems(text, rel, warnings_before_line=page.body_line + 1)
    if page.front_matter and not unicode_text.breaks_yaml(page.front_matter):
        doc, _ = load_yaml(page.front_matter, rel, line_offset=page.front_matter_line)
        if doc is not None:
            problems.extend(decoded_problems(doc, text, rel))
    return problems


def _docs_files(project: Project) -> Iterator[tuple[Path, str]]:
    """The files of the docs folder other than guide pages (those are content files),
    with their paths relative to it; hidden files are not published and not listed."""
    docs = project.root / DOCS_DIR
    guides = GUIDES_DIR.removeprefix(DOCS_DIR + "/") + "/"
    if not docs.is_dir():
        return
    for path in sorted(docs.rglob("*")):
        rel_docs = path.relative_to(docs).as_posix()
        if any(part.startswith(".") for part in rel_docs.split("/")) or path.is_dir():
            continue
        if rel_docs.startswith(guides) and rel_docs.lower().endswith(MARKDOWN):
            continue  # a guide page, or one misnamed (``.Md``): content files say so
        yield path, rel_docs


def _selector(project: Project, paths: Sequence[Path] | None) -> _Selector:
    if not paths:
        return _Selector(None)
    prefixes: list[str] = []
    for raw in paths:
        path = (Path.cwd() / raw) if not raw.is_absolute() else raw
        if not path.exists() and not path.is_symlink():
            raise ProjectError(f"no such file or folder: {raw}")
        absolute = path.parent.resolve() / path.name
        try:
            rel = absolute.relative_to(project.root).as_posix()
        except ValueError as exc:
            raise ProjectError(f"{raw} is outside the project at {project.root}") from exc
        prefixes.append("" if rel == "." else rel)
    return _Selector(prefixes)


@dataclass(frozen=True)
class _Selector:
    prefixes: Iterable[str] | None

    def __call__(self, rel: str) -> bool:
        if self.prefixes is None:
            return True
        return any(p == "" or rel == p or rel.startswith(p + "/") for p in self.prefixes)


_FileKey = tuple[int, int, int, int]


def _file_key(path: Path) -> _FileKey | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


@dataclass
class ValidationCache:
    """What validating a project found, kept between runs that share this object: the
    live preview checks only the file that was saved, and a build that validates before
    MkDocs starts gives the plugin the same result. The caller makes one (a command, a
    preview) and passes it on; runs with different caches see nothing of each other."""

    schemas: SchemaCache = field(default_factory=SchemaCache)
    """The compiled schemas."""
    documents: DocumentCache = field(default_factory=DocumentCache)
    """The documents of the docs folder checked for what they are."""
    files: dict[Path, tuple[_FileKey, SchemaSet, date, Loaded | None, list[Problem]]] = field(
        default_factory=dict
    )
    """Path -> what checking it found, with the file's size, times and inode, the
    schemas and the day it was checked against."""
    results: dict[Path, tuple[tuple[object, ...], ValidationResult]] = field(default_factory=dict)
    """Project root -> the whole project's result, with what its files were then
    (``validate_once``)."""

    def checked(
        self, file: ContentFile, project: Project, schemas: SchemaSet, today: date
    ) -> tuple[Loaded | None, list[Problem]]:
        """``check_file``, or what it found last time when the file is as it was then.

        The self-assessment is always checked again: it names guide pages, whose
        presence is not part of its own file.
        """
        key = _file_key(file.path)
        if key is None or file.kind == "self-assessment":
            return check_file(file, project, schemas, today)
        cached = self.files.get(file.path)
        if cached is not None and cached[0] == key and cached[1] is schemas and cached[2] == today:
            return cached[3], list(cached[4])
        item, problems = check_file(file, project, schemas, today)
        self.files[file.path] = (key, schemas, today, item, list(problems))
        return item, problems

    def forget(self, paths: Iterable[Path]) -> None:
        """Check these files again next time, whatever their size and times say (a file
        saved twice within the file system's clock tick keeps its times)."""
        for path in paths:
            self.files.pop(path, None)
        self.results.clear()


def _fingerprint(project: Project) -> tuple[tuple[str, int, int], ...]:
    """What the content and schemas are now: path, size and modification time of each."""
    paths = [f.path for f in project.content_files()]
    paths.extend(path for path, _ in _docs_files(project))
    if project.schema_dir.is_dir():
        paths.extend(sorted(project.schema_dir.glob("*.json")))
    found = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            found.append((str(path), -1, -1))
        else:
            found.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(found)


def validate_once(
    project: Project, cache: ValidationCache, *, schemas: SchemaSet | None = None
) -> ValidationResult:
    """``validate_project`` for the whole project, once per ``cache``: a build that runs
    several times (one run a language) or is started again by a caller that has just
    validated (``oshub build``) gets the same result, as long as no file has changed."""
    # the refused links are part of it: a link replaced by its file in overrides/ or
    # schemas/ changes no content file
    links = tuple(refused_links(project.root))
    fingerprint = (project.site_url, project.directory_urls, links, *_fingerprint(project))
    cached = cache.results.get(project.root)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    result = validate_project(project, schemas=schemas, cache=cache)
    cache.results[project.root] = (fingerprint, result)
    return result
