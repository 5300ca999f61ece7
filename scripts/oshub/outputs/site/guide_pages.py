"""What a guide page shows besides its text, and what search finds it by: from the model.

The decorations (reading time, last review, licence, the area's templates, how to
cite the page) are the templates ``guide_meta.html`` and ``guide_footer.html``; the
search entries (the page and each of its sections) are written from the guide's
Markdown and headings, not parsed back out of the rendered page. The glossary's
terms are explained on hover through Markdown abbreviations.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from oshub.core.text import markdown_to_text
from oshub.load.tool_markers import replace_markers
from oshub.model.entities import GlossaryTerm, Guide, SelfAssessment, Tool
from oshub.outputs.site.html_tree import written_again
from oshub.render.renderer import Renderer
from oshub.routes import Routes


def decorate(
    content: str, guide: Guide, renderer: Renderer, *, templates: bool, pdf: bool = False
) -> str:
    """A guide page's rendered content with its decorations: the facts under the title,
    and after the text the area's templates (business plans), its printable PDF (when
    the build prints them) and the citation."""
    here = guide.path
    meta = renderer.page("guide_meta.html", here, guide=guide)
    templates_link = (
        renderer.routes.link(Routes.TEMPLATES, here)
        if templates and guide.area is not None and guide.area == renderer.site.templates_area
        else None
    )
    pdf_link = (
        renderer.routes.link(Routes.blueprint_pdf(renderer.site.settings.version, guide.area), here)
        if pdf and guide.area is not None
        else None
    )
    footer = renderer.page(
        "guide_footer.html",
        here,
        guide=guide,
        templates_link=templates_link,
        pdf_link=pdf_link,
        address=renderer.routes.absolute(here),
    )
    return _after_title(content, meta) + "\n" + footer


def _after_title(content: str, meta: str) -> str:
    """``content`` with ``meta`` right after its first ``<h1>``, or before it all.

    The heading is found by the HTML parser, and the content written again from its
    tree: the sanitiser reads and writes it once more after this, so nothing of the
    form it was written in is kept anyway."""
    tree = LexborHTMLParser(content, is_fragment=True)
    heading = tree.css_first("h1")
    if heading is None:
        return meta + content
    decoration = LexborHTMLParser("\n" + meta, is_fragment=True)
    if decoration.root is not None:
        for node in reversed(list(decoration.root.iter(include_text=True))):
            heading.insert_after(node)
    return written_again(tree)


def show_tools(guide: Guide, renderer: Renderer, pdfs: Mapping[str, Any] | None = None) -> str:
    """A guide page's Markdown with each tool marker (``<!-- oshub:tool ID -->``)
    replaced by the tool from the model, as one block of HTML (template ``tool.html``):
    its title one level below the heading it stands under, and a link to its PDF when
    the build prints them (``pdfs``: printed tools by id, with path, pages and size)."""
    tools = renderer.site.tool_by_id
    body = guide.body

    def block(tool_id: str, offset: int) -> str | None:
        tool = tools.get(tool_id)
        if tool is None:
            return None  # validation reports it; a build without validation leaves it
        line = guide.body_line + body.count("\n", 0, offset) + 1
        above = [h.level for h in guide.headings if h.line < line]
        html = renderer.page(
            "tool.html",
            guide.path,
            tool=tool,
            assessment=renderer.site.self_assessment,
            level=min((above[-1] if above else 1) + 1, 6),
            pdf=(pdfs or {}).get(tool_id),
        )
        # one HTML block for Markdown: no blank line inside it, blank lines around it
        return "\n" + "\n".join(s for s in html.splitlines() if s.strip()) + "\n"

    return replace_markers(body, block)


def assessment_pdf(renderer: Renderer, pdfs: Mapping[str, Any]) -> str:
    """The self-assessment page's link to the form on paper, when it is printed."""
    tool = next((t for t in renderer.site.tools if t.kind == "self-assessment"), None)
    pdf = pdfs.get(tool.id) if tool is not None else None
    if tool is None or pdf is None:
        return ""
    return renderer.page("tool_pdf.html", Routes.SELF_ASSESSMENT, tool=tool, pdf=pdf)


def abbreviations(glossary: tuple[GlossaryTerm, ...]) -> str:
    """The glossary as Markdown abbreviations (``*[term]: definition``), explained on hover."""
    return "".join(f"*[{t.term}]: {t.definition.replace(']', ')')}\n" for t in glossary)


def tool_words(tool: Tool, assessment: SelfAssessment | None) -> str:
    """A tool's words on one line (what search finds where a page shows the tool)."""
    words = [tool.title, tool.introduction or "", tool.centre or "", *tool.rings, *tool.zones]
    for section in tool.sections:
        words += [section.title or "", *section.items]
    for field in (*tool.fields, *tool.after):
        words += [field.label, field.prompt or ""]
    for column in tool.columns:
        words += [column.title, column.prompt or ""]
    if tool.kind == "self-assessment" and assessment is not None:
        words += [text for section in assessment.sections for _id, text in section.questions]
    words.append(tool.note or "")
    return " ".join(" ".join(w.split()) for w in words if w)


def search_entries(
    guide: Guide,
    url: str,
    tools: Mapping[str, Tool] | None = None,
    assessment: SelfAssessment | None = None,
) -> list[dict[str, str]]:
    """Search entries for a guide page: the page (its title and first part) and each
    section under a heading (``url#anchor``), as the theme's index expects them; a
    tool the page shows is found by its words (``tools``: the site's, by id)."""
    known = tools or {}
    body = replace_markers(
        guide.body,
        lambda tool, _at: tool_words(known[tool], assessment) if tool in known else None,
    )
    lines = body.splitlines()
    first = guide.body_line  # file line (0-based) of the body's first line
    cuts = [h for h in guide.headings if h.level > 1]
    entries = []
    start = 0
    title, location = guide.title, url
    for heading in [*cuts, None]:
        end = (heading.line - 1 - first) if heading else len(lines)
        text = markdown_to_text("\n".join(lines[start:end]))
        entries.append(
            {
                "location": location,
                "title": html.escape(title, quote=False),
                "text": html.escape(text, quote=False),
            }
        )
        if heading is not None:
            start = end + 1
            title, location = heading.text, f"{url}#{heading.anchor}"
    return entries
