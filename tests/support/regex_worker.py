"""Pathological strings for a regular expression, and a worker that times them.

``cases(pattern, flags)`` builds the inputs that make a backtracking engine slow when a
pattern is not linear: a 65,536-character run of every character the pattern names
(and of a few that Markdown and HTML give meaning to: ``<``, ``[``, ``(``, spaces,
new lines), the same runs interleaved with spaces, repeated near-matches (a string the
pattern matches, cut short), nested brackets, ``- - - … x`` and many new lines. Every
input ends in a character no pattern expects, so that a match anchored at the end fails
only there.

Run as a program (``python regex_worker.py``), it reads one JSON line a pattern on
standard input (``{"pattern": ..., "flags": ..., "op": ...}``), runs ``finditer`` (or
``match`` or ``fullmatch``, for a pattern the package only anchors) over each of its
cases and writes ``start N`` before case N, ``took N SECONDS`` after it (processor
time, which a busy machine does not inflate) and ``done`` after the last: the test that
starts it fails a case that took too long, and kills a worker that does not answer.
"""

from __future__ import annotations

import json
import re
import sys
import time
from re import _constants as C
from re import _parser
from typing import Any

LENGTH = 65_536
"""Characters of each pathological input (a long line)."""
_END = "\x01"
"""Ends every input: a character no pattern in the package expects."""
_ALWAYS = "<[( \n-a\\"
"""Characters every pattern is also tried with: Markdown's and HTML's openers, spaces,
new lines, list marks, letters and escapes."""
_CATEGORIES = {
    C.CATEGORY_DIGIT: "1",
    C.CATEGORY_NOT_DIGIT: "a",
    C.CATEGORY_SPACE: " \n",
    C.CATEGORY_NOT_SPACE: "a",
    C.CATEGORY_WORD: "a_",
    C.CATEGORY_NOT_WORD: " ",
    C.CATEGORY_LINEBREAK: "\n",
    C.CATEGORY_NOT_LINEBREAK: "a",
}


def _class_chars(items: Any) -> str:
    chars = ""
    negated = False
    for op, av in items:
        if op is C.LITERAL:
            chars += chr(av)
        elif op is C.RANGE:
            chars += chr(av[0]) + chr(av[1])
        elif op is C.CATEGORY:
            chars += _CATEGORIES.get(av, "a")
        elif op is C.NEGATE:
            negated = True
    if negated:
        outside = next((c for c in "aZ0 !x\n" if c not in chars), "\x02")
        return outside + chars  # the first one is one the class takes
    return chars


def characters(tree: Any) -> str:
    """Every character a parsed pattern names (literals, class members, range ends)."""
    found = ""
    for op, av in tree:
        if op in (C.LITERAL, C.NOT_LITERAL):
            found += chr(av)
        elif op is C.IN:
            found += _class_chars(av)
        elif op is C.ANY:
            found += "a\n"
        elif op is C.CATEGORY:
            found += _CATEGORIES.get(av, "a")
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            found += characters(av[2])
        elif op is C.SUBPATTERN:
            found += characters(av[3])
        elif op is C.ATOMIC_GROUP:
            found += characters(av)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            found += characters(av[1])
        elif op is C.BRANCH:
            for branch in av[1]:
                found += characters(branch)
        elif op is C.GROUPREF_EXISTS:
            found += characters(av[1]) + (characters(av[2]) if av[2] else "")
    return found


def sample(tree: Any, reps: int) -> str:
    """A string shaped like a match of the parsed pattern (repeats taken ``reps`` times
    where they allow it, the first branch of each alternation)."""
    out = []
    for op, av in tree:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
        elif op is C.ANY:
            out.append("a")
        elif op is C.IN:
            out.append((_class_chars(av) or "a")[0])
        elif op is C.CATEGORY:
            out.append(_CATEGORIES.get(av, "a")[0])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, sub = av
            out.append(sample(sub, reps) * max(low, min(reps, high)))
        elif op is C.SUBPATTERN:
            out.append(sample(av[3], reps))
        elif op is C.ATOMIC_GROUP:
            out.append(sample(av, reps))
        elif op is C.ASSERT and av[0] == 1:
            out.append(sample(av[1], reps))
        elif op is C.BRANCH:
            out.append(sample(av[1][0], reps))
        elif op is C.GROUPREF_EXISTS:
            out.append(sample(av[1], reps))
    return "".join(out)


def _repeat(unit: str, length: int = LENGTH) -> str:
    if not unit:
        return ""
    return (unit * (length // len(unit) + 1))[:length] + _END


def cases(pattern: str, flags: int) -> list[tuple[str, str]]:
    """(name, input) pairs that a linear pattern scans in milliseconds."""
    tree = _parser.parse(pattern, flags)
    chars = dict.fromkeys(characters(tree) + _ALWAYS)  # each once, in order
    found: dict[str, str] = {}
    for char in chars:
        found[f"run of {char!r}"] = _repeat(char)
        found[f"run of {char!r} and spaces"] = _repeat(char + " ")
    alternatives = [tree]
    if len(tree) == 1 and tree[0][0] is C.BRANCH:
        alternatives = list(tree[0][1][1])[:8]
    for number, branch in enumerate(alternatives):
        for reps in (1, 3):
            shape = sample(branch, reps)
            if len(shape) > 1:
                found[f"near-matches {number}/{reps}"] = _repeat(shape[:-1])
                found[f"half matches {number}/{reps}"] = _repeat(shape[: len(shape) // 2])
                found[f"matches {number}/{reps}"] = _repeat(shape)
        long = sample(branch, 2000)[:LENGTH]
        if len(long) > 1:
            found[f"one long near-match {number}"] = _repeat(long[:-1])
    half = LENGTH // 2
    found.update(
        {
            "nested brackets": "[" * half + "](" * (half // 2) + _END,
            "dashes": _repeat("- ") + "x",
            "new lines": "\n" * LENGTH + _END,
            "lines of a": _repeat("a\n"),
            "indented lines": _repeat("    a\n"),
            "unclosed links": _repeat("[x]("),
            "unclosed tags": _repeat("<a "),
            "long line then x": "a" * LENGTH + "\nx",
        }
    )
    return list(found.items())


def main() -> None:
    """Time each pattern's cases as the test asks (see the module's docstring)."""
    for line in sys.stdin:
        job = json.loads(line)
        compiled = re.compile(job["pattern"], job["flags"])
        for number, (_name, text) in enumerate(cases(job["pattern"], job["flags"])):
            print(f"start {number}", flush=True)
            started = time.process_time()
            if job["op"] == "finditer":
                for _ in compiled.finditer(text):
                    pass
            else:  # a pattern only ever anchored: each line, as the module calls it
                call = getattr(compiled, job["op"])
                call(text)
                for line in text.splitlines():
                    call(line)
            print(f"took {number} {time.process_time() - started:.4f}", flush=True)
        print("done", flush=True)


if __name__ == "__main__":
    main()
