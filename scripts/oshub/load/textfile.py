"""Read a content file safely: limits are checked before any byte is parsed.

Every failure becomes a problem at ``1:1`` (or at the offending byte), never an
exception, so that one bad file does not stop the others from being checked.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from oshub.core.problems import Problem, error
from oshub.core.symlinks import refusal

MAX_BYTES = 1024 * 1024
"""Largest content file accepted (1 MiB), checked with ``stat`` before reading."""


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def read_text(path: Path, rel: str, root: Path) -> tuple[str | None, list[Problem]]:
    """Return the text of ``path`` (``rel`` names it in problems), or problems.

    Checks, in order: symbolic links that may not be followed (``symlinks``: a link
    is followed only to an allowed file of the content folders), directories and other
    non-regular files, size (with ``stat``, before reading), permission, NUL
    bytes, UTF-8 (a byte-order mark is allowed) and emptiness.
    """
    found = refusal(path, root)
    if found is not None:
        return None, [found.problem(rel)]
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None, [error(rel, 1, 1, "file not found")]
    except OSError as exc:
        return None, [error(rel, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    if stat.S_ISDIR(info.st_mode):
        return None, [
            error(rel, 1, 1, "is a directory, not a file", hint="rename or remove the directory")
        ]
    if not stat.S_ISREG(info.st_mode):
        return None, [error(rel, 1, 1, "is not a regular file")]
    if info.st_size > MAX_BYTES:
        return None, [
            error(
                rel,
                1,
                1,
                f"file too large ({_mib(info.st_size)} > 1 MiB)",
                hint="content files are small; split the content or remove what does not belong",
            )
        ]
    try:
        with open(path, "rb", buffering=0) as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
        return None, [error(rel, 1, 1, f"cannot read file: {reason or exc}")]
    if len(data) > MAX_BYTES:  # the file grew after stat
        return None, [error(rel, 1, 1, f"file too large (> {_mib(MAX_BYTES)})")]
    return decode_text(data, rel)


def decode_text(data: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 bytes (optional BOM), rejecting NUL bytes and empty files."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(data, nul)
        return None, [
            error(rel, line, col, "file contains a NUL byte", hint="is this a binary file?")
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        byte = data[exc.start : exc.start + 1].hex()
        return None, [
            error(
                rel,
                line,
                col,
                f"file is not valid UTF-8 (byte 0x{byte})",
                hint="save the file as UTF-8 in your editor",
            )
        ]
    if not text.strip():
        return None, [error(rel, 1, 1, "file is empty", hint="run `oshub new` for a starter file")]
    return text, []
