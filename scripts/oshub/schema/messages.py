"""Schema errors turned into problems people can act on: the value's line and column,
a message that names the real mistake (the best branch of a ``oneOf``), and a hint
(did you mean, the allowed values, an example).

Every problem carries the JSON pointer of the value at fault (jsonschema's
``absolute_path``); where the fault is a key (an unknown key, a missing required key, an
item listed twice), the pointer of that key's value or that item: a missing ``email``
of ``contact`` points at ``/contact/email``, the value a form asks for, not at
``/contact``, which holds the other keys.

Light layer: jsonschema's errors are read, never raised to the caller.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from oshub.core.problems import Problem, error
from oshub.load.yamlload import Document, Pointer, json_pointer
from oshub.schema.formats import is_safe_url

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


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
        self,
        message: str,
        hint: str = "",
        where: tuple[int, int] | None = None,
        about: Pointer | None = None,
    ) -> Problem:
        """An error at ``where`` (or at the value at fault), about the value at ``about``
        (or the value at fault)."""
        line, col = where or self.doc.position(self.pointer)
        return error(
            self.doc.path,
            line,
            col,
            message,
            hint=hint,
            schema_path=self.schema_path,
            pointer=json_pointer(self.pointer if about is None else about),
        )


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
            (*f.pointer, key),
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
            (*f.pointer, key),
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
            yield f.problem(
                f"{f.name}: {_type_of(item)} is listed twice",
                "remove the repeat",
                at,
                (*f.pointer, index),
            )
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
