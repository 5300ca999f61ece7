"""Find the project, read its settings and list its content files.

The project root is the nearest folder upward holding ``mkdocs.yml``. Content is
found by convention (see the project's conventions): ``hubs/*.yaml``,
``missions/*.yaml``, the data files in ``data/`` and every Markdown page under
``blueprint/guides/``.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from oshub.core.symlinks import readable

PACKAGE_DIR = Path(__file__).resolve().parents[1]
"""The installed ``oshub`` package: its templates, print styles and data beside the code."""

CONFIG_FILE = "mkdocs.yml"

KINDS: dict[str, str] = {
    "hub": "hub.schema.json",
    "mission": "mission.schema.json",
    "guide": "guide.schema.json",
    "board": "board.schema.json",
    "site": "site.schema.json",
    "templates": "templates.schema.json",
    "self-assessment": "self-assessment.schema.json",
    "glossary": "glossary.schema.json",
    "tools": "tools.schema.json",
}
"""Kind of content -> the schema file in ``schemas/`` that checks it."""

DATA_FILES: dict[str, str] = {
    "board": "data/board.yaml",
    "site": "data/site.yaml",
    "templates": "data/templates.yaml",
    "self-assessment": "data/self-assessment.yaml",
    "glossary": "data/glossary.yaml",
    "tools": "data/tools.yaml",
}
"""Single data files: kind -> path relative to the root."""

COLLECTIONS: dict[str, str] = {"hub": "hubs", "mission": "missions"}
"""Collections of one file per item: kind -> folder (file name = slug)."""

DATA_DIR = "data"
SCHEMAS_DIR = "schemas"
YAML = ".yaml"
"""The extension of YAML content files; other spellings (``YAML_SPELLINGS``) are reported."""
YAML_SPELLINGS = frozenset({".yaml", ".yml"})
"""Extensions (lower case) that name a YAML file: any spelling but ``.yaml`` is misnamed."""
MARKDOWN = ".md"
"""The extension of guide pages (``.Md`` or ``.MD`` is reported, never silently skipped)."""

DOCS_DIR = "blueprint"
"""The MkDocs docs folder: hand-written pages and the guides."""
GUIDES_DIR = f"{DOCS_DIR}/guides"


class ProjectError(Exception):
    """The project cannot be used: not found, or its settings are broken (exit 2)."""


@dataclass(frozen=True)
class ContentFile:
    """One content file: its kind, absolute path and path relative to the root."""

    kind: str
    path: Path
    rel: str

    @property
    def slug(self) -> str:
        """The file name without extension (the slug, for hubs and missions)."""
        return self.path.stem


@dataclass(frozen=True)
class Project:
    """A project root and its settings."""

    root: Path
    site_url: str
    directory_urls: bool = True
    """MkDocs' ``use_directory_urls``: pages at ``x/`` (True) or ``x.html``."""
    config_name: str = "mkdocs.yml"
    """The file name of MkDocs' configuration in the root (``mkdocs.yml`` or ``.yaml``)."""

    @property
    def config_file(self) -> Path:
        """MkDocs' configuration file."""
        return self.root / self.config_name

    @property
    def schema_dir(self) -> Path:
        """Folder of the JSON Schemas."""
        return self.root / SCHEMAS_DIR

    def rel(self, path: Path) -> str:
        """``path`` relative to the root, with ``/`` separators."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def content_files(self) -> list[ContentFile]:
        """Every content file of the project, sorted by path.

        Files whose extension is another spelling of the expected one (``.yml``,
        ``.YAML``, ``.Md``) are listed too, with kind ``misnamed``, so that validation
        can tell the author to rename them rather than leave them out unsaid.
        """
        files = list(self._iter_content())
        return sorted(files, key=lambda f: f.rel)

    def _iter_content(self) -> Iterator[ContentFile]:
        for kind, folder in COLLECTIONS.items():
            directory = self.root / folder
            if not directory.is_dir():
                continue
            for path in directory.iterdir():
                if path.suffix == YAML:
                    yield ContentFile(kind, path, self.rel(path))
                elif path.suffix.lower() in YAML_SPELLINGS:
                    yield ContentFile("misnamed", path, self.rel(path))
        data_names = {posixpath.splitext(rel)[0] for rel in DATA_FILES.values()}
        for kind, rel in DATA_FILES.items():
            path = self.root / rel
            if path.exists() or path.is_symlink():
                yield ContentFile(kind, path, rel)
        data = self.root / DATA_DIR
        if data.is_dir():
            for path in data.iterdir():
                rel = self.rel(path)
                stem, suffix = posixpath.splitext(rel)
                if stem in data_names and suffix != YAML and suffix.lower() in YAML_SPELLINGS:
                    yield ContentFile("misnamed", path, rel)
        guides = self.root / GUIDES_DIR
        if guides.is_dir():
            for path in guides.rglob("*"):
                if path.suffix == MARKDOWN:
                    yield ContentFile("guide", path, self.rel(path))
                elif path.suffix.lower() == MARKDOWN:
                    yield ContentFile("misnamed", path, self.rel(path))


def _ignore_unknown_tags(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None  # mkdocs.yml may hold !!python/name: tags for Markdown extensions


def _environment_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]`` as MkDocs reads them: the first
    variable that is set, else the last item as a default (a YAML value)."""
    if isinstance(node, yaml.ScalarNode):
        names: list[Any] = [loader.construct_scalar(node)]
        default: Any = None
    elif isinstance(node, yaml.SequenceNode):
        items = [loader.construct_object(child, deep=True) for child in node.value]
        names, default = items[:-1], items[-1] if len(items) > 1 else None
        if len(items) == 1:
            names = items
    else:
        return None
    for name in names:
        value = os.environ.get(str(name))
        if value is not None:
            return yaml.load(value, Loader=yaml.SafeLoader) if value else value
    return default


class _ConfigLoader(yaml.SafeLoader):
    pass


_ConfigLoader.add_constructor("!ENV", _environment_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_unknown_tags)
_ConfigLoader.add_multi_constructor("!", _ignore_unknown_tags)


CONFIG_NAMES = (CONFIG_FILE, "mkdocs.yaml")
"""The names MkDocs looks for its configuration under, in its order."""


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``mkdocs.yml`` (or ``.yaml``)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / name).is_file() for name in CONFIG_NAMES):
            return folder
    raise ProjectError(f"not an OSHub project: no {CONFIG_FILE} in {start} or any folder above it")


def site_address(value: object, where: str = CONFIG_FILE) -> str:
    """``site_url`` checked and ending in ``/``; ProjectError when it is not an address."""
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise ProjectError(
            f"{where}: `site_url` must be set to the site's address, e.g. https://example.org/"
        )
    return value if value.endswith("/") else value + "/"


def load_project(start: Path | None = None, *, config_file: Path | None = None) -> Project:
    """Find the project from ``start`` (default: the current folder), or take the one of
    ``config_file`` (MkDocs' ``-f``), and read its settings as MkDocs would (``!ENV``)."""
    if config_file is not None:
        root, name = config_file.resolve().parent, config_file.name
    else:
        root = find_root(start or Path.cwd())
        name = next(n for n in CONFIG_NAMES if (root / n).is_file())
    config_path = root / name
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ProjectError(f"{name}: cannot be read: {exc}") from exc
    if not isinstance(config, dict):
        raise ProjectError(f"{name}: expected a mapping of settings")
    site_url = site_address(config.get("site_url"), name)
    directory_urls = config.get("use_directory_urls", True)
    return Project(
        root=root, site_url=site_url, directory_urls=directory_urls is not False, config_name=name
    )


def blueprint_version(project: Project) -> str | None:
    """``version:`` of ``data/site.yaml`` as written (the Blueprint's version), or None
    when the file or the key cannot be read (validation reports why)."""
    path = project.root / DATA_FILES["site"]
    if not readable(path, project.root):
        return None  # never read through a refused link
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    value = data.get("version") if isinstance(data, dict) else None
    return None if value is None else str(value)


_TRANSLATION = re.compile(r"^(?P<base>.+)\.(?P<lang>[a-z]{2,3}(?:-[A-Z]{2})?)\.md$")


def translation_of(path: str) -> tuple[str, str] | None:
    """``(page, language)`` when ``path`` names a translation (``name.<lang>.md`` is the
    ``lang`` translation of ``name.md``), else None."""
    match = _TRANSLATION.fullmatch(path)
    return (f"{match['base']}.md", match["lang"]) if match else None
