"""`oshub serve` run for real on loopback, for the live preview's tests."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oshub_command() -> list[str]:
    """The installed ``oshub`` beside this interpreter (or ``python -m oshub``)."""
    script = Path(sys.executable).parent / "oshub"
    return [str(script)] if script.exists() else [sys.executable, "-m", "oshub"]


def _interruptible() -> None:
    """In the preview's process, before it starts: SIGINT as a terminal gives it.
    A shell starting tests in the background (``make test &``) hands its children
    SIGINT ignored, and Python then never raises KeyboardInterrupt: Ctrl+C could not
    be tested."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Served:
    """An ``oshub serve`` process in ``root``; its terminal output goes to files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self._out = root.parent / f"serve-{self.port}.out"
        self._err = root.parent / f"serve-{self.port}.err"
        self.temporary = root.parent / f"tmp-{self.port}"
        """The preview's TMPDIR: where it builds (in ``oshub-<uid>/``)."""
        self.temporary.mkdir()
        env = {
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "PYTHONUNBUFFERED": "1",
            "TMPDIR": str(self.temporary),
        }
        with self._out.open("w") as out, self._err.open("w") as err:
            self.process = subprocess.Popen(
                [*oshub_command(), "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
                cwd=root,
                env=env,
                stdout=out,
                stderr=err,
                preexec_fn=_interruptible,
            )

    @property
    def stdout(self) -> str:
        """What the preview printed on standard output so far."""
        return self._out.read_text(encoding="utf-8")

    @property
    def stderr(self) -> str:
        """What the preview printed on standard error so far."""
        return self._err.read_text(encoding="utf-8")

    def fetch(self, path: str) -> tuple[int, str] | None:
        """Status and body of ``path``, or None when nothing answers."""
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, path: str, text: str, seconds: float = 120) -> tuple[int, str]:
        """Status and body of ``path`` once its body holds ``text``; fails after ``seconds``."""
        deadline = time.monotonic() + seconds
        last: tuple[int, str] | None = None
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the preview stopped:\n{self.stderr}"
            last = self.fetch(path)
            if last is not None and text in last[1]:
                return last
            time.sleep(0.1)
        raise AssertionError(
            f"{path} never showed {text!r}; last answer: {last and last[0]}\n"
            f"{(last and last[1][:2000])}\nstderr:\n{self.stderr}"
        )

    def status(self, path: str) -> int:
        """The status answered for ``path`` sent exactly as given (not quoted)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def built_in(self) -> list[Path]:
        """The folders the preview builds in now (under its TMPDIR)."""
        return [
            p
            for p in self.temporary.rglob("*")
            if p.is_dir() and p.parent.name.startswith("oshub-")
        ]

    def wait_for_output(self, text: str, seconds: float = 60) -> None:
        """Wait until standard output holds ``text``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.stdout:
                return
            time.sleep(0.1)
        raise AssertionError(f"the terminal never showed {text!r}:\n{self.stdout}\n{self.stderr}")

    def stop(self) -> None:
        """Stop the preview."""
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in a file, as an editor saving it would."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
