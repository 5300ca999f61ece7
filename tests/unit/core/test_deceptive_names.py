"""Names cannot deceive: invisible and reordering characters, look-alike names, slugs
with a trailing newline (``oshub.core.unicode_text``, ``oshub.core.lookalike``, the checks)."""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest

from oshub.core.lookalike import lookalike_key, prototypes, same_name_key
from oshub.core.problems import Problem
from oshub.core.project import load_project
from oshub.core.unicode_text import MAX_REPORTED, scan, text_problems
from oshub.load.yamlload import load_yaml
from oshub.validate.checks import SLUG, Loaded, check_collection, check_glossary, check_slug
from oshub.validate.decoded_text import decoded_problems
from oshub.validate.run import validate_project
from support import REPO, synthetic_hub

Write = Callable[[str, str | bytes], Path]

MISSION = """\
title: {title}
summary: Only the required keys.
sdgs: [4]
hubs: [island-region]
challenges:
  - hub: island-region
    title: A challenge
    description: Named by a school.
status: proposed
last_reviewed: 2026-01-15
"""


def _found(root: Path, path: str) -> list[str]:
    problems = validate_project(load_project(root)).problems
    return [f"{p.line}:{p.col}: {p.severity}: {p.message}" for p in problems if p.path == path]


# (character, severity, words in the message); each is written into a name at 1:10
CASES = [
    ("\u202e", "error", "bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE)"),
    ("\u2066", "error", "bidirectional control (U+2066 LEFT-TO-RIGHT ISOLATE)"),
    ("\U000e0041", "error", "tag character (U+E0041 TAG LATIN CAPITAL LETTER A)"),
    ("\x85", "error", "control character (U+0085)"),
    ("\x07", "error", "control character (U+0007)"),
    ("\u2028", "error", "invisible line break (U+2028 LINE SEPARATOR)"),
    ("\u200b", "warning", "invisible character (U+200B ZERO WIDTH SPACE)"),
    ("\u00ad", "warning", "invisible character (U+00AD SOFT HYPHEN)"),
    ("\u200d", "warning", "invisible character (U+200D ZERO WIDTH JOINER)"),
    ("\u200f", "warning", "direction mark (U+200F RIGHT-TO-LEFT MARK)"),
    ("\ufeff", "warning", "invisible character (U+FEFF ZERO WIDTH NO-BREAK SPACE)"),
    ("\u3164", "warning", "invisible character (U+3164 HANGUL FILLER)"),
]


@pytest.mark.parametrize(("char", "severity", "words"), CASES)
def test_each_class_in_a_hub_name_and_a_mission_title_at_its_column(
    project: Path, write: Write, char: str, severity: str, words: str
) -> None:
    write("hubs/island-region.yaml", synthetic_hub(1).replace("name: ", f"name: Hub{char}", 1))
    write("missions/m.yaml", MISSION.format(title=f"Wat{char}er"))
    for path, col in (("hubs/island-region.yaml", 10), ("missions/m.yaml", 11)):
        found = _found(project, path)
        assert found[0].startswith(f"1:{col}: {severity}: "), found
        assert words in found[0]
        if severity == "warning":  # the file is still read: nothing else is wrong
            assert len(found) == 1, found


@pytest.mark.parametrize(("char", "severity", "words"), CASES)
def test_the_same_characters_written_as_escapes_are_found_at_the_escape(
    project: Path, write: Write, char: str, severity: str, words: str
) -> None:
    escape = f"\\U{ord(char):08X}"
    write("hubs/x.yaml", synthetic_hub(1).replace("name: Synthetic Hub 1", f'name: "Hé{escape}"'))
    found = _found(project, "hubs/x.yaml")
    at_escape = [line for line in found if line.startswith(f"1:10: {severity}: ")]
    assert len(at_escape) == 1, found
    assert words in at_escape[0] and at_escape[0].endswith("(written as an escape)")


def test_a_line_and_column_further_in_a_file_and_in_a_comment() -> None:
    text = "name: ok\ndescription: |\n  one\n  two \u202eowt\n# a comment \u2067\n"
    found = [(p.line, p.col, p.severity) for p in text_problems(text, "hubs/x.yaml")]
    assert found == [(4, 7, "error"), (5, 13, "error")]


def test_a_page_body_has_the_errors_and_its_front_matter_the_warnings_too(
    project: Path, write: Write
) -> None:
    write(
        "blueprint/guides/page.md",
        "---\ntitle: A\u200btitle\n---\n# Heading\n\nLong\u00adword and \u202eevil.\n",
    )
    found = _found(project, "blueprint/guides/page.md")
    assert found[0].startswith("2:9: warning: an invisible character (U+200B"), found
    assert found[1].startswith("6:15: error: a bidirectional control (U+202E"), found
    assert not any("U+00AD" in line for line in found)  # a soft hyphen in prose: typography
    write("blueprint/guides/escaped.md", '---\ntitle: "A\\u202eB"\n---\n# A\n')
    assert _found(project, "blueprint/guides/escaped.md")[0].startswith(
        "2:10: error: a bidirectional control (U+202E"
    )


def test_a_page_outside_the_guides_is_read_for_the_errors(project: Path, write: Write) -> None:
    write("blueprint/about.md", "# About\n\nWe \u2067meet\u2069 on Mondays.\u200b\n")
    assert _found(project, "blueprint/about.md") == [
        "3:4: error: a bidirectional control (U+2067 RIGHT-TO-LEFT ISOLATE): it reorders how "
        "the text around it is shown",
        "3:9: error: a bidirectional control (U+2069 POP DIRECTIONAL ISOLATE): it reorders how "
        "the text around it is shown",
    ]


def test_languages_that_need_joiners_and_marks_and_emoji_raise_nothing() -> None:
    allowed = [
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: ZWNJ between letters
        "\u0915\u094d\u200d\u0937",  # Devanagari: ZWJ after a virama
        "\U0001f469\u200d\U0001f52c",  # emoji: woman, ZWJ, microscope
        "\U0001f44b\U0001f3fd\u200d\U0001f4bb",  # skin tone then ZWJ
        "\u05e9\u05dc\u05d5\u05dd 2026\u200f",  # RLM in a line with Hebrew letters
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland
        "\u182d\u1820\u180e\u1820",  # Mongolian: a vowel separator between letters
    ]
    for text in allowed:
        assert list(scan(text)) == [], text
    refused = {
        "Lat\u200cin": False,  # ZWNJ between Latin letters: a warning
        "Hub 2026\u200f": False,  # RLM without right-to-left letters: a warning
        "x\U000e0067\U000e007f": True,  # tags outside a flag: an error
        "\U0001f3f4\U000e0067": True,  # a flag left open: an error
    }
    for text, is_error in refused.items():
        findings = list(scan(text))
        assert findings and all(f.is_error == is_error for f in findings), text


def _loaded(path: str, text: str) -> Loaded:
    doc, problems = load_yaml(text, path)
    assert doc is not None and problems == []
    return Loaded(path.split("/")[0].rstrip("s"), Path(path).stem, doc)


@pytest.mark.parametrize(
    ("theirs", "severity"),
    [
        ("\u039fSHub", "warning"),  # Greek capital Omicron
        ("\u03bfSHub", "warning"),  # Greek small omicron
        ("0SHub", "warning"),  # digit zero
        ("\uff2f\uff33\uff28\uff55\uff42", "error"),  # fullwidth: the same name (NFKC)
        ("OS\u200bHub", "error"),  # with an invisible character: the same name
        ("oshub", "error"),  # case
    ],
)
def test_look_alike_names_are_reported_naming_both_files(theirs: str, severity: str) -> None:
    first = _loaded("hubs/a.yaml", "name: OSHub\n")
    second = _loaded("hubs/b.yaml", f"# second\nname: {theirs}\n")
    found = list(check_collection([second, first], "hub", "name"))
    assert [(p.path, p.line, p.col, p.severity) for p in found] == [("hubs/b.yaml", 2, 7, severity)]
    assert "hubs/a.yaml:1:7" in found[0].message and "OSHub" in found[0].message
    assert "\u200b" not in found[0].message  # an invisible character is shown as an escape


def test_a_cyrillic_letter_in_a_mission_title_is_a_look_alike(project: Path, write: Write) -> None:
    write("hubs/island-region.yaml", synthetic_hub(1))
    write("missions/clean-water.yaml", MISSION.format(title="Clean water"))
    write("missions/clean-water-2.yaml", MISSION.format(title="Clean w\u0430ter"))
    assert _found(project, "missions/clean-water.yaml") == []
    assert _found(project, "missions/clean-water-2.yaml") == [
        "1:8: warning: title `Clean w\u0430ter` looks like `Clean water` of "
        "missions/clean-water.yaml:1:8"
    ]


def test_glossary_terms_compare_the_same_way() -> None:
    glossary = _loaded(
        "data/glossary.yaml",
        "terms:\n  - {term: Hub, definition: x}\n  - {term: \u041dub, definition: y}\n"
        "  - {term: HUB, definition: z}\n",
    )
    found = [(p.line, p.severity, p.message) for p in check_glossary(glossary.doc)]
    assert found == [
        (3, "warning", "term `\u041dub` looks like `Hub` of data/glossary.yaml:2:12"),
        (4, "error", "the term `HUB` is defined twice (first at data/glossary.yaml:2:12)"),
    ]


def test_names_that_only_share_letters_across_scripts_stay_apart() -> None:
    names = ["Lemnos", "\u039b\u03ae\u03bc\u03bd\u03bf\u03c2", "Praha", "Ostrava", "Porto"]
    keys = {lookalike_key(n) for n in names}
    assert len(keys) == len(names)
    assert same_name_key("Stra\u00dfe") != same_name_key("Strabe")


def test_the_prototype_table_is_unicodes() -> None:
    table = prototypes()
    assert len(table) > 6000  # confusables.txt maps over 6,000 characters
    assert table["0"] == "O" and table["\u039f"] == "O" and table["\u0430"] == "a"
    assert table["m"] == "rn" and table["I"] == "l"
    assert "O" not in table and "a" not in table  # prototypes map to themselves


def test_a_name_is_one_line() -> None:
    first = _loaded("hubs/a.yaml", 'name: "Two\\nlines"\n')
    found = list(check_collection([first], "hub", "name"))
    assert [(p.line, p.col, p.message) for p in found] == [
        (1, 7, "name is one line: it holds a line break or tab")
    ]


def test_slugs_match_the_whole_name() -> None:
    assert SLUG.fullmatch("x") and SLUG.match("x-2")
    for bad in ("x\n", "x\n\n", "\nx", "x-", "X"):
        assert not SLUG.match(bad) and not SLUG.search(bad), repr(bad)
    assert list(check_slug("hubs/x\n.yaml", "x\n"))


def test_a_file_name_with_a_newline_or_a_bidi_control_is_refused(
    project: Path, write: Write
) -> None:
    write("hubs/x\n.yaml", synthetic_hub(1))
    write("hubs/a\u202egpj.yaml", synthetic_hub(2))
    result = validate_project(load_project(project))
    problems = result.problems
    assert "hubs/x\n.yaml" not in result.loaded  # a site built with validation off skips it
    by_path: dict[str, list[Problem]] = {}
    for p in problems:
        by_path.setdefault(p.path, []).append(p)
    assert any("line break" in p.message for p in by_path["hubs/x\n.yaml"])
    assert any("not a valid slug" in p.message for p in by_path["hubs/x\n.yaml"])
    assert any("U+202E" in p.message for p in by_path["hubs/a\u202egpj.yaml"])
    assert all(p.is_error for p in problems)


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


def test_schema_patterns_refuse_a_trailing_newline_in_both_validators() -> None:
    slug = json.loads((REPO / "schemas/defs.schema.json").read_text())["$defs"]["slug"]
    for validator in (jsonschema.Draft202012Validator(slug), jsonschema_rs.validator_for(slug)):
        assert validator.is_valid("x") and validator.is_valid("x-y")
        assert not validator.is_valid("x\n"), validator
    patterns = [
        p
        for f in sorted((REPO / "schemas").glob("*.json"))
        for p in _patterns(json.loads(f.read_text()))
    ]
    assert patterns
    for pattern in patterns:  # Python's `$` also matches before a final newline
        assert pattern.endswith("$(?!\\n)"), pattern


@pytest.mark.parametrize(
    "text",
    [
        "name: x\n# " + "\u202e" * 340_000 + "\n",  # one long line of overrides (1 MiB)
        "x\u200b\n" * 200_000,
        "\u05d0" + "\u200f" * 340_000,  # marks allowed by a right-to-left letter
        "\u0628\u200c" * 300_000,  # joiners allowed between Arabic letters
        "# " + "&#x202E;" * 130_000,  # character references (1 MiB)
        "\u0628&zwnj;" * 150_000,  # references allowed between Arabic letters
        "&#" + "9" * 1_000_000,  # a reference that never ends
    ],
)
def test_a_file_full_of_them_is_reported_briefly_and_quickly(text: str) -> None:
    started = time.perf_counter()
    problems = text_problems(text, "hubs/x.yaml")
    assert time.perf_counter() - started < 10
    assert len(problems) <= MAX_REPORTED + 1
    if len(problems) > MAX_REPORTED:
        assert problems[-1].message.endswith("more invisible or control characters from here on")
        assert int(problems[-1].message.split()[0]) > 100_000


def test_every_format_character_of_this_unicode_version_is_known() -> None:
    """A newer Python brings newer Unicode: a format character it adds must be classed."""
    visible = {0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x6DD, 0x70F, 0x890, 0x891, 0x8E2}
    visible |= {0x110BD, 0x110CD}  # prepended concatenation marks: they show a sign
    unknown = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if unicodedata.category(chr(code)) == "Cf"
        and code not in visible
        and not list(scan(f"a{chr(code)}a"))
    ]
    assert unknown == []


def _hub_named(name_line: str) -> str:
    return synthetic_hub(1).replace("name: Synthetic Hub 1", name_line)


@pytest.mark.parametrize("tag", ["!!str ", "!<tag:yaml.org,2002:str> "])
def test_escapes_after_an_explicit_tag_are_found_at_the_escape(
    project: Path, write: Write, tag: str
) -> None:
    write("hubs/x.yaml", _hub_named(f'name: {tag}"Gen\\u202eeva\\x07\\U000E0041"'))
    found = _found(project, "hubs/x.yaml")
    col = 7 + len(tag) + 4  # `name: `, the tag, the quote and `Gen`
    assert [line.split(" (")[0] for line in found] == [
        f"1:{col}: error: a bidirectional control",
        f"1:{col + 9}: error: a control character",
        f"1:{col + 13}: error: an invisible tag character",
    ]
    assert all(line.endswith("(written as an escape)") for line in found)


def test_a_guide_title_and_a_page_title_are_read_as_yaml_decoded_them(
    project: Path, write: Write
) -> None:
    write("blueprint/guides/page.md", '---\ntitle: !!str "Consent \\u202eand"\n---\n# A\n')
    assert _found(project, "blueprint/guides/page.md") == [
        "2:23: error: a bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE): it reorders "
        "how the text around it is shown (written as an escape)"
    ]
    write("blueprint/index.md", '---\ntitle: "OSHub \\u202eBlueprint\\u200b"\n---\n# Home\n')
    found = _found(project, "blueprint/index.md")
    assert [line.split(" (")[0] for line in found] == [
        "2:15: error: a bidirectional control",
        "2:30: warning: an invisible character",  # front matter: warnings as in a guide
    ]


def test_a_character_written_otherwise_is_reported_once_at_its_value() -> None:
    # an escape that writes a character reference, in a Markdown field; a character
    # written as itself in a quoted scalar (the raw scan's: not reported twice)
    text = 'name: "A\u202eB"\ndescription: "see \\x26#x202E; here"\n'
    doc, _ = load_yaml(text, "hubs/x.yaml")
    assert doc is not None
    raw = [(p.line, p.col) for p in text_problems(text, "hubs/x.yaml")]
    decoded = decoded_problems(doc, text, "hubs/x.yaml")
    assert raw == [(1, 9)]
    assert [(p.line, p.col, p.severity) for p in decoded] == [(2, 14, "error")]
    assert decoded[0].message.endswith("(written as `&#x202E;`)")


@pytest.mark.parametrize(
    "reference", ["&#x202E;", "&#X202e;", "&#8238;", "&#xE0041;", "&#917569;", "&#x2066;"]
)
def test_character_references_in_a_page_are_errors_at_the_reference(
    project: Path, write: Write, reference: str
) -> None:
    write(
        "blueprint/guides/page.md",
        f"---\ntitle: A\n---\n# Head{reference}ing\n\nBody {reference} text &amp; more.\n",
    )
    found = _found(project, "blueprint/guides/page.md")
    assert [line.split(": ")[:2] for line in found] == [["4:7", "error"], ["6:6", "error"]]
    assert all(line.endswith(f"(written as `{reference}`)") for line in found)


def test_character_references_in_a_hub_description_follow_the_same_rule(
    project: Path, write: Write
) -> None:
    hub = synthetic_hub(1).replace(
        "in {city}.".format(city="Utrecht"),
        "in Utrecht&#x200B;. &rlm;Then &#x202e;x.\n  "
        "\u0645\u06cc&zwnj;\u062e and \U0001f469&zwj;\U0001f52c pass, &amp; &eacute; too.",
    )
    write("hubs/island-region.yaml", hub)
    found = _found(project, "hubs/island-region.yaml")
    assert [line.split(" (")[0] for line in found] == [
        "13:45: warning: an invisible character",
        "13:55: warning: an invisible direction mark",
        "13:65: error: a bidirectional control",
    ]


def test_variation_selectors_pass_only_after_a_character_that_takes_one() -> None:
    allowed = [
        "\u2764\ufe0f",  # heavy black heart, emoji presentation
        "\u263a\ufe0e",  # a symbol, text presentation
        "1\ufe0f\u20e3",  # keycap one
        "\u203c\ufe0f",  # double exclamation mark
        "\u845b\U000e0100",  # an ideograph with an ideographic selector
        "\u8fbb\ufe00",  # a CJK ideograph's standardized variant
        "\u1821\u180b",  # a Mongolian letter with a free variation selector
    ]
    for text in allowed:
        assert list(scan(text)) == [], text
    for text in ("Gen\ufe0feva", "a\U000e0100", "a\u180b", "\ufe0fstart"):
        findings = list(scan(text))
        assert [f.is_error for f in findings] == [False], text
        assert "variation selector" in findings[0].message


@pytest.mark.parametrize(
    "hidden", ["Gen\ufe0feva", "Gen\U000e0100eva", "Gen\u180beva", "Gen\u2064eva"]
)
def test_a_name_with_a_default_ignorable_character_is_the_same_name(hidden: str) -> None:
    assert same_name_key(hidden) == same_name_key("Geneva")
    assert lookalike_key(hidden) == lookalike_key("Geneva")
    first = _loaded("hubs/a.yaml", "name: Geneva\n")
    second = _loaded("hubs/b.yaml", f'name: "{hidden}"\n')
    found = list(check_collection([first, second], "hub", "name"))
    assert [(p.path, p.severity) for p in found] == [("hubs/b.yaml", "error")]
    assert "\\u" in found[0].message or "\\U" in found[0].message  # shown as an escape


def test_guide_titles_of_one_area_and_look_alikes_anywhere_are_warnings(
    project: Path, write: Write
) -> None:
    page = "---\ntitle: {}\n---\n# Heading\n"
    write("blueprint/guides/facilitation/a.md", page.format("Further reading"))
    write("blueprint/guides/facilitation/b.md", page.format("FURTHER  read\u200bing"))
    write("blueprint/guides/equity/c.md", page.format("Further reading"))  # another area
    write("blueprint/guides/equity/d.md", page.format("Further re\u0430ding"))  # a Cyrillic a
    write("blueprint/guides/equity/c.fr.md", page.format("Further reading"))  # a translation
    result = validate_project(load_project(project))
    found = [
        f"{p.path}:{p.line}:{p.col}: {p.severity}: {p.message}"
        for p in result.problems
        if "title `" in p.message
    ]
    assert found == [
        "blueprint/guides/equity/d.md:2:8: warning: title `Further re\u0430ding` looks like "
        "`Further reading` of blueprint/guides/equity/c.md:2:8",
        "blueprint/guides/facilitation/b.md:2:8: warning: title `FURTHER  read\\u200bing` is "
        "already used by blueprint/guides/facilitation/a.md:2:8",
    ]


def test_text_files_of_the_docs_folder_are_read_for_the_errors(project: Path, write: Write) -> None:
    write("blueprint/assets/t.csv", "name,value\nGen\u202eeva,1\nTag\U000e0041,2\n")
    write("blueprint/assets/t.txt", "hello\u200b \u2066world\n")  # a zero-width space passes
    write(
        "blueprint/assets/t.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<text x="1" y="5">a&#x202E;b</text></svg>\n',
    )
    assert [line.split(" (")[0] for line in _found(project, "blueprint/assets/t.csv")] == [
        "2:4: error: a bidirectional control",
        "3:4: error: an invisible tag character",
    ]
    assert [line.split(" (")[0] for line in _found(project, "blueprint/assets/t.txt")] == [
        "1:8: error: a bidirectional control"
    ]
    assert _found(project, "blueprint/assets/t.svg")[0].endswith("(written as `&#x202E;`)")
