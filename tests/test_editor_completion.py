"""The editor's view, headless: yaml-language-server (the engine of VS Code's YAML extension,
pinned in tests/editor/package.json, installed by `make test` where npm is present) opens a data
file whose first line names its editor schema, and

- typing under `owners:` offers every role id of the data, with the role's name;
- a misspelt role id is underlined (a diagnostic on its line) before any validator runs;
- a new attendee line offers the "new attendee" snippet.

The documents are opened from memory at a path inside data/, so the modeline resolves to the
checked-in data/schema/editor/ files; nothing is written to data/.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "tests" / "editor" / "node_modules" / ".bin" / "yaml-language-server"
MODELINE = "# yaml-language-server: $schema=../schema/editor/review.schema.json\n"

pytestmark = pytest.mark.skipif(
    not (SERVER.exists() and shutil.which("node")),
    reason="yaml-language-server not installed (make test installs it with npm)",
)


class LanguageServer:
    """A minimal LSP client over stdio: requests with answers, notifications kept."""

    def __init__(self):
        self.proc = subprocess.Popen(
            [str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.inbox: queue.Queue = queue.Queue()
        self.notes: list[dict] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": ROOT.as_uri(),
                "capabilities": {
                    "textDocument": {
                        "completion": {"completionItem": {"snippetSupport": True}},
                        "publishDiagnostics": {},
                    },
                    "workspace": {"configuration": True},
                },
            },
        )
        self.notify("initialized", {})
        settings = {"validate": True, "completion": True, "schemaStore": {"enable": False}}
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": settings}})

    def _read(self):
        out = self.proc.stdout
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.decode().strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length)))

    def _send(self, message: dict):
        data = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict):
        self._send({"method": method, "params": params})

    def _pump(self, until: float, want_id: int | None = None):
        while time.time() < until:
            try:
                message = self.inbox.get(timeout=max(0.01, until - time.time()))
            except queue.Empty:
                return None
            if "method" in message and "id" in message:  # the server asks for settings
                items = message.get("params", {}).get("items", [])
                answer = [{"validate": True, "completion": True} for _ in items] or None
                self._send({"id": message["id"], "result": answer})
            elif "method" in message:
                self.notes.append(message)
            elif message.get("id") == want_id:
                return message
        return None

    def request(self, method: str, params: dict, timeout: float = 60):
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        answer = self._pump(time.time() + timeout, self.next_id)
        assert answer is not None, f"no answer to {method} in {timeout} s"
        return answer.get("result")

    def open(self, name: str, text: str) -> str:
        uri = (ROOT / "data" / "reviews" / name).as_uri()
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        return uri

    def complete(self, uri: str, line: int, character: int) -> list[dict]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        return result["items"] if isinstance(result, dict) else result

    def diagnostics(self, uri: str, timeout: float = 60) -> list[dict]:
        until = time.time() + timeout
        while time.time() < until:
            found = [
                n["params"]["diagnostics"]
                for n in self.notes
                if n["method"] == "textDocument/publishDiagnostics"
                and n["params"]["uri"] == uri
                and n["params"]["diagnostics"]
            ]
            if found:
                return found[-1]
            self._pump(time.time() + 0.2)
        return []

    def close(self):
        self.proc.kill()
        self.proc.wait()


@pytest.fixture(scope="module")
def server():
    ls = LanguageServer()
    yield ls
    ls.close()


def role_ids() -> dict[str, str]:
    roles = yaml.safe_load((ROOT / "data" / "roles.yaml").read_text(encoding="utf-8"))["roles"]
    return {r["id"]: r["name"] for r in roles}


def test_typing_under_owners_offers_every_role_id(server):
    uri = server.open("typing-owners.yaml", MODELINE + "id: typing-owners\nowners:\n  - \n")
    items = server.complete(uri, 3, 4)
    labels = {i["label"] for i in items}
    roles = role_ids()
    assert len(roles) > 20
    assert set(roles) <= labels
    assert "change-manager" in labels
    shown = {i["label"]: json.dumps(i) for i in items}
    assert roles["change-manager"] in shown["change-manager"]  # the name beside the id


def test_a_misspelt_role_id_is_underlined(server):
    uri = server.open("misspelt.yaml", MODELINE + "id: misspelt\nowners:\n  - change-manger\n")
    on_line = [d for d in server.diagnostics(uri) if d["range"]["start"]["line"] == 3]
    assert len(on_line) == 1, on_line
    assert on_line[0]["range"]["start"]["character"] == 4
    assert on_line[0]["range"]["end"]["character"] == 4 + len("change-manger")
    assert on_line[0]["message"].startswith("Value is not accepted. Valid values: ")
    assert '"change-manager"' in on_line[0]["message"]
    # The right id is not underlined (the file's other diagnostics are its missing keys).
    uri = server.open("right.yaml", MODELINE + "id: right\nowners:\n  - change-manager\n")
    found = server.diagnostics(uri)
    assert found and [d for d in found if d["range"]["start"]["line"] == 3] == []


def test_a_new_attendee_line_offers_the_snippet(server):
    text = MODELINE + "id: snippet\nattendees:\n  - \n"
    uri = server.open("snippet.yaml", text)
    items = server.complete(uri, 3, 4)
    labels = [i["label"] for i in items]
    assert "new attendee" in labels, labels
