/**
 * A hint, for index.html's first requests, that this browser is probably still signed in:
 * `localStorage["nestegg.session"]` holds the time (ms) until which the session should
 * last, i.e. the last successful API answer plus the vault's auto-lock time. While it holds,
 * the holdings are requested alongside the vault's status instead of after it; when it does
 * not (or is wrong, which costs one 401), nothing is asked before the status says signed in.
 * It reveals nothing but that time.
 */

export const SESSION_HINT_KEY = "nestegg.session";
const NEVER_LOCKS_MS = 30 * 24 * 3600_000;
const WRITE_EVERY_MS = 10_000;

let lifetimeMs = 15 * 60_000;
let lastWrite = 0;

/** The vault's auto-lock time (0 or less: it never locks). */
export function setSessionLifetime(minutes: number): void {
  lifetimeMs = minutes > 0 ? minutes * 60_000 : NEVER_LOCKS_MS;
  lastWrite = 0;
}

/** A signed-in request succeeded: the session lasts at least the auto-lock time from now. */
export function sessionActive(now = Date.now()): void {
  if (now - lastWrite < WRITE_EVERY_MS) return;
  lastWrite = now;
  try {
    localStorage.setItem(SESSION_HINT_KEY, String(now + lifetimeMs));
  } catch {
    // Storage may be unavailable (private mode): the hint is only an optimisation.
  }
}

/** Locked, signed out, or told so by a 401/423. */
export function sessionEnded(): void {
  lastWrite = 0;
  try {
    localStorage.removeItem(SESSION_HINT_KEY);
  } catch {
    // as above
  }
}
