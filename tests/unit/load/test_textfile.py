"""Safe reading of content files: limits before parsing, never an exception."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oshub.load import textfile
from oshub.load.textfile import MAX_BYTES, decode_text, read_text


def test_reads_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: \xc3\xa9\n")
    assert read_text(path, "a.yaml", tmp_path) == ("name: é\n", [])


def test_too_large_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(30 * 1024 * 1024)  # sparse: 30 MiB without writing them

    def no_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_read)
    text, problems = read_text(path, "big.yaml", tmp_path)
    assert text is None
    assert [p.message for p in problems] == ["file too large (30.0 MiB > 1 MiB)"]
    assert (problems[0].line, problems[0].col) == (1, 1)


def test_exactly_the_limit_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "edge.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES - 4) + b"\n")
    text, problems = read_text(path, "edge.yaml", tmp_path)
    assert problems == []
    assert text is not None


def test_directory_named_like_a_file(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").mkdir()
    _, problems = read_text(tmp_path / "x.yaml", "x.yaml", tmp_path)
    assert [p.message for p in problems] == ["is a directory, not a file"]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("a: 1\n")

    def denied(file: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(file))

    # tests run as root: chmod would not stop us, so opening the file is made to fail
    monkeypatch.setattr(textfile, "open", denied, raising=False)
    _, problems = read_text(path, "secret.yaml", tmp_path)
    assert [p.message for p in problems] == ["cannot read file: permission denied"]


def test_symlink_outside_the_project(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("a: 1\n")
    root = tmp_path / "project"
    (root / "hubs").mkdir(parents=True)
    (root / "hubs/link.yaml").symlink_to(outside)
    _, problems = read_text(root / "hubs/link.yaml", "hubs/link.yaml", root)
    assert [p.message for p in problems] == [
        "symbolic link leads outside the content folders "
        "(blueprint/, hubs/, missions/, data/, schemas/, overrides/)"
    ]
    assert problems[0].hint.startswith("links are not followed here: copy the file")


def test_symlink_to_an_allowed_file_of_the_content_folders_is_followed(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "hubs").mkdir()
    (tmp_path / "data/real.yaml").write_text("a: 1\n")
    (tmp_path / "hubs/link.yaml").symlink_to("../data/real.yaml")
    assert read_text(tmp_path / "hubs/link.yaml", "hubs/link.yaml", tmp_path) == ("a: 1\n", [])


def test_symlink_to_the_project_s_root_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("a: 1\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    _, problems = read_text(tmp_path / "link.yaml", "link.yaml", tmp_path)
    assert problems[0].message.startswith("symbolic link leads outside the content folders")


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "hubs").mkdir()
    (tmp_path / "hubs/dangling.yaml").symlink_to("nowhere.yaml")
    _, problems = read_text(tmp_path / "hubs/dangling.yaml", "hubs/dangling.yaml", tmp_path)
    assert [p.message for p in problems] == [
        "symbolic link is broken: nothing exists where it leads"
    ]


def test_fifo_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would block forever
    _, problems = read_text(tmp_path / "pipe.yaml", "pipe.yaml", tmp_path)
    assert [p.message for p in problems] == ["is not a regular file"]


@pytest.mark.parametrize(
    ("data", "message", "where"),
    [
        (b"a: 1\nb: \x00\n", "file contains a NUL byte", (2, 4)),
        (b"a: 1\nname: caf\xe9\n", "file is not valid UTF-8 (byte 0xe9)", (2, 10)),
        (b"", "file is empty", (1, 1)),
        (b"  \n\n", "file is empty", (1, 1)),
    ],
)
def test_bad_bytes(data: bytes, message: str, where: tuple[int, int]) -> None:
    text, problems = decode_text(data, "f.yaml")
    assert text is None
    assert [p.message for p in problems] == [message]
    assert (problems[0].line, problems[0].col) == where
