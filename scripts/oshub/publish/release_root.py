"""What ``oshub release`` writes on the published branch beside mike's version folders.

mike deploys each version into its own folder and keeps ``versions.json``; it writes
nothing at the root and never touches the other versions. After each deploy this
module makes one more commit that holds, whatever version was deployed last:

- at the root, the schemas at exactly their ``$id`` (``schemas/v<major>/...``: every
  major any version published, the newest version's copy winning), the newest
  version's open data (``data/...``), its sitemap, small redirect pages for the
  root, ``schemas/`` and ``data/`` into the newest version, and a ``404.html`` (what
  GitHub Pages shows for an address it lacks) leading to every version's home.
  "Newest" is the highest version in version order (``0.10`` after ``0.9``), not the
  one deployed last: a patch to an old version changes nothing at the root;
- in every page of every version: ``rel=canonical`` at the same page of the newest
  version (or at itself when the newest has no such page), the banner of an older
  version shown with a link to the same page of the newest, and the list of versions
  for readers without JavaScript, each linking to the same page where it exists.

Pages are read with the HTML parser (lexbor) and edited only at what it finds there:
the start tags of the canonical link, of the banner and of its link, and what lies
between the two comments that mark the versions list (``version_banner.html``,
``version_footer.html``), so running it again gives the same files. The rest of a page
keeps its bytes: serialising the parsed tree would rewrite every page of every
version (``hidden`` as ``hidden=""``, ``<tbody>`` added ...).
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from markupsafe import escape
from selectolax.lexbor import LexborHTMLParser, LexborNode

from oshub import routes
from oshub.publish.gitpages import BRANCH, Deployed, deployed_versions, read_blobs, tree
from oshub.render.renderer import environment
from oshub.routes import Routes, file_url, in_version, relative

_MARKER = "oshub-outdated"
"""Pages of a deployed version carry it (the banner's class); redirect pages do not. A
page without the text is not parsed."""
_BANNER = "aside.oshub-outdated"
_BANNER_LINK = "a.oshub-outdated__link"
_CANONICAL = 'link[rel="canonical"]'
_SOUGHT = f":is({_CANONICAL}, {_BANNER}, {_BANNER_LINK}, noscript)"
"""Everything ``relink`` reads, found in one walk of the tree."""
_VERSIONS = ("oshub:versions", "/oshub:versions")
"""The comments around the versions list (in a ``<noscript>``)."""
_ESCAPES: tuple[Callable[[str], str], ...] = (
    lambda value: str(escape(value)),  # as the templates (Jinja) write attributes
    html.escape,  # as this module writes them
    lambda value: value.replace("&", "&amp;").replace('"', "&quot;"),
    lambda value: value,
)
"""The ways a start tag's attribute values may be written, tried in turn to find the
tag the parser read in the page's text."""
_Edit = tuple[int, int, str]
"""Replace ``page[start:end]`` with the text."""


@dataclass(frozen=True)
class PageLinks:
    """What one page of one version links to once the branch is known."""

    canonical: str
    """The full address of the same page in the newest version (or of itself)."""
    newest: str | None
    """A relative link to the same page of the newest version; None on the newest."""
    versions: tuple[tuple[str, str, bool], ...]
    """(label, relative link, is this version) for every deployed version."""


def relink(page: str, links: PageLinks, versions_list: str) -> str:
    """A built page with its canonical link, banner and versions list set (unchanged
    when it is not a page of a deployed version, e.g. a redirect page)."""
    if _MARKER not in page:
        return page
    found = _by_kind(LexborHTMLParser(page).css(_SOUGHT))
    if not found["aside"]:
        return page
    edits = [_retag(page, found["link"], {"href": links.canonical})]
    if links.newest:
        edits.append(_retag(page, found["aside"], {}, removed="hidden"))
        edits.append(_retag(page, found["a"], {"href": links.newest}))
    else:
        edits.append(_retag(page, found["aside"], {"hidden": None}))
    edits.append(_versions(page, found["noscript"], versions_list))
    return _edited(page, [edit for edit in edits if edit is not None])


def _by_kind(found: list[LexborNode]) -> dict[str, list[LexborNode]]:
    """What ``_SOUGHT`` found, by tag: each of its selectors names a different one."""
    kinds: dict[str, list[LexborNode]] = {"link": [], "aside": [], "a": [], "noscript": []}
    for node in found:
        kinds[node.tag or ""].append(node)
    return kinds


def _start_tag(tag: str, attributes: dict[str, str | None], written: Callable[[str], str]) -> str:
    """A start tag as a template writes it: attributes in order, values in double
    quotes (``written``: how they are escaped), an attribute without value bare."""
    parts = (
        f" {name}" if v is None else f' {name}="{written(v)}"' for name, v in attributes.items()
    )
    return f"<{tag}{''.join(parts)}>"


def _retag(
    page: str,
    nodes: list[LexborNode],
    changes: dict[str, str | None],
    removed: str = "",
) -> _Edit | None:
    """The edit that gives the first of ``nodes`` (elements of one kind, in the page's
    order) the attributes ``changes`` (a value None: written bare), without the
    attribute ``removed``.

    Its start tag is looked for in ``page`` as a template writes it. When that text is
    also somewhere no element is (a script, a comment), which one is the element's
    cannot be told: the page is left as it is there, never edited in the wrong place."""
    if not nodes:
        return None
    before = dict(nodes[0].attributes)
    wanted = {name: value for name, value in {**before, **changes}.items() if name != removed}
    tag = nodes[0].tag or ""
    for written in _ESCAPES:
        text = _start_tag(tag, before, written)
        same = [node for node in nodes if _start_tag(tag, dict(node.attributes), written) == text]
        start = page.find(text)
        if start >= 0 and page.count(text, start) == len(same):  # one each: the first
            return start, start + len(text), _start_tag(tag, wanted, written)
    return None


def _versions(page: str, noscript: list[LexborNode], versions_list: str) -> _Edit | None:
    """The edit that puts ``versions_list`` between the versions list's two comments
    (in a ``<noscript>``; when each is in the page once, as the parser read it)."""
    comments = [
        node
        for place in noscript
        for node in place.traverse(include_text=True)
        if node.is_comment_node and (node.comment_content or "").strip() in _VERSIONS
    ]
    if [(c.comment_content or "").strip() for c in comments] != list(_VERSIONS):
        return None
    opening, closing = (comment.html or "" for comment in comments)
    start = page.find(opening)
    end = page.find(closing, start + len(opening)) if start >= 0 else -1
    if end < 0 or page.count(opening) + page.count(closing) != 2:
        return None
    return start + len(opening), end, versions_list


def _edited(page: str, edits: list[_Edit]) -> str:
    """``page`` with ``edits`` made (in the page's order; overlapping ones dropped)."""
    parts: list[str] = []
    done = 0
    for start, end, text in sorted(edits):
        if start < done:
            continue
        parts += [page[done:start], text]
        done = end
    return "".join(parts) + page[done:]


def page_links(
    version: str,
    url: str,
    versions: Sequence[Deployed],
    urls: dict[str, set[str]],
    site_url: str,
) -> PageLinks:
    """The links of the page at ``url`` (from its version's root) in ``version``;
    ``versions`` newest first, ``urls`` each version's page addresses."""
    newest = versions[0].version
    here = in_version(version, url)
    home = Routes(site_url=site_url)
    same = url in urls[newest]
    canonical = home.root_absolute(in_version(newest if same else version, url))
    newest_link = None
    if version != newest:
        newest_link = relative(in_version(newest, url if same else ""), here)
    choices = []
    for each in versions:
        target = in_version(each.version, url if url in urls[each.version] else "")
        choices.append((_label(each), relative(target, here), each.version == version))
    return PageLinks(canonical, newest_link, tuple(choices))


ROOT_OWNED = (
    routes.SCHEMAS_FOLDER,
    routes.DATA,
    routes.SITEMAP,
    routes.SITEMAP_GZ,
    routes.INDEX_FILE,
    routes.NOT_FOUND_PAGE,
)
"""What this module owns at the branch's root (replaced on every release)."""

CHUNK = 256
"""Pages read from git at once: a branch of many versions of thousands of pages is
edited a slice at a time, never held whole in memory."""


@dataclass
class RootPlan:
    """One root commit: the root files (the paths in ``removed`` go first), and the
    pages of every version to relink, read and edited a slice at a time."""

    where: Path
    files: dict[str, bytes]
    removed: tuple[str, ...]
    newest: str
    versions: list[Deployed]
    urls: dict[str, set[str]]
    pages: list[tuple[str, str, str]]
    """(version, path in its folder, blob) of every built page."""
    site_url: str
    directory_urls: bool
    env: Environment

    def edited_pages(self) -> Iterator[tuple[str, bytes]]:
        """(path on the branch, new content) of each page whose links change."""
        for start in range(0, len(self.pages), CHUNK):
            part = self.pages[start : start + CHUNK]
            contents = read_blobs(self.where, sorted({blob for _, _, blob in part}))
            for version, rel, blob in part:
                before = contents[blob].decode("utf-8", errors="surrogateescape")
                if _MARKER not in before:
                    continue
                url = file_url(rel, self.directory_urls)
                links = page_links(version, url, self.versions, self.urls, self.site_url)
                after = relink(before, links, _versions_list(self.env, links))
                if after != before:
                    yield in_version(version, rel), after.encode("utf-8", "surrogateescape")


def root_plan(
    where: Path,
    *,
    site_url: str,
    directory_urls: bool,
    site_name: str,
    template_dirs: Sequence[str] = (),
    language: str = "en",
    branch: str = BRANCH,
) -> RootPlan | None:
    """What the root commit writes, read from ``branch`` (None: nothing deployed)."""
    versions = deployed_versions(where, branch)
    if not versions:
        return None
    newest = versions[0].version
    by_version: dict[str, dict[str, str]] = {d.version: {} for d in versions}
    for path, blob in tree(where, branch).items():
        folder, _, rest = path.partition("/")
        if folder in by_version and rest:
            by_version[folder][rest] = blob
    urls = {
        v: {file_url(p, directory_urls) for p in held if p.endswith(".html")}
        for v, held in by_version.items()
    }
    pages = [
        (v, rel, blob)
        for v, held in by_version.items()
        for rel, blob in sorted(held.items())
        if rel.endswith(".html")
    ]
    env = environment(template_dirs, language)
    files = _root_copies(where, versions, by_version)
    home = Routes(site_url=site_url)
    for folder in ("", f"{routes.SCHEMAS_FOLDER}/", f"{routes.DATA}/"):
        target = in_version(newest, folder)
        files[folder + routes.INDEX_FILE] = _redirect(
            env,
            language,
            title=f"{site_name} {newest}",
            target=relative(target, folder),
            canonical=home.root_absolute(target),
        ).encode("utf-8")
    files[routes.NOT_FOUND_PAGE] = _not_found(env, language, site_name, home, versions)
    return RootPlan(
        where, files, ROOT_OWNED, newest, versions, urls, pages, site_url, directory_urls, env
    )


def _root_copies(
    where: Path, versions: Sequence[Deployed], by_version: dict[str, dict[str, str]]
) -> dict[str, bytes]:
    """Schemas of every version (the newest's copy wins), and the newest's open data
    and sitemap, at the root."""
    wanted: dict[str, str] = {}
    for each in reversed(versions):  # oldest first: newer versions overwrite
        for rel, blob in by_version[each.version].items():
            if Routes.is_schema_file(rel):
                wanted[rel] = blob
    newest = by_version[versions[0].version]
    for rel, blob in newest.items():
        data = rel.startswith(f"{routes.DATA}/") and not rel.endswith(".html")
        if data or rel in (routes.SITEMAP, routes.SITEMAP_GZ):
            wanted[rel] = blob
    contents = read_blobs(where, sorted(set(wanted.values())))
    return {rel: contents[blob] for rel, blob in wanted.items()}


def _label(deployed: Deployed) -> str:
    """A version as the lists name it: its title and aliases (``0.2 (latest)``)."""
    return deployed.title + "".join(f" ({alias})" for alias in sorted(deployed.aliases))


def _not_found(
    env: Environment, language: str, site_name: str, home: Routes, versions: Sequence[Deployed]
) -> bytes:
    """The branch's own 404 page: where the newest version and every version start."""
    return (
        env.get_template("oshub/not_found_root.html")
        .render(
            lang=language,
            site_name=site_name,
            newest=versions[0].version,
            newest_home=home.root_absolute(in_version(versions[0].version)),
            versions=[(_label(d), home.root_absolute(in_version(d.version))) for d in versions],
        )
        .encode("utf-8")
    )


def _versions_list(env: Environment, links: PageLinks) -> str:
    template = env.get_template("oshub/versions_list.html")
    return template.render(versions=links.versions).strip()


def _redirect(env: Environment, language: str, **context: str) -> str:
    return env.get_template("oshub/redirect.html").render(lang=language, **context)


def redirect_template(
    template_dirs: Sequence[str], language: str, title: str, folder: Path
) -> Path:
    """mike's template for the redirect pages of an alias (``href`` is mike's), written
    from the project's own redirect page: no script, a refresh and a plain link."""
    env = environment(template_dirs, language)
    text = _redirect(env, language, title=title, target="{{ href }}", canonical="{{ href }}")
    path = folder / "alias-redirect.html"
    path.write_text(text, encoding="utf-8")
    return path


@contextmanager
def working_in(where: Path) -> Iterator[None]:
    """mike runs git in the current folder: run it in ``where`` for a while."""
    before = Path.cwd()
    os.chdir(where)
    try:
        yield
    finally:
        os.chdir(before)


def commit_root(plan: RootPlan, message: str, branch: str = BRANCH) -> int:
    """One commit on ``branch`` with the root files and the relinked pages, written to
    git as they are made; returns how many pages changed."""
    from mike import git_utils

    changed = 0
    with working_in(plan.where), git_utils.Commit(branch, message, allow_empty=True) as commit:
        commit.delete_files(list(plan.removed))
        for path, data in sorted(plan.files.items()):
            commit.add_file(git_utils.FileInfo(path, data))
        for path, data in plan.edited_pages():
            commit.add_file(git_utils.FileInfo(path, data))
            changed += 1
    return changed
