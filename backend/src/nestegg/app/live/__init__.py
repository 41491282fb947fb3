"""Live quotes: sources (replay, poll) → broker (in-process or Redis) → hub → WebSocket clients."""
