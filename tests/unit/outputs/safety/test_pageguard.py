"""The page guard reads a built page as a browser does (an HTML5 parser), not by pattern.

What a pattern over the page's text could miss or mistake, and a parser sees as the
browser does: values without quotes, a handler after ``/``, schemes in capitals or
character references, SVG's ``xlink:href``, templates and ``<noscript>``, a page cut
short; and the text of a trusted script, hashed as the browser hashes it.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from oshub.outputs.safety.pageguard import TrustedScripts, guard_page, trusted_scripts


def _findings(body: str) -> list[str]:
    page = f'<!doctype html><html><head><meta charset="utf-8"></head><body>{body}</body></html>'
    return guard_page(page, TrustedScripts(()), with_policy=False)[1]


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


RUNS = {
    "<img src=x onerror=alert(1)>": "an event-handler attribute `onerror`",
    '<img/src="x"/onerror=alert(1)>': "an event-handler attribute `onerror`",
    "<svg/onload=alert(1)>": "an event-handler attribute `onload`",
    "<p\nONCLICK\n=\nalert(1)>x</p>": "an event-handler attribute `onclick`",
    "<a href=javascript:alert(1)>x</a>": "a `javascript:` URL in `href`",
    '<A HREF="JaVaScRiPt:alert(1)">x</A>': "a `javascript:` URL in `href`",
    '<a href="&#106;ava&#x73;cript&colon;alert(1)">x</a>': "a `javascript:` URL in `href`",
    '<a href="java&Tab;script:alert(1)">x</a>': "a `javascript:` URL in `href`",
    '<a href=" \x01javascript:alert(1)">x</a>': "a `javascript:` URL in `href`",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>': "URL in `xlink:href`",
    '<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>': (
        "a `javascript:` URL in `values`"
    ),
    "<svg><set attributeName=xlink:href to=data:text/html,x /></svg>": "a `data:` URL in `to`",
    '<form action="vbscript:x"><button>go</button></form>': "a `vbscript:` URL in `action`",
    "<template><img src=x onerror=alert(1)></template>": "an event-handler attribute",
    "<template><template><b onclick=1>x</b></template></template>": "`onclick`",
    # a browser running scripts reads <noscript> as text: the title ends at </noscript>
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>': "`onerror`",
    # one that does not reads it as markup, and loads the image
    '<noscript><img src="https://evil.example/t.png"></noscript>': "another host: <img src>",
    '<meta http-equiv="Refresh" content="0; URL=\'javascript:alert(1)\'">': "in a refresh",
    '<meta http-equiv="refresh" content="1;javascript:alert(1)">': "in a refresh",
    "<script>alert(1)</script>": "an inline script that no template holds: 'alert(1)'",
    "<script\n>alert(1)</script\n>": "an inline script that no template holds",
    '<script src="https://evil.example/x.js"></script>': "a script from another site",
    '<script src="/\\evil.example/x.js"></script>': "a script from another site",
    '<script src=" //evil.example/x.js"></script>': "a script from another site",
    '<script type="application/ld+json">{"a": "</b>"}</script>': "data <script> block holds",
    "<iframe src=/x></iframe>": "a <iframe> element",
    "<object data=/x></object>": "a <object> element",
    "<embed src=/x>": "a <embed> element",
    "<base href=/x/>": "a <base> element",
    "<applet code=x></applet>": "a <applet> element",
    # a page that ends inside a comment, a tag or a script hides what follows from a
    # browser, not from every reader
    "<!--<img src=x onerror=alert(1)><img src=x onerror=alert(1)>": "markup cut short",
    "<p title='<img src=x onerror=alert(1)>": "markup cut short",
}


@pytest.mark.parametrize("body", RUNS, ids=range(len(RUNS)))
def test_what_a_browser_would_run_or_load_is_found(body: str) -> None:
    findings = _findings(body)
    assert any(RUNS[body] in f for f in findings), findings


HARMLESS = [
    "<p>onclick=alert(1) and javascript:alert(1) are words here</p>",
    '<p title="onclick=alert(1)">x</p>',
    '<p data-x="javascript:alert(1)">a value that is no URL</p>',
    '<img src="plan.png" alt="Map: three hubs">',
    '<a href="https://oshub.network/" aria-label="See: the network">x</a>',
    '<a href="mailto:a@example.org">x</a> <a href="../hubs/#x">y</a>',
    "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img onerror=x&gt;</p>",
    "<pre><code>&lt;iframe src=x&gt;</code></pre>",
    '<meta http-equiv="refresh" content="0; url=../hubs/">',
    '<script src="../assets/x.js"></script>',
    '<script type="application/json">{"url": "https://oshub.network/"}</script>',
    "<!-- a comment --><p>x</p>",
    # a value without quotes runs to a space or ">": this is one src, "x/onerror=..."
    "<img/src=x/onerror=alert(1)>",
]


@pytest.mark.parametrize("body", HARMLESS, ids=range(len(HARMLESS)))
def test_text_that_only_looks_like_markup_passes(body: str) -> None:
    assert _findings(body) == []


SCRIPT = 'if (a &amp;&amp; b) { c = "<!-- no comment -->"; d = "</b>"; }'
"""A script whose text a browser does not decode: ``&amp;`` stays five characters and
``<!--`` is not a comment (the raw characters between the tags are hashed)."""


def test_a_trusted_script_is_hashed_as_its_raw_text(tmp_path: Path) -> None:
    (tmp_path / "main.html").write_text(f"<body><script>{SCRIPT}</script></body>", "utf-8")
    trusted = trusted_scripts([tmp_path])
    page = f'<html><head><meta charset="utf-8"></head><body><script>{SCRIPT}</script></body>'
    secured, findings = guard_page(page, trusted)
    assert findings == []
    assert _sha256(SCRIPT) in secured
    # the browser reads a CR LF as a LF before it reads markup, and hashes that
    crlf = "<html><head></head><body><script>a = 1;\r\nb = 2;</script></body></html>"
    (tmp_path / "crlf.html").write_text("<script>a = 1;\nb = 2;</script>", "utf-8")
    secured, findings = guard_page(crlf, trusted_scripts([tmp_path]))
    assert findings == [] and _sha256("a = 1;\nb = 2;") in secured


def test_template_scripts_are_read_with_their_jinja(tmp_path: Path) -> None:
    (tmp_path / "base.html").write_text(
        "{% block scripts %}<script>var base = new URL({{- ' ' -}}\"{{ base_url }}\", location);"
        "{# a note #}</script>{% endblock %}"
        "<script>{% if x %}var a = 1;{% endif %}</script>"
        '<script src="{{ base_url }}/x.js"></script>'
        '<script type="module">var m = 1;</script>'
        '<script id="data">var d = "{{ page.url }}";</script>\n',
        "utf-8",
    )
    trusted = trusted_scripts([tmp_path])
    assert len(trusted.patterns) == 2
    assert trusted.trusts('var base = new URL("../..", location);')
    assert trusted.trusts('var d = "guides/a/";')
    assert not trusted.trusts('var d = "x";alert(1);"";')  # quotes: no way out of a string
    assert not trusted.trusts("var a = 1;")
    assert not trusted.trusts("var m = 1;")


def test_the_policy_follows_the_charset_or_opens_the_head() -> None:
    page = '<html><head><title>t</title><meta charset="utf-8"></head><body></body></html>'
    secured, _ = guard_page(page, TrustedScripts(()))
    assert secured.index('<meta charset="utf-8">') < secured.index("Content-Security-Policy")
    secured, _ = guard_page("<html><head><title>t</title></head></html>", TrustedScripts(()))
    assert secured.startswith('<html><head>\n<meta http-equiv="Content-Security-Policy"')
    assert guard_page(page, TrustedScripts(()), with_policy=False)[0] == page


def test_each_finding_is_reported_once() -> None:
    findings = _findings("<b onclick=1>x</b>" * 3)
    assert len(findings) == 1, findings
