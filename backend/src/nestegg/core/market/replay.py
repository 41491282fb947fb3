"""Deterministic intraday-like paths between real daily closes (the offline "live" demo).

Between two real consecutive closes ``c0`` (previous session) and ``c1`` (the session being
replayed) the log price follows a Brownian bridge: a Brownian motion with the symbol's real
daily volatility, conditioned to start at ``ln c0`` and end at ``ln c1``. For ``n`` steps on
``[0, 1]`` with ``W`` a standard Brownian motion,

    ln S(t) = (1 - t) ln c0 + t ln c1 + sigma (W(t) - t W(1)),

so the path always ends exactly on the real close and its intraday wiggle has the size the
real history implies (Glasserman, *Monte Carlo Methods in Financial Engineering*, 2003, §3.1).

Nothing here reads a clock or a global random state: the caller passes a seeded
``numpy.random.Generator``; :func:`replay_seed` derives a stable seed from the symbol and the
session number, so every process and every test sees the same path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from nestegg.core.errors import ValidationError
from nestegg.core.market.returns import FloatArray, log_returns

DEFAULT_DAILY_VOLATILITY = 0.01
"""Used when a symbol has too little history to estimate its own (1% a day)."""


def replay_seed(symbol: str, session: int) -> int:
    """A stable 64-bit seed for ``symbol``'s ``session``-th replayed session.

    Python's ``hash`` of a string changes between processes, so a digest is used instead.
    """
    digest = hashlib.blake2b(f"{symbol}\x00{session}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def daily_volatility(closes: Sequence[Decimal | float], *, window: int = 60) -> float:
    """Standard deviation (ddof=1) of the last ``window`` daily log returns of ``closes``.

    Falls back to :data:`DEFAULT_DAILY_VOLATILITY` with fewer than three usable closes.
    """
    prices = np.array([float(c) for c in closes[-(window + 1) :]], dtype=np.float64)
    prices = prices[np.isfinite(prices) & (prices > 0)]
    if prices.size < 3:
        return DEFAULT_DAILY_VOLATILITY
    return float(np.std(log_returns(prices), ddof=1))


def bridge_path(
    previous_close: float,
    close: float,
    steps: int,
    volatility: float,
    rng: np.random.Generator,
) -> FloatArray:
    """Prices of an intraday path from ``previous_close`` to ``close``.

    Parameters
    ----------
    previous_close, close
        The two real closes (positive, in price units).
    steps
        Number of ticks in the session (at least 1).
    volatility
        Daily standard deviation of log returns (a fraction, e.g. 0.012).
    rng
        The seeded generator; the same generator state gives the same path.

    Returns
    -------
    numpy.ndarray
        Shape ``(steps + 1,)``: element 0 is ``previous_close`` and element ``steps`` is
        ``close`` exactly.
    """
    if previous_close <= 0 or close <= 0:
        raise ValidationError("closes must be positive")
    if steps < 1:
        raise ValidationError("a path needs at least one step")
    if volatility < 0 or not np.isfinite(volatility):
        raise ValidationError("volatility must be a non-negative number")
    t = np.linspace(0.0, 1.0, steps + 1)
    increments = rng.standard_normal(steps)
    walk = np.concatenate(([0.0], np.cumsum(increments) * np.sqrt(1.0 / steps)))
    bridge = walk - t * walk[-1]
    log_path = (1.0 - t) * np.log(previous_close) + t * np.log(close) + volatility * bridge
    path: FloatArray = np.exp(log_path)
    path[0] = previous_close
    path[-1] = close
    return path


def replay_session_path(
    symbol: str,
    closes: Sequence[Decimal | float],
    session: int,
    steps: int,
    *,
    window: int = 1,
) -> FloatArray:
    """The path of ``symbol``'s ``session``-th replayed session, shape ``(steps + 1,)``.

    ``closes`` are the symbol's real daily closes, oldest first. The replay cycles through the
    last ``window`` real sessions: session ``k`` bridges ``closes[i - 1]`` to ``closes[i]`` with
    ``i = len(closes) - window + (k mod window)``, so with the default ``window=1`` every
    session ends on the last real close (the value the rest of the app shows) and differs
    from the others only by its seed.
    """
    if len(closes) < 2:
        raise ValidationError(f"replaying {symbol} needs at least two closes")
    window = max(1, min(window, len(closes) - 1))
    i = len(closes) - window + session % window
    rng = np.random.default_rng(replay_seed(symbol, session))
    volatility = daily_volatility(closes[: i + 1])
    return bridge_path(float(closes[i - 1]), float(closes[i]), steps, volatility, rng)
