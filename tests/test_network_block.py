"""The conftest network guard must refuse non-loopback connections and allow loopback ones."""

import socket

import pytest


def test_public_address_is_blocked() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(OSError, match="blocked"):
        sock.connect(("93.184.216.34", 80))


def test_dns_lookup_is_blocked() -> None:
    with pytest.raises(OSError, match="blocked"):
        socket.getaddrinfo("example.com", 443)


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket() as client:
            client.connect(server.getsockname())
