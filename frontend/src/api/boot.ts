/**
 * The first requests, started by the inline script in index.html while the app's code is
 * still downloading: the vault's status and, when signed in on the Dashboard or Holdings,
 * `/api/v1/holdings` (the one call those pages paint from).
 *
 * `bootJson` lets main.tsx put the answers into the query cache before the first render (so
 * the first frame is the page, not a splash and then a skeleton); `bootFetch` hands an answer
 * still in flight to the first query that asks for it (as openapi-fetch's `fetch`). Each
 * answer is used once; later queries fetch anew.
 */

export type BootKey = "status" | "holdings";

interface Boot {
  /** performance.now() when the requests started. */
  at?: number;
  status?: Promise<Response>;
  holdings?: Promise<Response | null>;
}

declare global {
  interface Window {
    __nesteggBoot?: Boot;
  }
}

/** Older than this, a boot answer is not used (the page has been open a while). */
const FRESH_MS = 10_000;

type Fetch = (request: Request) => Promise<Response>;

function take(key: BootKey): Promise<Response | null> | undefined {
  const boot = typeof window === "undefined" ? undefined : window.__nesteggBoot;
  const pending = boot?.[key];
  if (!boot || !pending) return undefined;
  delete boot[key];
  if (performance.now() - (boot.at ?? 0) > FRESH_MS) return undefined;
  return pending;
}

/** A `fetch` for openapi-fetch that answers with the boot request's response, if there is one. */
export function bootFetch(key: BootKey): { fetch?: Fetch } {
  const pending = take(key);
  if (!pending) return {};
  return {
    fetch: async (request) => (await pending.catch(() => null)) ?? fetch(request),
  };
}

/**
 * The boot request's JSON body if it answers 2xx within `waitMs`; otherwise undefined, and
 * the request stays available to `bootFetch`.
 */
export async function bootJson<T>(key: BootKey, waitMs: number): Promise<T | undefined> {
  const boot = typeof window === "undefined" ? undefined : window.__nesteggBoot;
  const pending = boot?.[key];
  if (!boot || !pending) return undefined;
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), waitMs));
  const response = await Promise.race([pending.catch(() => null), timeout]);
  if (response === "timeout") return undefined;
  delete boot[key];
  if (!response?.ok) return undefined;
  try {
    return (await response.clone().json()) as T;
  } catch {
    return undefined;
  }
}
