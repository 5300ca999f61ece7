"""Load the open JSON Schemas and turn schema errors into problems people can act on.

Every schema is JSON Schema 2020-12 with an ``$id`` built from the site's base URL
and the schema's major version (``<site_url>schemas/v1/hub.schema.json``). They
reference each other by relative ``$ref`` and are resolved from one registry.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit

from oshub.core.htmlpolicy import SAFE_SCHEMES
from oshub.core.problems import Problem, error

try:  # a compiled validator (Rust) answers "valid?" about ten times faster
    import jsonschema_rs as _rs
except ImportError:  # pragma: no cover - the pure-Python validator still does it all
    _rs = None  # type: ignore[assignment]
from oshub.core.project import KINDS, Project, ProjectError
from oshub.core.symlinks import refused_links
from oshub.load.yamlload import Document, Pointer
from oshub.routes import Routes
from oshub.schema.versions import archived_files, archived_schemas, current_versions, versions_path

if TYPE_CHECKING:  # the detailed validator is imported only when a file needs it
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_SUFFIX = ".schema.json"
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_PLAIN_WEB_ADDRESS = re.compile(
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?:/[^\s\x00-\x1f\x7f]*)?"
)
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)


def is_real_date(value: object) -> bool:
    """True for a ``YYYY-MM-DD`` string naming a real calendar day."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return not isinstance(value, str)  # other types are the type keyword's business
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_safe_url(value: object) -> bool:
    """True for an https, http or mailto address with a host (or address)."""
    if not isinstance(value, str):
        return True
    if _PLAIN_WEB_ADDRESS.fullmatch(value):
        return True  # the common case, decided without parsing
    if _SPACE_OR_CONTROL.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme == "mailto":
        return bool(_EMAIL.fullmatch(parts.path))
    return parts.scheme in SAFE_SCHEMES and bool(parts.hostname)


def is_email(value: object) -> bool:
    """True for a plausible e-mail address."""
    return not isinstance(value, str) or bool(_EMAIL.fullmatch(value))


def format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date")(is_real_date)
    checker.checks("uri")(is_safe_url)
    checker.checks("email")(is_email)
    return checker


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


def _read_schemas(project: Project) -> SchemaSet:
    documents: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    schema_dir = project.schema_dir
    for path in sorted(schema_dir.glob(f"*{SCHEMA_SUFFIX}")):
        rel = project.rel(path)
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ProjectError(f"{rel}: not a valid JSON Schema: {_first_line(exc)}") from exc
        if not isinstance(schema, dict):
            raise ProjectError(f"{rel}: a schema must be a JSON object")
        _check_schema(schema, rel)
        problems.extend(_check_id(schema, path.name, rel, project.site_url))
        documents[path.name] = schema
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


# --- schema errors -> problems -------------------------------------------------------

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping of keys to values",
    "array": "a list",
    "null": "nothing",
}


def _type_of(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int):
        return f"the whole number {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'the text "{shown}"'
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def label(pointer: Pointer) -> str:
    """A readable name for a place in a document: ``location.lat``, ``sdgs[2]``."""
    text = ""
    for part in pointer:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the file"


def did_you_mean(word: str, choices: list[str]) -> str:
    """``did you mean `x`?`` for the closest choice, or an empty string."""
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f"did you mean `{lowered[word.lower()]}`?"
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def _no_hint(word: str, choices: list[str]) -> str:
    return ""


def _join_hint(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _examples(schema: Any) -> str:
    if not isinstance(schema, dict):
        return ""
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return "for example " + ", ".join(json.dumps(e, ensure_ascii=False) for e in examples[:3])
    return ""


HINTED = 200
"""Schema problems of one file that get a ``did you mean`` hint; the others (past what
any output shows of a file) are counted without one: 100,000 unknown keys cost no
100,000 fuzzy searches."""


def schema_problems(doc: Document, validator: Draft202012Validator) -> Iterator[Problem]:
    """Every schema problem of ``doc``, at the line and column of the value at fault."""
    for number, err in enumerate(validator.iter_errors(doc.data)):
        yield from _problems_for(err, doc, hints=number < HINTED)


def _best_branch_error(err: ValidationError) -> ValidationError:
    """The most telling error of a failed ``oneOf``/``anyOf``.

    A branch whose type does not even fit the value (a list where a mapping was
    written) says little; the errors of branches of the right type name the real
    mistake, so they are preferred before jsonschema's own ``best_match``.
    """
    context = list(err.context or [])
    wrong_type = {
        e.relative_schema_path[0]
        for e in context
        if e.validator == "type" and not e.relative_path and e.relative_schema_path
    }
    fitting = [e for e in context if e.relative_schema_path[0] not in wrong_type]
    from jsonschema.exceptions import best_match

    return best_match(fitting or context) or err


def _problems_for(err: ValidationError, doc: Document, *, hints: bool) -> Iterator[Problem]:
    """The problems one schema error becomes, in the words of its keyword (``_MESSAGES``);
    none where loading already reported the place."""
    if err.validator in ("oneOf", "anyOf") and err.context:
        yield from _problems_for(_best_branch_error(err), doc, hints=hints)
        return
    pointer: Pointer = tuple(err.absolute_path)
    if any(pointer[: i + 1] in doc.flagged for i in range(len(pointer))):
        return  # already reported while loading (a YAML 1.1 trap, an alias, ...)
    failure = _Failure(
        err,
        doc,
        pointer,
        name=label(pointer),
        schema_path="/".join(str(p) for p in err.absolute_schema_path),
        schema=err.schema if isinstance(err.schema, dict) else {},
        closest=did_you_mean if hints else _no_hint,
    )
    yield from _MESSAGES.get(str(err.validator), _as_is)(failure)


@dataclass(frozen=True)
class _Failure:
    """One schema error and what its message is made from."""

    err: ValidationError
    doc: Document
    pointer: Pointer
    name: str
    """The readable name of the place at fault (``location.lat``)."""
    schema_path: str
    schema: dict[str, Any]
    """The schema (or sub-schema) whose keyword failed."""
    closest: Callable[[str, list[str]], str]
    """``did you mean`` (or nothing, past the file's hinted problems)."""

    @property
    def value(self) -> Any:
        """The failed keyword's value in the schema (the list of required keys, ...)."""
        return self.err.validator_value

    @property
    def instance(self) -> Any:
        """The value in the document that does not fit."""
        return self.err.instance

    def problem(
        self, message: str, hint: str = "", where: tuple[int, int] | None = None
    ) -> Problem:
        """An error at ``where``, or at the value at fault."""
        line, col = where or self.doc.position(self.pointer)
        return error(self.doc.path, line, col, message, hint=hint, schema_path=self.schema_path)


def _as_is(f: _Failure) -> Iterator[Problem]:
    """A keyword without a message of its own: the validator's message."""
    yield f.problem(f"{f.name}: {f.err.message}")


def _unknown_keys(f: _Failure) -> Iterator[Problem]:
    """``additionalProperties``: one problem a key, at the key, with the closest allowed one."""
    if not isinstance(f.instance, dict):
        yield from _as_is(f)
        return
    allowed = sorted((f.schema.get("properties") or {}).keys())
    unknown = [key for key in f.instance if key not in allowed]
    for number, key in enumerate(unknown):
        listing = f"allowed keys: {', '.join(allowed)}" if len(allowed) <= 20 else ""
        closest = f.closest(str(key), allowed) if number < HINTED else ""
        yield f.problem(
            f"unknown key `{key}`" + (f" in {f.name}" if f.pointer else ""),
            _join_hint(closest, listing),
            f.doc.key_position((*f.pointer, key)),
        )


def _missing_keys(f: _Failure) -> Iterator[Problem]:
    """``required``: one problem a missing key, saying what the key is for."""
    if not isinstance(f.instance, dict):
        yield from _as_is(f)
        return
    props = f.schema.get("properties") or {}
    for key in f.value:
        if key in f.instance:
            continue
        description = (props.get(key) or {}).get("description", "")
        where = f" in {f.name}" if f.pointer else ""
        at = f.doc.key_position(f.pointer) if f.pointer else (1, 1)
        yield f.problem(
            f"missing required key `{key}`{where}",
            _join_hint(f"add `{key}:`", description),
            at,
        )


def _wrong_type(f: _Failure) -> Iterator[Problem]:
    """``type``: what was expected and found, and how to write it (a list, quotes)."""
    expected = f.value if isinstance(f.value, list) else [f.value]
    wanted = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in expected)
    hint = ""
    if "array" in expected and isinstance(f.instance, str | int | float):
        hint = "write a list, one item a line starting with `- `, or [a, b]"
    elif "string" in expected and isinstance(f.instance, int | float | bool):
        hint = f'quote it: "{f.instance}"'
    yield f.problem(
        f"{f.name}: expected {wanted}, found {_type_of(f.instance)}",
        _join_hint(hint, _examples(f.schema)),
    )


def _not_allowed(f: _Failure) -> Iterator[Problem]:
    """``enum``: the allowed values, and the closest one to what was written."""
    choices = [str(c) for c in f.value]
    yield f.problem(
        f"{f.name}: {_type_of(f.instance)} is not an allowed value",
        _join_hint(
            f.closest(str(f.instance), choices) if isinstance(f.instance, str) else "",
            "allowed values: " + ", ".join(choices),
        ),
    )


def _not_the_constant(f: _Failure) -> Iterator[Problem]:
    """``const``: the one value allowed."""
    yield f.problem(f"{f.name}: must be {json.dumps(f.value)}, found {_type_of(f.instance)}")


def _bad_format(f: _Failure) -> Iterator[Problem]:
    """``format``: what a date, link or e-mail address must look like."""
    yield f.problem(*_format_message(str(f.value), f.name, f.instance))


def _wrong_form(f: _Failure) -> Iterator[Problem]:
    """``pattern``: the field's description and examples say the expected form."""
    if f.schema.get("format") == "uri" and not is_safe_url(f.instance):
        return  # the format's own message says it better
    yield f.problem(
        f"{f.name}: {_type_of(f.instance)} does not have the expected form",
        _join_hint(f.schema.get("description", ""), _examples(f.schema)),
    )


def _out_of_range(f: _Failure) -> Iterator[Problem]:
    """``minimum``, ``maximum`` and their exclusive forms: the range allowed."""
    low, high = f.schema.get("minimum"), f.schema.get("maximum")
    bounds = f"from {low} to {high}" if low is not None and high is not None else ""
    yield f.problem(
        f"{f.name}: {f.instance} is out of range"
        + (f" ({bounds})" if bounds else f" ({f.err.message})"),
        f.schema.get("description", ""),
    )


def _listed_twice(f: _Failure) -> Iterator[Problem]:
    """``uniqueItems``: one problem a repeat, at the repeat."""
    if not isinstance(f.instance, list):
        yield from _as_is(f)
        return
    seen: set[str] = set()
    for index, item in enumerate(f.instance):
        key = json.dumps(item, sort_keys=True)
        if key in seen:
            at = f.doc.position((*f.pointer, index))
            yield f.problem(f"{f.name}: {_type_of(item)} is listed twice", "remove the repeat", at)
        seen.add(key)


def _item_count(f: _Failure) -> Iterator[Problem]:
    """``minItems`` and ``maxItems``."""
    word = "at least" if f.err.validator == "minItems" else "at most"
    yield f.problem(f"{f.name}: needs {word} {f.value} item{'s' if f.value != 1 else ''}")


def _empty(f: _Failure) -> Iterator[Problem]:
    """``minLength``: text must not be empty."""
    yield f.problem(f"{f.name}: must not be empty", f.schema.get("description", ""))


def _too_long(f: _Failure) -> Iterator[Problem]:
    """``maxLength``: how long the text is, and where longer text belongs."""
    size = len(f.instance) if isinstance(f.instance, str) else 0
    yield f.problem(
        f"{f.name}: too long ({size} characters, at most {f.value})",
        "shorten it; longer text belongs in the description",
    )


def _too_few_keys(f: _Failure) -> Iterator[Problem]:
    """``minProperties``: the keys that may be given."""
    yield f.problem(
        f"{f.name}: needs at least {f.value} key{'s' if f.value != 1 else ''}",
        "allowed keys: " + ", ".join(sorted((f.schema.get("properties") or {}).keys())),
    )


_MESSAGES: dict[str, Callable[[_Failure], Iterator[Problem]]] = {
    "additionalProperties": _unknown_keys,
    "required": _missing_keys,
    "type": _wrong_type,
    "enum": _not_allowed,
    "const": _not_the_constant,
    "format": _bad_format,
    "pattern": _wrong_form,
    "minimum": _out_of_range,
    "maximum": _out_of_range,
    "exclusiveMinimum": _out_of_range,
    "exclusiveMaximum": _out_of_range,
    "uniqueItems": _listed_twice,
    "minItems": _item_count,
    "maxItems": _item_count,
    "minLength": _empty,
    "maxLength": _too_long,
    "minProperties": _too_few_keys,
}
"""The message each failed schema keyword becomes; any other keeps the validator's own."""


def _format_message(fmt: str, name: str, instance: Any) -> tuple[str, str]:
    shown = _type_of(instance)
    if fmt == "date":
        return (
            f"{name}: {shown} is not a real date",
            "write the date as YYYY-MM-DD, e.g. 2026-03-31",
        )
    if fmt == "uri":
        return (
            f"{name}: {shown} is not an allowed link",
            "links must be full addresses starting with https://, http:// or mailto:",
        )
    if fmt == "email":
        return (f"{name}: {shown} is not an e-mail address", "for example hub@example.org")
    return (f"{name}: {shown} is not a valid {fmt}", "")
