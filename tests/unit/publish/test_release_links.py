"""The links `oshub release` writes into deployed pages, and the pinned packages."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement

from oshub.publish.gitpages import Deployed
from oshub.publish.release_root import page_links, relink
from support import REPO

SITE = "https://oshub.network/"
VERSIONS = [Deployed("0.10", "0.10", ("latest",)), Deployed("0.9", "0.9", ())]
URLS = {"0.10": {"", "hubs/a/"}, "0.9": {"", "hubs/a/", "hubs/gone/"}}
PAGE = (
    '<head><link rel="canonical" href="https://oshub.network/0.9/hubs/a/"></head><body>'
    '<aside class="md-banner md-banner--warning oshub-outdated" hidden><p>Old. '
    '<a class="oshub-outdated__link" href="../../">Newest</a></p></aside>'
    "<noscript><!-- oshub:versions --><ul><li>0.9</li></ul><!-- /oshub:versions --></noscript>"
)


def test_newest_is_by_version_order_and_links_stay_on_the_page() -> None:
    links = page_links("0.9", "hubs/a/", VERSIONS, URLS, SITE)
    assert links.canonical == f"{SITE}0.10/hubs/a/"
    assert links.newest == "../../../0.10/hubs/a/"
    assert links.versions == (
        ("0.10 (latest)", "../../../0.10/hubs/a/", False),
        ("0.9", "../../../0.9/hubs/a/", True),
    )
    gone = page_links("0.9", "hubs/gone/", VERSIONS, URLS, SITE)
    assert gone.canonical == f"{SITE}0.9/hubs/gone/"  # the newest has no such page
    assert gone.newest == "../../../0.10/"
    assert page_links("0.10", "", VERSIONS, URLS, SITE).newest is None


def test_relinking_is_repeatable_and_touches_only_the_markers() -> None:
    links = page_links("0.9", "hubs/a/", VERSIONS, URLS, SITE)
    once = relink(PAGE, links, "<ul><li>both</li></ul>")
    assert once == relink(once, links, "<ul><li>both</li></ul>")
    assert '<link rel="canonical" href="https://oshub.network/0.10/hubs/a/">' in once
    assert '<aside class="md-banner md-banner--warning oshub-outdated"><p>' in once
    assert 'href="../../../0.10/hubs/a/">Newest</a>' in once
    assert "<!-- oshub:versions --><ul><li>both</li></ul><!-- /oshub:versions -->" in once
    newest = page_links("0.10", "hubs/a/", VERSIONS, URLS, SITE)
    assert 'oshub-outdated" hidden>' in relink(once, newest, "")
    redirect = '<link rel="canonical" href="https://oshub.network/0.9/hubs/b/">'
    assert relink(redirect, links, "") == redirect  # not a page of the theme: left alone


def test_the_pinned_packages_satisfy_the_projects_requirements() -> None:
    """`make site` installs with constraints.txt: a requirement it does not pin, or pins
    outside the range pyproject.toml asks for, would break a fresh install."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name] = version
    wanted = [*project["dependencies"], *project["optional-dependencies"]["site"]]
    wanted += project["optional-dependencies"]["dev"]
    for requirement in map(Requirement, wanted):
        name = requirement.name.lower().replace("_", "-").replace(".", "-")
        if name == "oshub":
            continue
        assert name in pins, f"{name} is not pinned: run `make constraints`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name])


def test_relinking_edits_the_elements_the_parser_reads_and_nothing_else() -> None:
    links = page_links("0.9", "hubs/a/", VERSIONS, URLS, SITE)
    # the banner written as a serialiser writes it (hidden="") is shown all the same
    page = PAGE.replace('oshub-outdated" hidden>', 'oshub-outdated" hidden="">')
    assert '<aside class="md-banner md-banner--warning oshub-outdated"><p>' in relink(
        page, links, ""
    )
    # text that only looks like the page's tags, in a script and a comment, is left alone,
    # and so is the element it copies: which one is which cannot be told from the text
    script = (
        '<script>var s = \'<link rel="canonical" href="https://oshub.network/0.9/hubs/a/">'
        "<!-- oshub:versions --><!-- /oshub:versions -->';</script>"
    )
    once = relink(script + PAGE, links, "<ul><li>both</li></ul>")
    assert once.startswith(script)
    assert '<link rel="canonical" href="https://oshub.network/0.9/hubs/a/"></head>' in once
    assert "<!-- oshub:versions --><ul><li>0.9</li></ul>" in once
    assert 'href="../../../0.10/hubs/a/">Newest</a>' in once  # the banner is still set
    # a page that only mentions the banner's class has no banner: it is not touched
    mention = '<link rel="canonical" href="x"><p>the <code>oshub-outdated</code> class</p>'
    assert relink(mention, links, "") == mention
    # entity-encoded addresses are read decoded and written escaped
    encoded = PAGE.replace('href="../../">', 'href="../../?a=1&amp;b=2">')
    assert 'href="../../../0.10/hubs/a/">Newest' in relink(encoded, links, "")
