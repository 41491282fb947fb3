/**
 * The typed API client: paths and shapes come from schema.d.ts, generated from the
 * backend's OpenAPI schema (`make web-types`). Never hand-write an API shape here.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";
import { ApiError, type Problem, networkProblem, problemFrom } from "./problem";
import { sessionActive, sessionEnded } from "./session-hint";

export type Schemas = components["schemas"];

type Listener = (status: number) => void;
const authListeners = new Set<Listener>();

/** Called on 401 / 423 from any data request: the vault locked or the session ended. */
export function onAuthLost(listener: Listener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

/** Tells the app the session is over (the live connection's 4401 uses this too). */
export function reportAuthLost(status: number): void {
  for (const listener of authListeners) listener(status);
}

const authWatch: Middleware = {
  onResponse({ request, response }) {
    const vault = request.url.includes("/api/v1/vault");
    if (response.status === 401 || response.status === 423) {
      sessionEnded();
      if (!vault) reportAuthLost(response.status);
    } else if (response.ok && !vault) {
      sessionActive();
    }
    return undefined;
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(authWatch);

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call, or an ApiError carrying the problem+json body. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (cause) {
    throw new ApiError(0, networkProblem(), { cause });
  }
  const { data, error, response } = result;
  if (!response.ok) {
    throw new ApiError(response.status, problemFrom(error, response));
  }
  return data as T;
}

export type { Problem };
