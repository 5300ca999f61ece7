"""`oshub serve` shows the site and rebuilds when a content file changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from support import REPO, copy_repository


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_on_content_change(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    port = free_port()
    script = Path(sys.executable).parent / "oshub"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "oshub"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [*command, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/hubs/lemnos/"
        assert wait_for(url, "Open Science Hub Lemnos"), "the server did not come up"
        served = fetch(url) or ""
        # the preview's reload script is inline: a policy allowing only hashed scripts
        # would block it, so the preview's pages go without one (built sites keep it)
        assert "livereload" in served
        assert "Content-Security-Policy" not in served
        hub = root / "hubs" / "lemnos.yaml"
        hub.write_text(
            hub.read_text(encoding="utf-8").replace(
                "name: Open Science Hub Lemnos", "name: Island Hub Renamed"
            ),
            encoding="utf-8",
        )
        assert wait_for(url, "Island Hub Renamed"), "the page was not rebuilt"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
