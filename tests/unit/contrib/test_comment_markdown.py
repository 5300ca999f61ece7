"""The reply of `oshub from-issue` quotes answers: rendered by GitHub's own Markdown
parser, no answer makes HTML, a link, a mention or an issue reference in it."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from oshub.contrib.from_issue import FieldProblem, Outcome, comment
from support.github_markdown import acting_parts

PIECES = st.sampled_from(
    [
        "`",
        "``",
        "```",
        "\\",
        "\\`",
        "@octocat",
        "<img src=x>",
        "</code>",
        "&#64;",
        "#12",
        "[a](https://example.org)",
        "![x](https://example.org/x.png)",
        "*",
        "_",
        "\n",
        " ",
        "a",
        "<script>",
        "&lt;",
        "~~",
        "|",
        "Fixes #3",
        "\r\n```\n",
        "    ",
        "https://",
        "www.",
        "a@b.org",
        ":",
    ]
)


def reply_with(message: str) -> str:
    problem = FieldProblem("Status", "error", message, message)
    return comment(Outcome(form=None, problems=[problem]))


@settings(max_examples=400)
@given(st.lists(PIECES, max_size=12).map("".join))
@example("\\`@octocat<img src=x>`")
@example("``` @octocat<img src=y>`")
@example('the text "`a`@octocat<img>`b`" is not allowed')
def test_no_answer_acts_in_the_reply(answer: str) -> None:
    acting = acting_parts(reply_with(f'the text "{answer}" is not an allowed value'))
    assert acting.elements == [] and acting.mentions == [] and acting.references == []


def test_the_validators_code_spans_stay_code() -> None:
    reply = reply_with("no hub `lemnso`: did you mean `lemnos`?")
    assert "no hub `lemnso`: did you mean `lemnos`?" in reply


@settings(max_examples=200)
@given(st.integers(min_value=250, max_value=300), st.lists(PIECES, min_size=4, max_size=12))
def test_a_quote_cut_short_does_not_act_either(padding: int, pieces: list[str]) -> None:
    """A long message is cut to an excerpt before it is escaped: wherever the cut falls
    (inside a code span, after a backslash), the rest stays text."""
    answer = "a" * padding + "".join(pieces) * 40  # longer than the excerpt
    reply = reply_with(f"`x` {answer}")
    assert "\u2026" in reply
    acting = acting_parts(reply)
    assert acting.elements == [] and acting.mentions == [] and acting.references == []


def test_a_reply_with_many_long_problems_fits_in_a_github_comment() -> None:
    hostile = "\u2028<@octocat>`[#1](x)\\" * 2000
    problems = [FieldProblem(hostile, "error", hostile, hostile) for _ in range(500)]
    reply = comment(Outcome(form=None, problems=problems))
    assert len(reply) < 65_536  # GitHub refuses a longer comment
    assert reply.rstrip().endswith("more")
    left_out = int(reply.rstrip().rsplit(None, 2)[-2])
    assert 0 < left_out < 500
    assert reply.count("\n- ") - 1 + left_out == 500  # every problem listed or counted
    acting = acting_parts(reply)
    assert acting.elements == [] and acting.mentions == [] and acting.references == []
