/** A failed widget API call: the server's error body, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly requestId: string | undefined;

  constructor(status: number, type: string, message: string, requestId?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.type = type;
    this.requestId = requestId;
  }

  /** Reads the `{ error: { type, message, request_id } }` body, tolerating anything else. */
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
      text(error?.request_id),
    );
  }
}
