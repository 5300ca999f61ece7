"""Raster images of the docs folder, decoded to be sure they are the image they claim.

A file named ``.png`` that is text, or a 50,000 x 50,000 picture a few kilobytes on
disk, would be left out of a printed book or stall a reader's browser. Each image is
opened with Pillow, which is told the one format its extension names (no other
decoder is tried, so nothing is handed to an outside program), its size is read from
the header and refused above ``MAX_PIXELS`` before any pixel is decoded, and then it
is decoded whole. Pillow's own decompression-bomb protection stays on, its warning
turned into a refusal.

Pillow is in the ``site`` extra: ``available()`` says whether it can be imported.
"""

from __future__ import annotations

import importlib
import posixpath
import warnings
from functools import cache
from pathlib import Path

from oshub.core.problems import Problem, error

MAX_PIXELS = 40_000_000
"""Largest image accepted: 40 megapixels (a 7,700 x 5,200 photo), per frame."""
MAX_FRAMES = 1000
"""Most frames an animated image may have."""
FORMATS = {
    ".png": ("PNG",),
    ".jpg": ("JPEG",),
    ".jpeg": ("JPEG",),
    ".gif": ("GIF",),
    ".webp": ("WEBP",),
    ".avif": ("AVIF",),
}
"""Extension -> the Pillow formats a file with it may be."""
RASTER = frozenset(FORMATS)


@cache
def available() -> bool:
    """True when Pillow can be imported here (the ``site`` extra)."""
    try:
        importlib.import_module("PIL")
    except ImportError:
        return False
    return True


def image_problem(path: Path) -> str | None:
    """What is wrong with the image at ``path`` (in words), or None when it is fine.

    A cut image is refused even where WeasyPrint has been imported: it sets Pillow's
    process-wide ``LOAD_TRUNCATED_IMAGES``, which is turned off for the check."""
    from PIL import ImageFile

    loads_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        return _image_problem(path)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = loads_truncated


def _image_problem(path: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    suffix = posixpath.splitext(path.name)[1].lower()
    formats = FORMATS[suffix]
    name = formats[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path, formats=list(formats)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return (
                        f"{width} x {height} pixels is more than the "
                        f"{MAX_PIXELS // 1_000_000} megapixels an image may have"
                    )
                frames = getattr(image, "n_frames", 1)
                if frames > MAX_FRAMES:
                    return f"{frames} frames is more than the {MAX_FRAMES} an image may have"
                image.load()
        except UnidentifiedImageError:
            return f"not a {name} image (its bytes are not what the `{suffix}` name says)"
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            return (
                f"more pixels than the {MAX_PIXELS // 1_000_000} megapixels an image may "
                f"have (Pillow: {exc})"
            )
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            return f"a {name} image that cannot be decoded ({exc})"
        except MemoryError:
            return f"a {name} image too large to decode"
    return None


def check_image(path: Path, rel: str) -> list[Problem]:
    """Problems of the image at ``path`` (``rel`` names it), reported at the file."""
    problem = image_problem(path)
    if problem is None:
        return []
    return [
        error(
            rel,
            1,
            1,
            f"image `{rel}`: {problem}",
            hint="save it again from an image editor as the format its name says, at most "
            f"{MAX_PIXELS // 1_000_000} megapixels",
        )
    ]
