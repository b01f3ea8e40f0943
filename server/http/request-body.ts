import type { Context, HonoRequest } from "hono";
import { ApiError, badRequest, payloadTooLarge } from "./errors";

/**
 * The one way the Worker reads a request body: never past a byte cap, never lossily. A declared
 * Content-Length over the cap is refused before anything is read; a chunked body is read chunk by
 * chunk and the stream is cancelled as soon as it passes the cap (a 32 MB upload costs 64 KB of
 * reading, not 32 MB). Bytes that are not UTF-8 are refused, not replaced with U+FFFD, and a JSON
 * string with a lone surrogate (`"\ud800"`) is refused wherever it is: nothing half-decoded is stored.
 * The parsed body is memoised per request, and the request's body is replaced by the bytes read
 * (as hono/body-limit does), so the idempotency fingerprint and Hono's validators read these same
 * bounded, checked bytes instead of the client's stream.
 */

export interface JsonBodyOptions {
  maxBytes: number;
  /** An empty body reads as `{}`; true lets it come without a Content-Type (a body-less POST). */
  emptyWithoutContentType?: boolean;
}

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
const parsed = new WeakMap<HonoRequest, Promise<unknown>>();

/** The body parsed as JSON (`{}` when empty), read once per request under `maxBytes`. */
export function readJsonBody(c: Context, options: JsonBodyOptions): Promise<unknown> {
  let value = parsed.get(c.req);
  if (!value) {
    value = readAndParse(c, options);
    parsed.set(c.req, value);
  }
  return value;
}

async function readAndParse(c: Context, { maxBytes, emptyWithoutContentType = false }: JsonBodyOptions) {
  const type = c.req.header("content-type");
  const isJson = type !== undefined && JSON_TYPE.test(type);
  if (!isJson && !emptyWithoutContentType) throw wrongContentType(c.req.raw);
  const bytes = await readBodyBytes(c.req.raw, maxBytes);
  if (!isJson && bytes.byteLength > 0) throw wrongContentType(c.req.raw);
  const text = decodeUtf8(bytes);
  let value: unknown;
  try {
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw badRequest(`Malformed JSON body: ${(error as Error).message}`, {
      code: "invalid_json",
      problems: [{ field: "(body)", message: "is not valid JSON" }],
    });
  }
  const broken = loneSurrogatePath(value);
  if (broken) {
    const field = broken.length ? broken.join(".") : "(body)";
    throw badRequest(`Invalid request body: ${field}: contains a lone surrogate (not Unicode text)`, {
      code: "invalid_encoding",
      problems: [{ field, message: "contains a lone surrogate (not Unicode text)" }],
    });
  }
  // Later readers (Hono's json validator, the idempotency fingerprint) get these same bytes.
  c.req.raw = new Request(c.req.raw, { body: bytes });
  return value;
}

/** Reads at most `maxBytes` of the body, or refuses it (413) without reading the rest. */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Strict UTF-8: invalid bytes are a 400 naming the body, never U+FFFD in storage. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw badRequest("The request body is not valid UTF-8.", {
      code: "invalid_encoding",
      problems: [{ field: "(body)", message: "is not valid UTF-8" }],
    });
  }
}

function tooLarge(maxBytes: number): ApiError {
  return payloadTooLarge(`Request body exceeds ${maxBytes} bytes.`, {
    problems: [{ field: "(body)", message: `exceeds ${maxBytes} bytes` }],
  });
}

function wrongContentType(request: Request): ApiError {
  // Whatever was sent is not read: let the runtime drop it.
  void request.body?.cancel().catch(() => undefined);
  return new ApiError(415, "invalid_request", "Content-Type must be application/json.", {
    problems: [{ field: "Content-Type", message: "must be application/json" }],
  });
}

const LONE_SURROGATE = /\p{Surrogate}/u;

interface PathNode {
  key: string | number;
  parent: PathNode | null;
}

/**
 * The path of the first key or string holding a lone surrogate, or null. Iterative, with paths
 * shared between siblings: a deeply nested body cannot overflow the stack or cost quadratic time.
 */
function loneSurrogatePath(root: unknown): string[] | null {
  const pending: { value: unknown; at: PathNode | null }[] = [{ value: root, at: null }];
  const pathOf = (node: PathNode | null) => {
    const path: string[] = [];
    for (let n = node; n; n = n.parent) path.unshift(String(n.key));
    return path;
  };
  while (pending.length) {
    const { value, at } = pending.pop()!;
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) return pathOf(at);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], at: { key: i, parent: at } });
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        const node = { key, parent: at };
        if (LONE_SURROGATE.test(key)) return pathOf(node);
        pending.push({ value: item, at: node });
      }
    }
  }
  return null;
}
