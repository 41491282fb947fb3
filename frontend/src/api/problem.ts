/**
 * Errors as the API answers them: application/problem+json (RFC 9457). The OpenAPI schema
 * does not declare this body yet, so its shape is written here once (see docs/web.md).
 */

export interface RowProblem {
  file: string;
  line: number;
  field: string;
  message: string;
}

export interface FieldLocProblem {
  loc: string[];
  message: string;
  type: string;
}

export interface Problem {
  title: string;
  detail: string;
  status: number;
  code?: string;
  errors?: (RowProblem | FieldLocProblem)[];
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

  get rowErrors(): RowProblem[] {
    return (this.problem.errors ?? []).filter((e): e is RowProblem => "line" in e);
  }
}

export function problemFrom(body: unknown, response: Response): Problem {
  if (body && typeof body === "object") {
    const b = body as Partial<Problem> & { detail?: unknown };
    return {
      title: typeof b.title === "string" ? b.title : response.statusText || "error",
      detail:
        typeof b.detail === "string"
          ? b.detail
          : `The server answered ${response.status} ${response.statusText}.`.trim(),
      status: response.status,
      ...(b.code ? { code: b.code } : {}),
      ...(Array.isArray(b.errors) ? { errors: b.errors } : {}),
    };
  }
  return {
    title: response.statusText || "error",
    detail:
      typeof body === "string" && body
        ? body
        : `The server answered ${response.status} ${response.statusText}.`.trim(),
    status: response.status,
  };
}

/** A sentence for the user from any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail || error.problem.title;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
