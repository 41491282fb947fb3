"""Shared HTTP plumbing of the online providers (httpx, optional extra ``online``)."""

from __future__ import annotations

from typing import Any

import httpx

from nestegg.app.market.providers.base import (
    ProviderError,
    RateLimitedError,
    TransientProviderError,
    parse_retry_after,
)

USER_AGENT = "nestegg (local-first personal investment adviser)"


def make_client(
    transport: httpx.AsyncBaseTransport | None = None, timeout: float = 20.0
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=transport,
        timeout=timeout,
        headers={"User-Agent": USER_AGENT},
        follow_redirects=True,
    )


async def get(
    client: httpx.AsyncClient,
    provider: str,
    url: str,
    *,
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """GET mapping failures to provider errors: 429 → rate limited, 5xx and network errors →
    transient (retried with backoff), other 4xx → permanent."""
    try:
        response = await client.get(url, params=params, headers=headers)
    except httpx.TimeoutException as exc:
        raise TransientProviderError(provider, f"timeout: {exc}") from exc
    except httpx.TransportError as exc:
        raise TransientProviderError(provider, f"network: {exc}") from exc
    if response.status_code == 429:
        raise RateLimitedError(
            provider,
            "rate limited (HTTP 429)",
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
        )
    if response.status_code >= 500:
        raise TransientProviderError(provider, f"HTTP {response.status_code}")
    if response.status_code >= 400:
        raise ProviderError(provider, f"HTTP {response.status_code}: {_detail(response)}")
    return response


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict) and "detail" in body:
        return str(body["detail"])
    return str(body)[:200]
