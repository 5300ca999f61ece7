"""The end of a pass: the links and anchors of the whole built site, the model's entries
in the theme's search index, the offline copy's search script, the preview's memory."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from oshub import routes
from oshub.outputs.links import broken_links, link_problems
from oshub.outputs.site import offline_pages
from oshub.plan.plan import PlanStopped
from oshub.plan.rendering import Rendering
from oshub.plan.reporting import log_problems


def finish(rendering: Rendering, site_dir: Path, added: Mapping[str, str]) -> None:
    """Check links and anchors, add the model's entries to the theme's search index;
    raises ``PlanStopped`` when something is broken or a page was withheld. ``added``:
    the generated files this pass wrote (docs path -> path in the site folder)."""
    plan = rendering.plan
    if plan.project is not None and plan.options.enabled:
        base = urlsplit(plan.project.site_url).path
        if plan.preview is not None:
            broken = plan.preview.links.check(site_dir, base)
        else:
            broken = broken_links(site_dir, base)
        problems = link_problems(broken, rendering.page_sources, plan.project.root)
        log_problems(problems)
        rendering.report.build_problems.extend(problems)
    if rendering.report.build_problems:
        raise PlanStopped(
            f"{len(rendering.report.build_problems)} problem(s) in the built site "
            f"({len(rendering.report.withheld)} page(s) withheld); fix them and build again",
            list(rendering.report.build_problems),
        )
    docs = _search_index(rendering, site_dir)
    if plan.preview is not None:
        plan.preview.finish({path: plan.made[path] for path in added}, dict(added), docs)


def _search_index(rendering: Rendering, site_dir: Path) -> list[dict[str, Any]]:
    """The theme's search index with the model's entries (and, in the preview, the
    entries of pages a small build did not render again); the offline copy's script."""
    plan = rendering.plan
    index = site_dir / routes.SEARCH_INDEX
    docs: list[dict[str, Any]] = []
    if index.is_file() and (rendering.search_entries or plan.preview is not None):
        data = json.loads(index.read_text(encoding="utf-8"))
        data["docs"].extend(rendering.search_entries)
        if plan.preview is not None:
            data["docs"] = docs = plan.preview.merged_search(data["docs"], rendering.page_urls)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        index.write_text(text, "utf-8")
    if plan.options.offline and index.is_file():
        offline_pages.write_search_script(site_dir, index.read_text(encoding="utf-8"))
    return docs
