/**
 * The typed API client: paths and shapes come from schema.d.ts, generated from the
 * backend's OpenAPI schema (`make web-types`). Never hand-write an API shape here.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";
import { ApiError, type Problem, problemFrom } from "./problem";

export type Schemas = components["schemas"];

type Listener = (status: number) => void;
const authListeners = new Set<Listener>();

/** Called on 401 / 423 from any data request: the vault locked or the session ended. */
export function onAuthLost(listener: Listener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

const authWatch: Middleware = {
  onResponse({ request, response }) {
    if ((response.status === 401 || response.status === 423) && !request.url.includes("/api/v1/vault")) {
      for (const listener of authListeners) listener(response.status);
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
    throw new ApiError(0, {
      title: "network error",
      detail: "Could not reach Nestegg. Check that the server is running.",
      status: 0,
    }, { cause });
  }
  const { data, error, response } = result;
  if (!response.ok) {
    throw new ApiError(response.status, problemFrom(error, response));
  }
  return data as T;
}

export type { Problem };
