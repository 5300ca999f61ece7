"""An editor completes keys from a schema file on its own (yaml-language-server, offline)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from support import REPO

SERVER = REPO / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


class _Client:
    """A minimal Language Server Protocol client over stdio."""

    def __init__(self, root: Path) -> None:
        node = shutil.which("node")
        assert node, "Node.js is missing"
        assert SERVER.is_file(), "yaml-language-server is missing: run `make test` (npm ci)"
        self.process = subprocess.Popen(
            [node, str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=root,
        )
        self.next_id = 0

    def send(self, method: str, params: Any, *, request: bool = True) -> int:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()
        return self.next_id

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while line := self.process.stdout.readline().strip():
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        message: dict[str, Any] = json.loads(self.process.stdout.read(length))
        return message

    def request(self, method: str, params: Any) -> Any:
        wanted = self.send(method, params)
        while True:
            message = self.receive()
            if message.get("id") == wanted and "method" not in message:
                return message.get("result")
            if "method" in message and "id" in message:  # a request from the server
                self.answer(message)

    def answer(self, message: dict[str, Any]) -> None:
        result: Any = None
        if message["method"] == "workspace/configuration":
            items = message["params"]["items"]
            result = [{"validate": True, "completion": True, "hover": True} for _ in items]
        body = json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)


@pytest.mark.parametrize(
    ("kind", "folder", "nested", "expected"),
    [
        # local_name is a shared definition: completing inside it needs the $ref resolved
        ("hub", "hubs", "local_name", {"name", "country", "location", "sdgs", "last_reviewed"}),
        ("mission", "missions", "challenges", {"title", "hubs", "status", "summary"}),
        ("tools", "data", "tools", {"last_reviewed"}),
    ],
)
def test_yaml_language_server_completes_keys_from_the_schema_file(
    tmp_path: Path, kind: str, folder: str, nested: str, expected: set[str]
) -> None:
    # only the one schema file, as a scaffolded file's modeline names it
    (tmp_path / "schemas").mkdir()
    shutil.copy(REPO / "schemas" / f"{kind}.schema.json", tmp_path / "schemas")
    content = tmp_path / folder / "new.yaml"
    content.parent.mkdir()
    text = f"# yaml-language-server: $schema=../schemas/{kind}.schema.json\n\n"
    listed = nested in ("challenges", "tools")
    text += f"{nested}:\n  " + ("- " if listed else "") + "\n"
    content.write_text(text, encoding="utf-8")
    client = _Client(tmp_path)
    try:
        client.request(
            "initialize",
            {
                "processId": None,
                "rootUri": tmp_path.as_uri(),
                "capabilities": {"textDocument": {"completion": {"completionItem": {}}}},
            },
        )
        client.send("initialized", {}, request=False)
        client.send(
            "workspace/didChangeConfiguration",
            {
                "settings": {
                    "yaml": {"validate": True, "completion": True, "schemaStore": {"enable": False}}
                }
            },
            request=False,
        )
        uri = content.as_uri()
        client.send(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
            request=False,
        )
        top = client.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 0}},
        )
        column = 4 if listed else 2
        inner = client.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": 3, "character": column}},
        )
    finally:
        client.close()
    labels = _labels(top)
    assert expected <= labels, labels
    documentation = {item["label"]: item.get("documentation") for item in _items(top)}
    assert all(documentation[key] for key in expected), "keys come with their descriptions"
    inner_expected = {
        "local_name": {"text", "lang"},
        "challenges": {"hub", "title", "description"},
        "tools": {"id", "kind", "title", "sections", "fields", "columns", "zones"},
    }[nested]
    assert inner_expected <= _labels(inner), _labels(inner)


def _items(result: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = result.get("items", []) if isinstance(result, dict) else result
    return items or []


def _labels(result: Any) -> set[str]:
    return {item["label"] for item in _items(result)}
