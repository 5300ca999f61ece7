"""Which addresses the live preview answers (``preview.request_path``); the others get
400 (tests/site/test_serve.py sends them to a real preview)."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from oshub.preview.server import MAX_PATH, request_path, serve_url


def _wsgi(address: str) -> str:
    """PATH_INFO as a WSGI server gives it: escapes decoded, bytes as Latin-1 text."""
    return unquote(address, encoding="latin-1")


@pytest.mark.parametrize(
    "address",
    ["/", "/hubs/lemnos/", "/assets/stylesheets/oshub.css", "/nl/hubs/", "/caf%C3%A9/"],
)
def test_addresses_of_the_site_are_answered(address: str) -> None:
    assert request_path(_wsgi(address)) == unquote(address)


@pytest.mark.parametrize(
    "address",
    [
        "/%00",
        "/x%00.css",
        "/%0a",
        "/%c2%85",  # a C1 control (NEL)
        "/%",
        "/%zz",
        "/%2525",  # decodes to a stray "%25"
        "/..%2f..%2fetc%2fpasswd",
        "/hubs/%2e%2e/x",
        "/./index.html",
        "/%ff",
        "/%c0%ae%c0%ae/",  # an overlong encoding of "."
        "/a%5cb",
        "hubs/",
        "/" + "a" * MAX_PATH,
    ],
)
def test_addresses_that_cannot_be_a_file_of_the_site_are_refused(address: str) -> None:
    assert request_path(_wsgi(address)) is None


@pytest.mark.parametrize(
    ("host", "port", "mount_path", "url"),
    [
        ("127.0.0.1", 8000, "/", "http://127.0.0.1:8000/"),
        ("localhost", 8001, "", "http://localhost:8001/"),
        ("localhost", 8000, "/blueprint", "http://localhost:8000/blueprint/"),
        ("::1", 8000, "blueprint//", "http://::1:8000/blueprint/"),
    ],
)
def test_the_preview_address_is_the_one_the_server_serves(
    host: str, port: int, mount_path: str, url: str
) -> None:
    assert serve_url(host, port, mount_path) == url
