"""Which client address the app sees behind proxies: the forwarded one only from a trusted peer."""

from __future__ import annotations

from typing import Any

import pytest

from entrypoints.forwarded import behind_proxies, forwarded_for
from entrypoints.settings import Settings


@pytest.mark.parametrize(
    ("header", "chain"),
    [
        ("for=192.0.2.60;proto=http;by=203.0.113.43", ["192.0.2.60"]),
        (
            'for=192.0.2.43, for="[2001:db8:cafe::17]:4711"',
            ["192.0.2.43", "[2001:db8:cafe::17]:4711"],
        ),
        ("For=unknown", ["unknown"]),
        ("by=203.0.113.43;proto=https", []),
        ('proto=https;for="_hidden"', ["_hidden"]),
    ],
)
def test_the_for_values_of_a_forwarded_header_in_order(header: str, chain: list[str]) -> None:
    assert forwarded_for(header) == chain


async def _client_seen(trusted: tuple[str, ...], peer: str, *headers: tuple[str, str]) -> Any:
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen["client"] = scope["client"]

    scope = {
        "type": "http",
        "client": (peer, 50000),
        "headers": [(name.lower().encode(), value.encode()) for name, value in headers],
    }
    await behind_proxies(app, trusted)(scope, None, None)  # type: ignore[arg-type]
    return seen["client"][0]


async def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    assert await _client_seen((), "10.0.0.2", ("X-Forwarded-For", "203.0.113.7")) == "10.0.0.2"
    assert await _client_seen((), "10.0.0.2", ("Forwarded", "for=203.0.113.7")) == "10.0.0.2"


async def test_a_trusted_peer_names_the_client() -> None:
    trusted = ("10.0.0.0/8",)
    xff = ("X-Forwarded-For", "198.51.100.1, 203.0.113.7")
    assert await _client_seen(trusted, "10.0.0.2", xff) == "203.0.113.7"
    forwarded = ("Forwarded", 'for=198.51.100.1, for="203.0.113.7:4711"')
    assert await _client_seen(trusted, "10.0.0.2", forwarded) == "203.0.113.7"


async def test_an_untrusted_peer_cannot_name_a_client() -> None:
    header = ("X-Forwarded-For", "203.0.113.7")
    assert await _client_seen(("10.0.0.1",), "192.0.2.9", header) == "192.0.2.9"


async def test_a_client_cannot_hide_behind_the_chain_it_sends() -> None:
    # The proxy appends the real peer; what the client wrote before it is not believed.
    header = ("X-Forwarded-For", "1.2.3.4, 203.0.113.7")
    assert await _client_seen(("10.0.0.2",), "10.0.0.2", header) == "203.0.113.7"


def test_the_setting_takes_addresses_networks_or_any() -> None:
    assert Settings(forwarded_allow_ips="10.0.0.1, 10.1.0.0/16,::1").forwarded_allow_ips == (
        "10.0.0.1",
        "10.1.0.0/16",
        "::1",
    )
    assert Settings(forwarded_allow_ips="*").forwarded_allow_ips == ("*",)
    assert Settings().forwarded_allow_ips == ()
    with pytest.raises(ValueError, match=r"proxy\.example"):
        Settings(forwarded_allow_ips="proxy.example")
