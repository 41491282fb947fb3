import asyncio
import datetime as dt
from decimal import Decimal

import pytest

from nestegg.app.market.providers.base import (
    AllProvidersFailedError,
    FailoverProvider,
    ProviderError,
    RateLimitedError,
    RateLimiter,
    TransientProviderError,
    parse_retry_after,
    with_backoff,
)
from nestegg.core.market.bars import DailyBar

D = dt.date
BAR = DailyBar("SPY", D(2024, 6, 3), Decimal("527.80"), None, Decimal(0))


class Fake:
    def __init__(
        self,
        name: str,
        *,
        bars: list[DailyBar] | None = None,
        error: Exception | None = None,
        delay: float = 0.0,
    ) -> None:
        self.name = name
        self.bars = bars or []
        self.error = error
        self.delay = delay
        self.calls = 0

    async def history(self, symbol: str, start: dt.date, end: dt.date) -> list[DailyBar]:
        self.calls += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.error:
            raise self.error
        return self.bars


def fetch(provider: FailoverProvider):
    return asyncio.run(provider.history("SPY", D(2024, 6, 1), D(2024, 6, 5)))


def test_first_provider_answers() -> None:
    first, second = Fake("a", bars=[BAR]), Fake("b", bars=[BAR])
    result = fetch(FailoverProvider([first, second]))
    assert result.source == "a" and result.bars == [BAR] and second.calls == 0
    assert result.retrieved_at.tzinfo is not None


def test_fails_over_when_the_first_raises() -> None:
    result = fetch(
        FailoverProvider([Fake("a", error=ProviderError("a", "HTTP 500")), Fake("b", bars=[BAR])])
    )
    assert result.source == "b"
    assert [(a.provider, a.error) for a in result.attempts] == [("a", "HTTP 500"), ("b", None)]


def test_fails_over_when_the_first_has_an_unexpected_bug() -> None:
    result = fetch(FailoverProvider([Fake("a", error=KeyError("close")), Fake("b", bars=[BAR])]))
    assert result.source == "b" and "KeyError" in (result.attempts[0].error or "")


def test_fails_over_when_the_first_times_out() -> None:
    slow = Fake("slow", bars=[BAR], delay=5.0)
    result = fetch(FailoverProvider([slow, Fake("b", bars=[BAR])], timeout=0.05))
    assert result.source == "b"
    assert result.attempts[0].error == "timed out after 0.05 s"
    assert result.attempts[0].seconds < 1.0


def test_empty_answer_tries_the_next_and_all_empty_is_empty() -> None:
    assert fetch(FailoverProvider([Fake("a"), Fake("b", bars=[BAR])])).source == "b"
    result = fetch(FailoverProvider([Fake("a"), Fake("b")]))
    assert result.source is None and result.bars == []


def test_all_failing_raises_with_every_attempt() -> None:
    with pytest.raises(AllProvidersFailedError) as info:
        fetch(
            FailoverProvider(
                [
                    Fake("a", error=ProviderError("a", "down")),
                    Fake("b", error=ProviderError("b", "offline")),
                ]
            )
        )
    assert [a.provider for a in info.value.attempts] == ["a", "b"]
    assert "a: down" in str(info.value) and "b: offline" in str(info.value)


def test_backoff_retries_transient_errors_and_honours_retry_after() -> None:
    pauses: list[float] = []
    outcomes: list[Exception | str] = [
        RateLimitedError("x", "429", retry_after=7),
        TransientProviderError("x", "502"),
        "ok",
    ]

    async def call() -> str:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    assert asyncio.run(with_backoff(call, sleep=sleep, jitter=lambda: 1.0)) == "ok"
    assert pauses == [7, 2.0]


def test_backoff_gives_up_and_does_not_retry_permanent_errors() -> None:
    calls = 0

    async def transient() -> None:
        nonlocal calls
        calls += 1
        raise TransientProviderError("x", "503")

    async def sleep(_: float) -> None:
        return None

    with pytest.raises(TransientProviderError):
        asyncio.run(with_backoff(transient, retries=2, sleep=sleep))
    assert calls == 3

    async def permanent() -> None:
        nonlocal calls
        calls += 1
        raise ProviderError("x", "HTTP 401")

    calls = 0
    with pytest.raises(ProviderError):
        asyncio.run(with_backoff(permanent, sleep=sleep))
    assert calls == 1


def test_rate_limiter_waits_then_refuses_long_waits() -> None:
    now = [0.0]
    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)
        now[0] += seconds

    async def run() -> None:
        limiter = RateLimiter(2, 10.0, clock=lambda: now[0], sleep=sleep)
        await limiter.acquire("x")
        now[0] = 1.0
        await limiter.acquire("x")
        now[0] = 6.0
        await limiter.acquire("x", max_wait=5.0)  # waits 4 s for the first slot to free
        assert pauses == [4.0]
        with pytest.raises(RateLimitedError):  # the next slot frees at 11 s, 1 s from now
            await limiter.acquire("x", max_wait=0.5)

    asyncio.run(run())


def test_parse_retry_after() -> None:
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None
