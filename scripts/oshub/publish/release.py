"""``oshub release``: the site of one commit deployed as a version, with mike.

The steps, in order (a refusal or a failed build leaves the branch as it was):

1. refuse (``ReleaseRefused``, exit 2) what cannot make an honest release: a folder
   outside a git repository, uncommitted or untracked files, a VERSION that is not a
   version number (the site schema's pattern), a ``data/site.yaml`` without
   ``version:`` or with another one, a version already deployed (without
   ``overwrite``), an alias that names a version; and warn (``release_warnings``) when
   ``CITATION.cff`` or ``CHANGELOG.md`` do not name the version;
2. build exactly as ``oshub build`` does (validation, sanitising, the page guard, the
   link check, the atomic build) into a temporary folder, with the version in the
   build plan (``PlanOptions.version``) so that every address carries the version
   folder and the pages carry the version selector, the footer's versions and the
   hidden banner of older versions;
   (before it, unless ``offline`` is False, the offline copy: a zip of the whole site
   that works opened from disk, ``oshub offline``; the build publishes it in
   ``/downloads/`` and lists it with its size);
3. write ``constraints.txt`` (the exact packages of this environment) into the build;
4. the extra steps (``RELEASE_STEPS``);
5. deploy the folder with mike's Python API (``mike.commands.deploy``: one commit on
   ``gh-pages``; aliases as redirect pages, which GitHub Pages serves, unlike symlinks);
6. one more commit for the root of the branch and every version's links
   (``release_root``);
7. ``push``: a plain ``git push`` of the branch.

The build happens in a temporary folder removed however the release ends (a killed
release's folder is removed by the next, ``swap.scratch_folder``). A release stopped
after mike's commit (step 5) is finished by the same command run again: it sees that
the branch ends with mike's commit of this version from this very commit (or, with
``--push``, with the root commit that follows, not yet on the remote) and makes what
is missing, steps 6 and 7, instead of refusing a deployed version (``unfinished``).

mike's own MkDocs plugin is not used: it would put the version into ``site_url``, which
the schemas' ``$id`` and the root data must not carry. A build that mike starts
itself gets the version from ``MIKE_DOCS_VERSION``, which mike sets (``Routes.version``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

import oshub
from oshub import routes
from oshub.core.project import DATA_FILES, KINDS, Project, ProjectError, blueprint_version
from oshub.model.content import ContentCache
from oshub.publish.build import BuildOutcome, build_and_swap
from oshub.publish.constraints import constraints_text
from oshub.publish.gitpages import (
    BRANCH,
    deployed_versions,
    git,
    head_commit,
    repository_root,
    uncommitted,
)
from oshub.publish.offline import build_offline_zip
from oshub.publish.release_root import commit_root, redirect_template, root_plan, working_in
from oshub.publish.swap import scratch_folder, sweep_scratch

ReleaseStep = Callable[[Project, str, Path], None]
"""An extra step of a release: (project, version, the built site's folder). It may add
files to the folder before it is deployed; raising ``ReleaseRefused`` stops the
release with exit 2, any ``ProjectError`` too."""

RELEASE_STEPS: list[ReleaseStep] = []
"""Extra steps run on every release after the build and before the deploy, in order."""


class ReleaseRefused(ProjectError):
    """The release cannot be made as asked (exit 2); the message says why and what to do."""


@dataclass
class ReleaseOutcome:
    """What a release did."""

    version: str
    build: BuildOutcome | None = None
    commit: str = ""
    """The source commit that was built."""
    deployed: bool = False
    pushed: bool = False
    newest: str = ""
    """The newest deployed version after this release (what the root serves)."""
    offline_size: int = 0
    """Bytes of the offline copy built for this release (0: none was built)."""
    warnings: list[str] = field(default_factory=list)
    """What the release did not refuse but should say (``release_warnings``)."""
    finished: str = ""
    """What this run finished of the same release stopped after mike's commit
    (``unfinished``: "root" or "push"); empty for a whole release."""


REMOTE = "origin"
"""Where ``--push`` sends the branch."""


def check_release(
    project: Project, version: str, alias: Sequence[str], overwrite: bool, push: bool = False
) -> tuple[Path, str]:
    """The refusals of step 1; returns the repository's top folder and the commit."""
    top = repository_root(project.root)
    if push and not git(top, "remote", "get-url", REMOTE, check=False).strip():
        raise ReleaseRefused(
            f"--push sends `{BRANCH}` to the remote `{REMOTE}`, which this repository does "
            f"not have: add it (git remote add {REMOTE} URL) or release without --push"
        )
    commit = head_commit(top)
    if commit is None:
        raise ReleaseRefused("the repository has no commit yet: commit the project first")
    dirty = uncommitted(top)
    if dirty:
        shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
        raise ReleaseRefused(
            f"the work tree has uncommitted changes ({shown}): a release is built from a "
            "commit; commit or stash them (or add them to .gitignore) and release again"
        )
    _follow_upstream(top, fetch=push)
    pattern = _version_pattern(project)
    if not re.fullmatch(pattern, version):
        raise ReleaseRefused(
            f"VERSION {version!r} is not a version number (major.minor or "
            f"major.minor.patch, such as 1.0, as `version:` in {DATA_FILES['site']} must be)"
        )
    written = blueprint_version(project)
    if written is None:
        raise ReleaseRefused(
            f"{DATA_FILES['site']} has no `version:`: a release is the Blueprint's version; "
            f'add `version: "{version}"` there, commit, and release again'
        )
    if written != version:
        raise ReleaseRefused(
            f"VERSION {version} is not the Blueprint's version ({written} in "
            f'{DATA_FILES["site"]}): set `version: "{version}"` there, commit, and release '
            f"again (or release {written})"
        )
    deployed = deployed_versions(top)
    names = {d.version for d in deployed}
    aliases = {a: d.version for d in deployed for a in d.aliases}
    if version in names and not overwrite and not unfinished(top, version, commit, push):
        raise ReleaseRefused(
            f"version {version} is already deployed on `{BRANCH}`: release a new version "
            "(raise `version:` in data/site.yaml), or replace it with --overwrite"
        )
    if version in aliases:
        raise ReleaseRefused(
            f"{version} is an alias of version {aliases[version]}: choose another version"
        )
    for name in alias:
        if name in names or name == version:
            raise ReleaseRefused(f"alias {name} names a version: choose another alias")
    return top, commit


def _deploy_message(commit: str) -> str:
    """The start of mike's commit message for a version (the version follows)."""
    return f"Deployed {commit[:12]} to "


ROOT_COMMIT = "Root files and version links for "
"""The start of the root commit's message (``release_root``)."""


def _root_message(newest: str, version: str) -> str:
    return f"{ROOT_COMMIT}{newest} (after {version})"


def unfinished(top: Path, version: str, commit: str, push: bool) -> str | None:
    """What a release of ``version`` from ``commit`` that was stopped after mike's commit
    left undone: ``"root"`` when the branch ends with mike's commit of that very release
    (the root commit that follows it is missing), ``"push"`` when it ends with both and
    the push asked for again has not reached the remote; None otherwise."""
    subjects = git(top, "log", "-2", "--format=%s", BRANCH, "--", check=False).splitlines()
    mike = f"{_deploy_message(commit)}{version} with oshub "
    if subjects and subjects[0].startswith(mike):
        return "root"
    if not push or len(subjects) != 2 or not subjects[1].startswith(mike):
        return None
    root = subjects[0]
    if not (root.startswith(ROOT_COMMIT) and root.endswith(f" (after {version})")):
        return None
    tip = git(top, "rev-parse", "--verify", "--quiet", BRANCH, check=False).strip()
    remote = f"refs/remotes/{REMOTE}/{BRANCH}"
    sent = git(top, "rev-parse", "--verify", "--quiet", remote, check=False).strip()
    return None if sent == tip else "push"


DEFAULT_VERSION_PATTERN = r"^[0-9]+\.[0-9]+(\.[0-9]+)?$"
"""The version pattern when the site schema cannot be read (validation says why)."""


def _version_pattern(project: Project) -> str:
    """The pattern of ``version:`` in the project's site schema: a release's VERSION must
    be a version the schema accepts."""
    try:
        schema = json.loads((project.schema_dir / KINDS["site"]).read_text("utf-8"))
        pattern = schema["properties"]["version"]["pattern"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return DEFAULT_VERSION_PATTERN
    return pattern if isinstance(pattern, str) else DEFAULT_VERSION_PATTERN


CITATION_FILE = "CITATION.cff"
CHANGELOG_FILE = "CHANGELOG.md"


def release_warnings(project: Project, version: str) -> list[str]:
    """What a release of ``version`` goes ahead without, but should say: a
    ``CITATION.cff`` whose ``version`` is another (citations would name that one), a
    ``CHANGELOG.md`` without a heading for the version."""
    warnings: list[str] = []
    citation = project.root / CITATION_FILE
    if citation.is_file():
        try:
            data = yaml.safe_load(citation.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            data = None
        cited = data.get("version") if isinstance(data, dict) else None
        if cited is None or str(cited) != version:
            warnings.append(
                f"{CITATION_FILE} gives version {cited if cited is not None else '(none)'}, "
                f'not {version}: set `version: "{version}"` there so that citations name '
                "this release"
            )
    changelog = project.root / CHANGELOG_FILE
    if changelog.is_file():
        try:
            text = changelog.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        heading = re.compile(rf"^##\s+\[?{re.escape(version)}\]?(?:\s|$)", re.MULTILINE)
        if not heading.search(text):
            warnings.append(
                f"{CHANGELOG_FILE} has no section for {version} (a heading `## [{version}]`): "
                "say what changed in it"
            )
    return warnings


def _follow_upstream(top: Path, *, fetch: bool) -> None:
    """Bring the local branch up to the remote's (``origin/gh-pages``) when it is behind,
    as ``mike deploy`` does, fetching it first when the release will push; refuse when
    the two have diverged (a push would be refused)."""
    from mike import git_utils

    if fetch:
        tracking = f"{BRANCH}:refs/remotes/{REMOTE}/{BRANCH}"
        git(top, "fetch", "--quiet", REMOTE, tracking, check=False)
    try:
        with working_in(top):
            git_utils.update_from_upstream(REMOTE, BRANCH)
    except (git_utils.GitBranchDiverged, git_utils.GitRevUnrelated) as exc:
        raise ReleaseRefused(
            f"{exc}: bring `{BRANCH}` in line with `{REMOTE}/{BRANCH}` first"
        ) from exc


def release(
    project: Project,
    version: str,
    *,
    alias: Sequence[str] = (),
    push: bool = False,
    overwrite: bool = False,
    steps: Sequence[ReleaseStep] | None = None,
    offline: bool = True,
    say: Callable[[str], None] = lambda _: None,
) -> ReleaseOutcome:
    """Build the project and deploy it as ``version`` (see the module's steps).

    Returns with ``build`` set and ``deployed`` False when the build failed (content
    errors, broken links); ``ReleaseRefused`` (or ``GitError``) for what step 1 refuses.
    The same release run again after it was stopped after mike's commit (killed, a
    power cut) finishes it: the root commit and the push, without building again.
    """
    top, commit = check_release(project, version, alias, overwrite, push)
    outcome = ReleaseOutcome(version, commit=commit)
    outcome.warnings = release_warnings(project, version)
    for warning in outcome.warnings:
        say(f"warning: {warning}")
    config = load_config(str(project.config_file))
    outcome.finished = "" if overwrite else (unfinished(top, version, commit, push) or "")
    if outcome.finished:
        _resume(outcome, push, say)
    else:
        with scratch_folder("release") as work:
            _build_and_deploy(project, config, outcome, alias, steps, offline, work, top, say)
        if not outcome.deployed:
            return outcome
    _update_root(project, config, top, outcome, say)
    if push:
        say(f"pushing `{BRANCH}`")
        git(top, "push", REMOTE, BRANCH)
        outcome.pushed = True
    return outcome


def _resume(outcome: ReleaseOutcome, push: bool, say: Callable[[str], None]) -> None:
    """Take up a release stopped after mike's commit (``outcome.finished`` says where):
    its deploy is made, what is left is the root commit and the push."""
    left = "push" if outcome.finished == "push" else "root commit"
    if push and outcome.finished == "root":
        left += " and push"
    say(
        f"finishing the release of {outcome.version} from commit {outcome.commit[:12]}, "
        f"stopped after mike's commit: its {left}"
    )
    outcome.deployed = True
    sweep_scratch("release")  # the folder the stopped release left behind


def _update_root(
    project: Project,
    config: MkDocsConfig,
    top: Path,
    outcome: ReleaseOutcome,
    say: Callable[[str], None],
) -> None:
    """Step 6: the root commit (unless only the push is left), and the newest version
    the root now serves."""
    plan = None
    if outcome.finished != "push":
        plan = root_plan(
            top,
            site_url=project.site_url,
            directory_urls=project.directory_urls,
            site_name=str(config.site_name),
            template_dirs=list(config.theme.dirs),
            language=str(config.theme.get("language") or "en"),
        )
    if plan is not None:
        outcome.newest = plan.newest
        changed = commit_root(plan, _root_message(plan.newest, outcome.version))
        say(
            f"root of `{BRANCH}`: schemas, open data and sitemap of {plan.newest}; "
            f"links of {changed} page(s) updated"
        )
    else:
        outcome.newest = next((d.version for d in deployed_versions(top)), "")


def _build_and_deploy(
    project: Project,
    config: MkDocsConfig,
    outcome: ReleaseOutcome,
    alias: Sequence[str],
    steps: Sequence[ReleaseStep] | None,
    offline: bool,
    work: Path,
    top: Path,
    say: Callable[[str], None],
) -> None:
    """Steps 2 to 5 in the temporary folder ``work``: build (and the offline copy), then
    mike's commit; ``outcome.deployed`` says whether it was made."""
    site_dir = work / "site"
    if not _build(project, outcome, offline, work, site_dir, say):
        return
    _write_constraints(config, outcome, site_dir)
    for step in RELEASE_STEPS if steps is None else steps:
        step(project, outcome.version, site_dir)
    _deploy(project, config, outcome, alias, work, site_dir, top, say)
    outcome.deployed = True


def _build(
    project: Project,
    outcome: ReleaseOutcome,
    offline: bool,
    work: Path,
    site_dir: Path,
    say: Callable[[str], None],
) -> bool:
    """Step 2: the offline copy (unless ``offline`` is False), then the site, which
    publishes it; False when either failed (``outcome.build`` says why)."""
    version, commit = outcome.version, outcome.commit
    offline_zip = None
    cache = ContentCache()  # the offline copy's validation serves the site's build too
    if offline:
        say(f"building the offline copy of {version}")
        # its links to the site online lead to this version's pages
        copy = build_offline_zip(project, work / "offline", cache, version)
        if not copy.ok:
            outcome.build = BuildOutcome(copy.validation, site_dir, copy.site_problems, copy.error)
            if outcome.build.ok:  # the copy gave no reason: say that it failed
                outcome.build.error = "the offline copy could not be built"
            return False
        offline_zip = copy.zip_path
        outcome.offline_size = copy.size
    say(f"building version {version} from commit {commit[:12]}")
    outcome.build = build_and_swap(project, site_dir, offline_zip, cache, version)
    return outcome.build.ok


def _write_constraints(config: MkDocsConfig, outcome: ReleaseOutcome, site_dir: Path) -> None:
    """Step 3: ``constraints.txt``, the exact packages that built this version, headed by
    how to rebuild it."""
    version, commit = outcome.version, outcome.commit
    header = (
        f"The Python packages that built {config.site_name} {version} "
        f"(oshub {oshub.__version__}) from commit {commit}.",
        "Rebuild that version: check the commit out, then",
        f"  pip install -c {routes.CONSTRAINTS_FILE} -e '.[site]'",
        f"  MIKE_DOCS_VERSION={version} oshub build",
    )
    (site_dir / routes.CONSTRAINTS_FILE).write_text(constraints_text(header), "utf-8")


def _deploy(
    project: Project,
    config: MkDocsConfig,
    outcome: ReleaseOutcome,
    alias: Sequence[str],
    work: Path,
    site_dir: Path,
    top: Path,
    say: Callable[[str], None],
) -> None:
    """Step 5: mike's commit of the built folder, its aliases as redirect pages."""
    from mike import commands as mike
    from mike import git_utils, mkdocs_utils

    version = outcome.version
    template = redirect_template(
        list(config.theme.dirs), str(config.theme.get("language") or "en"), version, work
    )
    say(f"deploying {version} to `{BRANCH}` with mike")
    message = (
        f"{_deploy_message(outcome.commit)}{version} with oshub {oshub.__version__} "
        f"and {mkdocs_utils.version_info()}"
    )
    cfg = {"site_dir": str(site_dir), "use_directory_urls": project.directory_urls}
    try:
        with (
            working_in(top),
            mike.deploy(
                cfg,
                version,
                aliases=list(alias),
                update_aliases=True,
                alias_type=mike.AliasType.redirect,
                template=str(template),
                branch=BRANCH,
                message=message,
            ),
        ):
            pass  # built above: mike only commits the folder
    except (ValueError, git_utils.GitError) as exc:
        raise ReleaseRefused(f"mike could not deploy {version}: {exc}") from exc
