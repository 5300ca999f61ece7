"""The reply of `oshub from-issue` quotes answers: rendered by GitHub's own Markdown
parser, no answer makes HTML, a link, a mention or an issue reference in it."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from github_markdown import acting_parts
from oshub.from_issue import FieldProblem, Outcome, comment

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
