import { ZodError, type z } from "zod";
import { type AppErrorCode, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

/**
 * The one place the public API turns errors into HTTP. Every error body has the same shape:
 * `{ "error": { "code", "message", "issues"?: [{ "path", "message" }] } }`.
 */

export type ApiErrorCode = AppErrorCode | "payload_too_large";

export type ApiIssue = { path: string; message: string };

export type ApiErrorBody = { error: { code: ApiErrorCode; message: string; issues?: ApiIssue[] } };

const API_ONLY_STATUS: Record<Exclude<ApiErrorCode, AppErrorCode>, number> = {
  payload_too_large: 413,
};

/** An error raised at the HTTP edge itself (body size), where AppError has no code. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  constructor(
    readonly code: Exclude<ApiErrorCode, AppErrorCode>,
    message: string,
  ) {
    super(message);
    this.status = API_ONLY_STATUS[code];
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A JSON path as people write it: `leads[3].phone`, `leads[0].custom_fields["Deal size"]`.
 * Numbers are array indexes; keys that are not identifiers are quoted.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = String(segment);
      out += IDENTIFIER.test(key) ? `${out ? "." : ""}${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** Zod issues as API issues under `prefix`; an unknown key becomes one issue per key, at the key. */
export function zodIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): ApiIssue[] {
  return issues.flatMap((issue): ApiIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: "Unknown field." }));
    }
    return [{ path: formatPath(path), message: issue.message }];
  });
}

export function apiErrorResponse(
  status: number,
  code: ApiErrorCode,
  message: string,
  options: { issues?: ApiIssue[]; headers?: HeadersInit } = {},
): Response {
  const body: ApiErrorBody = {
    error: { code, message, ...(options.issues ? { issues: options.issues } : {}) },
  };
  return Response.json(body, { status, headers: options.headers });
}

/**
 * AppError -> its status and message; ZodError -> 422 with field paths; anything else -> 500
 * without internals (logged with the request id, which the caller can quote to support).
 */
export function toApiErrorResponse(error: unknown, { requestId }: { requestId: string }): Response {
  if (error instanceof ApiError) return apiErrorResponse(error.status, error.code, error.message);
  if (error instanceof ZodError) {
    return apiErrorResponse(422, "validation", "The request is not valid; see issues.", {
      issues: zodIssues(error.issues),
    });
  }
  if (isAppError(error)) {
    const headers = new Headers();
    if (error.code === "unauthorized") headers.set("WWW-Authenticate", 'Bearer realm="api"');
    if (error.details?.retryAfterSeconds !== undefined) {
      headers.set("Retry-After", String(error.details.retryAfterSeconds));
    }
    const fields = error.details?.fields;
    const issues = fields ? Object.entries(fields).map(([path, message]) => ({ path, message })) : undefined;
    return apiErrorResponse(error.status, error.code, error.message, { issues, headers });
  }
  const err = error instanceof Error ? error : new Error(String(error));
  logger.error("api request failed", { requestId, error: err.message, stack: err.stack });
  return apiErrorResponse(500, "internal", `Something went wrong on our side. Quote request ${requestId}.`);
}
