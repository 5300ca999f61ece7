"""Load the open JSON Schemas, check them, and validate documents against them.

Every schema is JSON Schema 2020-12 with an ``$id`` built from the site's base URL
and the schema's major version (``<site_url>schemas/v1/hub.schema.json``). They
reference each other by relative ``$ref`` and are resolved from one registry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

from oshub.core.problems import Problem, error

try:  # a compiled validator (Rust) answers "valid?" about ten times faster
    import jsonschema_rs as _rs
except ImportError:  # pragma: no cover - the pure-Python validator still does it all
    _rs = None  # type: ignore[assignment]
from oshub.core.project import KINDS, Project, ProjectError
from oshub.core.symlinks import refused_links
from oshub.load.yamlload import Document
from oshub.routes import Routes
from oshub.schema.formats import format_checker, is_email, is_real_date, is_safe_url
from oshub.schema.messages import schema_problems
from oshub.schema.versions import archived_files, archived_schemas, current_versions, versions_path

if TYPE_CHECKING:  # the detailed validator is imported only when a file needs it
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_SUFFIX = ".schema.json"


@dataclass(frozen=True)
class SchemaSet:
    """The project's schemas: one compiled validator per kind of content."""

    validators: Mapping[str, Draft202012Validator]
    """Kind -> the detailed validator (built when a file first fails the quick check)."""
    fast: Mapping[str, Callable[[Any], bool]]
    """Kind -> a quick yes/no check; only files it rejects get the detailed (slower) pass."""
    documents: Mapping[str, dict[str, Any]]
    """Schema file name -> its JSON."""
    date_keys: frozenset[str]
    """Property names whose values are dates (an unquoted YAML date is fine there)."""
    problems: tuple[Problem, ...]
    """Problems with the schemas themselves (for example an ``$id`` off the site URL)."""
    archived: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    """Older major versions kept for the site to publish at their ``$id``, by path under
    ``schemas/`` (``archive/v1/hub.schema.json``; see ``schema_versions``)."""
    versions: Mapping[str, str] = field(default_factory=dict)
    """Schema file name -> its newest recorded version (``1.1``), from ``versions.json``."""

    @property
    def guide_areas(self) -> tuple[str, ...]:
        """The guide areas, in order, as the guide schema lists them."""
        area = (self.documents.get("guide.schema.json") or {}).get("properties", {}).get("area")
        return tuple(area.get("enum", ())) if isinstance(area, dict) else ()

    def validator(self, kind: str) -> Draft202012Validator:
        """The validator for a kind of content (hub, mission, guide, board)."""
        return self.validators[kind]

    def check(self, kind: str, doc: Document) -> list[Problem]:
        """Schema problems of ``doc``: none at once for a valid file (the fast path)."""
        if self.fast[kind](doc.data):
            return []
        return list(schema_problems(doc, self.validators[kind]))


class SchemaCache:
    """The newest compiled schemas, with the size and times of the files they came
    from: a build run several times, or the live preview, compiles them once. The caller
    makes one and passes it to ``load_schemas`` (``ValidationCache`` holds one)."""

    def __init__(self) -> None:
        self._newest: tuple[tuple[object, ...], SchemaSet] | None = None

    def get(self, key: tuple[object, ...]) -> SchemaSet | None:
        """The set compiled from files as ``key`` says they are, or None."""
        return self._newest[1] if self._newest is not None and self._newest[0] == key else None

    def put(self, key: tuple[object, ...], schemas: SchemaSet) -> None:
        """Keep ``schemas`` (only the newest: older sets are not asked for again)."""
        self._newest = (key, schemas)


def load_schemas(project: Project, cache: SchemaCache | None = None) -> SchemaSet:
    """Read and compile every schema in ``schemas/``; raises ProjectError when one is broken.

    With a ``cache``, the same files (by size and times) give the same, already
    compiled set.
    """
    schema_dir = project.schema_dir
    if not schema_dir.is_dir():
        raise ProjectError(f"no schemas folder at {project.rel(schema_dir)}")
    links = refused_links(project.root, (project.rel(schema_dir),))
    if links:  # never read through one (``oshub validate`` reports each at its path)
        raise ProjectError(f"{links[0].path}: {links[0].message}; {links[0].hint}")
    if cache is None:
        return _read_schemas(project)
    key = _files_key(project)
    found = cache.get(key)
    if found is None:
        found = _read_schemas(project)
        cache.put(key, found)
    return found


def _files_key(project: Project) -> tuple[object, ...]:
    """The schema files as they are now: names, sizes and times (and the site URL their
    ``$id`` is checked against)."""
    schema_dir = project.schema_dir
    key: list[object] = [str(schema_dir), project.site_url]
    archive = [p for _, _, p in archived_files(schema_dir)]
    for path in [
        *sorted(schema_dir.glob(f"*{SCHEMA_SUFFIX}")),
        *archive,
        versions_path(schema_dir),
    ]:
        name = path.relative_to(schema_dir).as_posix()
        try:
            info = path.stat()
        except OSError:
            key.append((name, -1))
        else:
            key.append((name, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    return tuple(key)


def schema_documents(
    schema_dir: Path, rel: Callable[[Path], str] = lambda path: path.name
) -> dict[str, dict[str, Any]]:
    """The schema files of ``schema_dir`` read as JSON, by file name (the one reader of
    schema files); ``ProjectError`` (naming the file by ``rel``) for one that is not a
    JSON object."""
    documents: dict[str, dict[str, Any]] = {}
    for path in sorted(schema_dir.glob(f"*{SCHEMA_SUFFIX}")):
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ProjectError(f"{rel(path)}: not a valid JSON Schema: {_first_line(exc)}") from exc
        if not isinstance(schema, dict):
            raise ProjectError(f"{rel(path)}: a schema must be a JSON object")
        documents[path.name] = schema
    return documents


def _read_schemas(project: Project) -> SchemaSet:
    schema_dir = project.schema_dir
    documents = schema_documents(schema_dir, project.rel)
    problems: list[Problem] = []
    for name, schema in documents.items():
        rel = project.rel(schema_dir / name)
        _check_schema(schema, rel)
        problems.extend(_check_id(schema, name, rel, project.site_url))
    missing = [name for name in KINDS.values() if name not in documents]
    if missing:
        raise ProjectError(f"missing schema files in schemas/: {', '.join(missing)}")
    validators = _DetailedValidators(documents)
    return SchemaSet(
        validators=validators,
        fast={kind: _fast_check(documents[name], validators, kind) for kind, name in KINDS.items()},
        documents=documents,
        date_keys=frozenset(_date_keys(documents)),
        problems=tuple(problems),
        archived=archived_schemas(schema_dir),
        versions=current_versions(schema_dir),
    )


def _check_schema(schema: dict[str, Any], rel: str) -> None:
    """ProjectError unless ``schema`` is a valid JSON Schema 2020-12 (the compiled
    meta-check answers at once; the detailed one is asked only for its message)."""
    if _rs is not None and _rs.meta.is_valid(schema):
        return
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise ProjectError(f"{rel}: not a valid JSON Schema: {_first_line(exc)}") from exc


def _identity(value: Any) -> Any:
    """A hashable stand-in for a JSON value, equal where JSON Schema calls two values
    equal (``1`` and ``1.0`` alike, ``true`` and ``1`` not, keys in any order)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return (type(value).__name__, value)
    if isinstance(value, int | float):
        return ("number", value)
    if isinstance(value, list):
        return ("array", tuple(_identity(item) for item in value))
    if isinstance(value, dict):
        return ("object", frozenset((key, _identity(item)) for key, item in value.items()))
    return ("other", repr(value))


def _linear(base: type[Draft202012Validator]) -> type[Draft202012Validator]:
    """``base`` with a ``uniqueItems`` that hashes each item once. jsonschema's own
    compares every pair when the items cannot be sorted (a ``null`` among strings):
    70,000 hubs in a mission took minutes."""
    from jsonschema import validators
    from jsonschema.exceptions import ValidationError

    def unique_items(
        validator: Any, unique: Any, instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        if not unique or not validator.is_type(instance, "array"):
            return
        seen: set[Any] = set()
        for item in instance:
            key = _identity(item)
            if key in seen:
                yield ValidationError(f"{item!r} is in the list more than once")
                return
            seen.add(key)

    extended: type[Draft202012Validator] = validators.extend(  # type: ignore[no-untyped-call]
        base, {"uniqueItems": unique_items}
    )
    return extended


class _DetailedValidators(Mapping[str, "Draft202012Validator"]):
    """The detailed validators (jsonschema, with every ``$ref`` inlined), built the first
    time one is asked for: a project whose files are all valid never needs them."""

    def __init__(self, documents: Mapping[str, dict[str, Any]]) -> None:
        self._documents = documents
        self._built: dict[str, Draft202012Validator] | None = None

    def _all(self) -> dict[str, Draft202012Validator]:
        if self._built is None:
            from jsonschema import Draft202012Validator

            registry = _registry(self._documents)
            checker = format_checker()
            validator_class = _linear(Draft202012Validator)
            self._built = {
                kind: validator_class(
                    inline_refs(self._documents[name], registry),
                    registry=registry,
                    format_checker=checker,
                )
                for kind, name in KINDS.items()
            }
        return self._built

    def __getitem__(self, kind: str) -> Draft202012Validator:
        return self._all()[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)


def _registry(documents: Mapping[str, Mapping[str, Any]]) -> Registry[Any]:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    return Registry().with_resources(
        (str(s["$id"]), Resource.from_contents(dict(s), default_specification=DRAFT202012))
        for s in documents.values()
        if "$id" in s
    )


def _fast_check(
    schema: dict[str, Any], detailed: Mapping[str, Draft202012Validator], kind: str
) -> Callable[[Any], bool]:
    """A compiled yes/no check of ``schema`` (self-contained: its shared definitions
    are bundled into it), or the detailed validator when jsonschema-rs is missing."""
    if _rs is None:
        return lambda data: detailed[kind].is_valid(data)
    compiled = _rs.Draft202012Validator(
        schema,
        validate_formats=True,
        ignore_unknown_formats=False,
        formats={"date": is_real_date, "uri": is_safe_url, "email": is_email},
    )
    return compiled.is_valid


def inline_refs(schema: dict[str, Any], registry: Registry[Any]) -> dict[str, Any]:
    """A copy of ``schema`` with every ``$ref`` replaced by what it points to.

    Validating against the inlined copy gives the same verdicts and is about twice
    as fast (no reference lookups on every value). A ``$ref``'s sibling keywords
    are kept and take precedence (they are descriptions and examples here).
    Recursive references are left as they are.
    """
    base = str(schema.get("$id", ""))
    resolver = registry.resolver(base_uri=base)

    def walk(node: Any, resolver: Any, base: str, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(item, resolver, base, seen) for item in node]
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
        ref = node.get("$ref")
        if isinstance(ref, str):
            resolved = resolver.lookup(ref)
            # the address the reference leads to, worked out as the resolver does (it
            # keeps its own base private): the same target is the same address
            uri = urljoin(base, ref)
            if uri not in seen:
                target_base = urldefrag(uri).url
                target = walk(resolved.contents, resolved.resolver, target_base, (*seen, uri))
                if isinstance(target, dict):
                    siblings = {
                        k: walk(v, resolver, base, seen) for k, v in node.items() if k != "$ref"
                    }
                    return {**target, **siblings}
        return {key: walk(value, resolver, base, seen) for key, value in node.items()}

    inlined = walk(schema, resolver, base, ())
    assert isinstance(inlined, dict)
    inlined.pop("$defs", None)
    return inlined


def inline_schema_documents(
    documents: Mapping[str, Mapping[str, Any]],
) -> dict[str, dict[str, Any]]:
    """Every schema with its ``$ref``s inlined (for the schema reference page)."""
    registry = _registry(documents)
    return {name: inline_refs(dict(s), registry) for name, s in documents.items()}


SHARED_DEFS = "defs.schema.json"
"""The one source of shared definitions (slugs, dates, links, text fields...)."""
BUNDLE_NOTE = (
    "The shared definitions under $defs are copied from defs.schema.json by "
    "`make schemas` (scripts/tools/bundle_schemas.py), so that this file works on its "
    "own in any validator or editor: edit them there, not here."
)
_SHARED_REF = re.compile(r"^(?:defs\.schema\.json)?#/\$defs/([A-Za-z0-9_-]+)$")


def bundle_schema(schema: Mapping[str, Any], shared: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` made self-contained: every reference to a shared definition
    (``defs.schema.json#/$defs/slug``) points into the schema's own ``$defs``
    (``#/$defs/slug``), which holds a fresh copy of each definition it uses, directly
    or through another. Running it on a bundled schema with unchanged shared
    definitions gives the same schema: a committed file that differs is stale.
    """
    definitions = shared.get("$defs") or {}
    used: set[str] = set()

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        result = {}
        for key, value in node.items():
            match = _SHARED_REF.match(value) if key == "$ref" and isinstance(value, str) else None
            if match and match.group(1) in definitions:
                if match.group(1) not in used:
                    used.add(match.group(1))
                    walk(definitions[match.group(1)])
                result[key] = f"#/$defs/{match.group(1)}"
            else:
                result[key] = walk(value)
        return result

    own = {k: v for k, v in (schema.get("$defs") or {}).items() if k not in definitions}
    bundled: dict[str, Any] = walk(
        {k: v for k, v in schema.items() if k not in ("$defs", "$comment")}
    )
    copies = {name: walk(definitions[name]) for name in sorted(used)}
    if copies:
        bundled["$comment"] = BUNDLE_NOTE
    if own or copies:
        bundled["$defs"] = {**walk(own), **copies}
    return bundled


def bundled_schemas(documents: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every schema but the shared definitions, bundled (see ``bundle_schema``)."""
    shared = documents.get(SHARED_DEFS) or {}
    return {
        name: bundle_schema(schema, shared) if name != SHARED_DEFS else dict(schema)
        for name, schema in documents.items()
    }


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def schema_major(schema: Mapping[str, Any]) -> int:
    """The major version in a schema's ``$id`` (``.../schemas/v2/...`` is 2), 1 when none."""
    found = schema.get("$id")
    return (Routes.schema_major(found) if isinstance(found, str) else None) or 1


def schema_id(site_url: str, name: str, major: int = 1) -> str:
    """The ``$id`` a schema file must carry: where the site publishes it."""
    return site_url + Routes.schema_file(name, major)


def _check_id(schema: Mapping[str, Any], name: str, rel: str, site_url: str) -> list[Problem]:
    found = schema.get("$id")
    major = Routes.schema_major(found) if isinstance(found, str) else None
    expected = schema_id(site_url, name, major or 1)
    if found != expected:
        return [
            error(
                rel,
                1,
                1,
                f"schema $id is {found!r}, expected {expected!r}",
                hint="$ids are built from site_url in mkdocs.yml and the schema's major version",
                pointer="/$id",
            )
        ]
    return []


def _date_keys(documents: Mapping[str, Mapping[str, Any]]) -> set[str]:
    keys: set[str] = set()

    def is_date(schema: Any) -> bool:
        return isinstance(schema, dict) and (
            schema.get("format") == "date" or str(schema.get("$ref", "")).endswith("/$defs/date")
        )

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                if is_date(sub):
                    keys.add(name)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in documents.values():
        walk(schema)
    return keys
