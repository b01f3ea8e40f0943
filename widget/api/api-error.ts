/** A failed widget API call: the server's error body, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly requestId: string | undefined;
  /** Seconds to wait before trying again (a 429's `Retry-After`), when the server said. */
  readonly retryAfter: number | undefined;
  readonly details: unknown;

  constructor(
    status: number,
    type: string,
    message: string,
    extra: { requestId?: string; retryAfter?: number; details?: unknown } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.type = type;
    this.requestId = extra.requestId;
    this.retryAfter = extra.retryAfter;
    this.details = extra.details;
  }

  /** Reads the `{ error: { type, message, details, request_id } }` body, tolerating anything else. */
  static async fromResponse(response: Response): Promise<ApiError> {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
    const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);
    return new ApiError(
      response.status,
      text(error?.type) ?? "http_error",
      text(error?.message) ?? `The assistant is unavailable (HTTP ${response.status}).`,
      {
        requestId: text(error?.request_id),
        retryAfter: retryAfter(response.headers.get("Retry-After")),
        details: error?.details,
      },
    );
  }
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : undefined;
}
