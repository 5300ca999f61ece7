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

Pages are edited only at the markers the templates leave (``version_banner.html``,
``version_footer.html``), so running it again gives the same files.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from oshub import routes
from oshub.publish.gitpages import BRANCH, Deployed, deployed_versions, read_blobs, tree
from oshub.render.renderer import environment
from oshub.routes import Routes, file_url, in_version, relative

_CANONICAL = re.compile(r'<link rel="canonical" href="[^"]*">')
_OUTDATED = re.compile(r'(<aside class="md-banner md-banner--warning oshub-outdated")(?: hidden)?>')
_OUTDATED_LINK = re.compile(r'(<a class="oshub-outdated__link" href=")[^"]*(")')
_VERSIONS = re.compile(
    r"<!-- oshub:versions -->(?:[^<]|<(?!!-- /?oshub:versions -->))*<!-- /oshub:versions -->"
)
_MARKER = "oshub-outdated"
"""Pages of a deployed version carry it (the banner); redirect pages do not."""


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
    page = _CANONICAL.sub(
        lambda _: f'<link rel="canonical" href="{html.escape(links.canonical)}">', page, count=1
    )
    hidden = "" if links.newest else " hidden"
    page = _OUTDATED.sub(lambda m: f"{m.group(1)}{hidden}>", page, count=1)
    if links.newest:
        href = html.escape(links.newest)
        page = _OUTDATED_LINK.sub(lambda m: f"{m.group(1)}{href}{m.group(2)}", page, count=1)
    return _VERSIONS.sub(
        lambda _: f"<!-- oshub:versions -->{versions_list}<!-- /oshub:versions -->",
        page,
        count=1,
    )


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
