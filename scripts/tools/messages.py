"""Extract the words of the templates into the message catalogs, with Babel.

Usage: python scripts/tools/messages.py [--check]

Every word a reader sees is in a template under scripts/oshub/templates/oshub/,
marked for translation ({% trans %} blocks and _() calls). This writes
scripts/oshub/locale/messages.pot (the template of the catalogs) and brings each
language's catalog (scripts/oshub/locale/<lang>/LC_MESSAGES/messages.po) up to date
with it: new words are added empty, words no longer used are marked obsolete. The
site compiles the catalogs with Babel when it builds. With --check it only reports
whether the files are current (exit 1 if not), which is what the tests do.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parents[1] / "oshub"
TEMPLATES = PACKAGE / "templates"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "messages.pot"
OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


def extract() -> Catalog:
    """The messages of every template, as a catalog template."""
    catalog = Catalog(project="oshub", msgid_bugs_address=None, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(TEMPLATES),
        method_map=[("**.html", "jinja2")],
        options_map={"**.html": OPTIONS},
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _po_text(catalog: Catalog) -> str:
    out = io.BytesIO()
    write_po(out, catalog, omit_header=True, sort_output=True, width=100, include_lineno=False)
    return out.getvalue().decode("utf-8")


def catalogs(template: Catalog) -> dict[Path, str]:
    """The text every catalog file should have: the template and each language."""
    files = {POT: _po_text(template)}
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/messages.po")):
        language = po.parent.parent.name
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        files[po] = _po_text(catalog)
    return files


def main(argv: list[str]) -> int:
    """Write the catalogs, or with --check say whether they are current."""
    check = "--check" in argv
    stale = []
    for path, text in catalogs(extract()).items():
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current == text:
            continue
        stale.append(path.relative_to(PACKAGE).as_posix())
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "stale" if check else "written"
    print(f"{len(stale)} catalog file(s) {verb}" + (f": {', '.join(stale)}" if stale else ""))
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
