"""Shared test setup: no network but loopback, and a fresh PM_ASSISTANT_HOME per test."""

from __future__ import annotations

import ipaddress
import os
import socket

import pytest

os.environ["ORT_DISABLE_TELEMETRY"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
for _var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PM_ASSISTANT_MODEL", "PM_ASSISTANT_CHROMA_URL"):
    os.environ.pop(_var, None)

_real_connect = socket.socket.connect
_real_getaddrinfo = socket.getaddrinfo


def _is_loopback(host: object) -> bool:
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _guarded_connect(sock: socket.socket, address: object) -> object:
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0] if isinstance(address, tuple) else address
        if not _is_loopback(host):
            raise OSError(f"network access blocked in tests: {address!r}")
    return _real_connect(sock, address)


def _guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    if not _is_loopback(host):
        raise OSError(f"DNS lookup blocked in tests: {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.getaddrinfo = _guarded_getaddrinfo  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def pm_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own PM_ASSISTANT_HOME so nothing touches the user's real data."""
    home = tmp_path_factory.mktemp("pm-home")
    monkeypatch.setenv("PM_ASSISTANT_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory):
    """A PM_ASSISTANT_HOME whose knowledge index is built once per session with the real model (the one real
    build of each test process, so one per xdist worker: share it; a test that changes an index builds its own)."""
    from pm_assistant.core.config import Settings
    from pm_assistant.knowledge.search import KnowledgeBase

    home = tmp_path_factory.mktemp("built-home")
    KnowledgeBase(Settings(home=home)).refresh()
    return home
