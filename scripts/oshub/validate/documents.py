"""Documents of the docs folder checked for what they are, one check a kind of file.

- CSV (``document_csv``): no cell a spreadsheet would run as a formula;
- OpenDocument (``document_odf``): no macros, events, DDE, linked files, or formulas
  reaching outside;
- PDF (``document_pdf``): no JavaScript, actions, launches, forms sent, other files
  opened, embedded files, XFA, rich media;
- raster images (``document_images``): decoded, the format their name says, at most
  40 megapixels.

CSV and OpenDocument need only the standard library and always run. The PDF and
image checks need pypdf and Pillow, from the ``site`` extra: the build (which needs
that extra) always runs them; ``oshub validate`` runs them when they can be
imported, and otherwise names what it skipped in one line (``skipped_note``).

Whatever goes wrong while a check reads a file (a decoder's error, running out of
memory) makes the file refused, "cannot be read", never a traceback.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from oshub.core.problems import Problem, error
from oshub.validate import document_images, document_pdf
from oshub.validate.document_csv import check_csv
from oshub.validate.document_odf import MIMETYPES, check_odf

SITE_EXTRA_INSTALL = "pip install 'oshub[site]'"


@dataclass(frozen=True)
class _Kind:
    name: str
    """What the check is called in the skipped note (``PDF``, ``image``)."""
    package: str
    available: Callable[[], bool]
    check: Callable[[Path, str], list[Problem]]


_PDF = _Kind("PDF", "pypdf", document_pdf.available, document_pdf.check_pdf)
_IMAGE = _Kind("image", "Pillow", document_images.available, document_images.check_image)
_NEEDING_THE_SITE_EXTRA = {".pdf": _PDF} | {suffix: _IMAGE for suffix in document_images.RASTER}


class DocumentCache:
    """What checking each document found, with the file's size, times and inode: the
    live preview validates on every save, and the build checks each published file once
    more, and a document that has not changed is not decoded again. The caller makes one
    and passes it to every check that should share it (``ValidationCache`` holds one)."""

    def __init__(self) -> None:
        self._found: dict[Path, tuple[tuple[int, int, int, int], list[Problem]]] = {}

    def get(self, path: Path, key: tuple[int, int, int, int]) -> list[Problem] | None:
        """What checking ``path`` found when it had ``key``, or None."""
        cached = self._found.get(path)
        return list(cached[1]) if cached is not None and cached[0] == key else None

    def put(self, path: Path, key: tuple[int, int, int, int], problems: list[Problem]) -> None:
        """Remember what checking ``path`` (as ``key`` says it is) found."""
        self._found[path] = (key, list(problems))


def _suffix(rel: str) -> str:
    return posixpath.splitext(rel)[1].lower()


def check_document(
    path: Path, rel: str, root: Path, cache: DocumentCache | None = None
) -> list[Problem]:
    """Problems of a document of the docs folder (``rel`` relative to the project);
    an empty list for a kind this module does not check, or whose package is missing
    (``skipped`` says so). With a ``cache``, a document unchanged since it was last
    checked through it is not decoded again."""
    try:
        return _check_document(path, rel, root, cache)
    except Exception as exc:  # MemoryError too; KeyboardInterrupt and SystemExit go on
        detail = str(exc)[:200]
        return [
            error(
                rel,
                1,
                1,
                f"cannot be read: {type(exc).__name__}" + (f": {detail}" if detail else ""),
                hint="save or export it again with an ordinary program; "
                "what cannot be read cannot be published",
            )
        ]


def _check_document(path: Path, rel: str, root: Path, cache: DocumentCache | None) -> list[Problem]:
    suffix = _suffix(rel)
    if suffix == ".csv":
        return check_csv(path, rel, root)
    kind = _NEEDING_THE_SITE_EXTRA.get(suffix)
    if suffix not in MIMETYPES and (kind is None or not kind.available()):
        return []
    try:
        info = os.stat(path)
    except OSError:
        key = None
    else:
        key = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    cached = cache.get(path, key) if cache is not None and key is not None else None
    if cached is not None:
        return cached
    problems = check_odf(path, rel) if kind is None else kind.check(path, rel)
    if cache is not None and key is not None:
        cache.put(path, key, problems)
    return problems


def skipped(rel: str) -> str | None:
    """The check ``check_document`` could not run on ``rel`` here (``PDF``, ``image``),
    or None."""
    kind = _NEEDING_THE_SITE_EXTRA.get(_suffix(rel))
    return kind.name if kind is not None and not kind.available() else None


def missing_packages() -> list[str]:
    """The packages the PDF and image checks need that cannot be imported here (the
    build refuses to run without them: it publishes what these checks pass)."""
    return [kind.package for kind in (_PDF, _IMAGE) if not kind.available()]


def skipped_note(names: Iterable[str]) -> str | None:
    """One line naming the document checks skipped (``names`` from ``skipped``) and how
    to have them, or None when none was."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    kinds = {kind.name: kind.package for kind in (_PDF, _IMAGE)}
    parts = [f"{count} {name}{'s' if count > 1 else ''}" for name, count in sorted(counts.items())]
    packages = " and ".join(kinds[name] for name in sorted(counts))
    return (
        f"note: not checked here for what they are: {', '.join(parts)} ({packages} not "
        f"installed); the build checks them, or: {SITE_EXTRA_INSTALL}"
    )
