import { appConfig } from "../config";
import { checkUrl, type UrlPolicy, type UrlRefusal } from "./url-policy";

/**
 * Outbound HTTP on a tenant's behalf, bounded: an allowed URL (see url-policy.ts), a timeout, a
 * response size cap read as a stream (a huge body is never buffered whole), and redirects
 * followed only within the same origin. Every failure is an OutboundError with a reason a model
 * or a form can show.
 */

export type OutboundFailure = UrlRefusal | "timeout" | "too_large" | "redirect_not_allowed" | "unreachable";

export class OutboundError extends Error {
  constructor(
    readonly reason: OutboundFailure,
    message: string,
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

export interface SafeFetchOptions extends UrlPolicy {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

export interface SafeResponse {
  status: number;
  headers: Headers;
  url: string;
  body: Uint8Array;
  text(): string;
}

const REFUSALS: Record<UrlRefusal, string> = {
  invalid_url: "is not a valid URL",
  scheme_not_allowed: "must use https",
  host_not_allowed: "points to a private, local or reserved address",
  credentials_not_allowed: "must not contain a user name or password",
};

export async function safeFetch(rawUrl: string, options: SafeFetchOptions): Promise<SafeResponse> {
  const { timeoutMs = 10_000, maxBytes = 1024 * 1024, maxRedirects = 3 } = options;
  const signal = AbortSignal.timeout(timeoutMs);
  let target = rawUrl;
  let origin: string | null = null;
  for (let hop = 0; ; hop++) {
    const checked = checkUrl(target, options);
    if (!checked.ok) throw new OutboundError(checked.reason, `The URL ${REFUSALS[checked.reason]}.`);
    if (origin !== null && checked.url.origin !== origin) {
      throw new OutboundError("redirect_not_allowed", `Refused a redirect to another host (${checked.url.host}).`);
    }
    origin = checked.url.origin;
    let response: Response;
    try {
      response = await fetch(checked.url, {
        method: options.method ?? "GET",
        headers: options.headers,
        body: options.body,
        redirect: "manual",
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw new OutboundError("timeout", `No answer within ${timeoutMs / 1000} s.`);
      throw new OutboundError("unreachable", `Could not connect: ${(error as Error).message}`);
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (hop >= maxRedirects) throw new OutboundError("redirect_not_allowed", "Too many redirects.");
      // An unparsable Location is refused by checkUrl on the next hop, like any invalid URL.
      target = URL.canParse(location, checked.url.href) ? new URL(location, checked.url).href : location;
      continue;
    }
    const body = await readCapped(response, maxBytes, signal, timeoutMs);
    return {
      status: response.status,
      headers: response.headers,
      url: checked.url.href,
      body,
      text: () => new TextDecoder().decode(body),
    };
  }
}

async function readCapped(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new OutboundError("too_large", `The response is larger than ${maxBytes} bytes.`);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new OutboundError("too_large", `The response is larger than ${maxBytes} bytes.`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof OutboundError) throw error;
    if (signal.aborted) throw new OutboundError("timeout", `No complete answer within ${timeoutMs / 1000} s.`);
    throw new OutboundError("unreachable", `The connection broke: ${(error as Error).message}`);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The policy for this deployment: local targets only in development. */
export function outboundPolicy(env: { ENVIRONMENT?: string }): UrlPolicy {
  return { allowLocal: appConfig(env).environment === "development" };
}
