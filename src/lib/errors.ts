/**
 * The one error type services throw. Its code carries the HTTP status; the edges turn it into a
 * response: the public API in `lib/api/errors.ts`, server actions in the action client
 * (`lib/next/safe-action.ts`), and the webhook, tool and cron routes.
 */
export type AppErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "validation"
  | "rate_limited"
  | "unavailable"
  | "internal";

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  override name = "AppError";
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: { fields?: Record<string, string>; retryAfterSeconds?: number },
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** What a server action answers for an error that is not an AppError; clients may retry it. */
export const UNEXPECTED_ERROR_MESSAGE = "Something went wrong on our side. Please try again.";
