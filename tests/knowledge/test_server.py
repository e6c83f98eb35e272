"""Server mode against a real `chroma run` on 127.0.0.1, started and stopped by the fixture."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pm_assistant.agent.cli.app import main
from pm_assistant.core.config import Settings
from pm_assistant.core.errors import UserInputError
from pm_assistant.knowledge.ingest import ingest_paths
from pm_assistant.knowledge.search import KnowledgeBase
from pm_assistant.knowledge.store import open_client, parse_chroma_url

pytestmark = pytest.mark.integration
STARTUP_TIMEOUT_S = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _heartbeat(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chroma server on a free loopback port for this module; terminated (then killed) however tests end."""
    chroma = Path(sys.executable).with_name("chroma")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = (data / "server.log").open("wb")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _heartbeat(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma server did not start: {(data / 'server.log').read_text()[-500:]}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def test_index_search_ingest_through_the_server(chroma_url, make_kb, cards_dir, fake_ef, tmp_path, pm_home) -> None:
    settings = Settings(home=pm_home, chroma_url=chroma_url)
    kb = KnowledgeBase(settings, embedder=fake_ef, cards_dir=cards_dir)
    assert kb.status().present is False
    assert kb.refresh().rebuilt
    assert kb.search("proof of concept options", k=1)[0].id == "poc-four-steps"
    assert not (pm_home / "index" / "manifest.json").exists()  # the manifest lives in the server collection
    assert not (pm_home / "index" / "chroma").exists()

    note = tmp_path / "note.md"
    note.write_text("# Capybara launch\nThe capybara pilot goes live in May.", encoding="utf-8")
    outcomes, _ = ingest_paths(kb, [note])
    assert outcomes[0].status == "added"

    fake_ef.embedded.clear()
    again = KnowledgeBase(settings, embedder=fake_ef, cards_dir=cards_dir)
    assert again.status().current and again.status().documents == 1
    assert not again.refresh().changed and fake_ef.embedded == []
    top = again.search("capybara pilot", k=1, source="user")[0]
    assert top.id == outcomes[0].record.source_id and "May" in top.text


def test_cli_uses_the_server_from_the_environment(chroma_url, monkeypatch, capsys) -> None:
    """The real model end to end: `index`, then `search --json`, through PM_ASSISTANT_CHROMA_URL."""
    monkeypatch.setenv("PM_ASSISTANT_CHROMA_URL", chroma_url)
    assert main(["index", "--rebuild"]) == 0
    assert capsys.readouterr().out.startswith("built the index")
    assert main(["search", "how long until the inspection system pays for itself", "--k", "3", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert "value-bridge" in [r["id"] for r in payload["results"]]


def test_unreachable_server_and_malformed_url_are_one_line_errors(tmp_path) -> None:
    down = Settings(home=tmp_path, chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(UserInputError, match="cannot reach the Chroma server at http://127.0.0.1:"):
        open_client(down)
    status = KnowledgeBase(down).status()
    assert not status.present and "cannot reach the Chroma server" in status.detail
    for bad in ("127.0.0.1:8000", "ftp://host:1", "http://host:notaport", "http://host:8000/some/path", "http://"):
        with pytest.raises(UserInputError, match="PM_ASSISTANT_CHROMA_URL must look like"):
            parse_chroma_url(bad)
    assert parse_chroma_url("https://chroma.example:9000/") == ("chroma.example", 9000, True)
    assert parse_chroma_url("http://localhost") == ("localhost", 8000, False)
