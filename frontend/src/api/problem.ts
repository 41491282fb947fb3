/**
 * Errors as the API answers them: application/problem+json (RFC 9457). The body's shape is
 * the generated `Problem` schema (with `RowProblem` for the import's bad rows); nothing here
 * is hand-written except the normalisation of bodies that are not problem+json (a proxy's
 * HTML error page, a network failure).
 */
import type { components } from "./schema";

export type Problem = components["schemas"]["Problem"];
export type RowProblem = components["schemas"]["RowProblem"];

function isRowProblem(value: unknown): value is RowProblem {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.line === "number" && typeof v.field === "string" && typeof v.message === "string";
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem, options?: ErrorOptions) {
    super(problem.detail || problem.title, options);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }

  /** The import's per-row problems (file, line, field, message), if any. */
  get rowErrors(): RowProblem[] {
    const errors: readonly unknown[] = this.problem.errors ?? [];
    return errors.filter(isRowProblem);
  }
}

function fallbackDetail(response: Response): string {
  return `The server answered ${response.status} ${response.statusText}.`.trim();
}

/** A Problem from whatever the server sent: the body itself when it is one, else a summary. */
export function problemFrom(body: unknown, response: Response): Problem {
  if (body && typeof body === "object") {
    const b = body as Partial<Record<keyof Problem, unknown>>;
    return {
      type: typeof b.type === "string" ? b.type : "about:blank",
      title: typeof b.title === "string" ? b.title : response.statusText || "error",
      detail: typeof b.detail === "string" ? b.detail : fallbackDetail(response),
      status: response.status,
      ...(typeof b.code === "string" ? { code: b.code } : {}),
      ...(Array.isArray(b.errors) ? { errors: b.errors as NonNullable<Problem["errors"]> } : {}),
    };
  }
  return {
    type: "about:blank",
    title: response.statusText || "error",
    detail: typeof body === "string" && body ? body : fallbackDetail(response),
    status: response.status,
  };
}

/** The problem for a request that never got an answer. */
export function networkProblem(): Problem {
  return {
    type: "about:blank",
    title: "network error",
    detail: "Could not reach Nestegg. Check that the server is running.",
    status: 0,
  };
}

/** A sentence for the user from any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail || error.problem.title;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
