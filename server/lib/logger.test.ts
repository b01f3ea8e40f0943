import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { envLogger } from "../logging/context-logger";
import { createLogger } from "./logger";

const SECRET = "prov-key-0123456789abcdef";

/** Every line the logger writes, parsed, whatever console method it used (also kept, in `methods`). */
function captureLines(methods: string[] = []): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  for (const method of ["log", "debug", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((line: unknown) => {
      methods.push(method);
      lines.push(JSON.parse(String(line)));
    });
  }
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the logger", () => {
  it("writes one JSON shape: level, event, request_id, tenant_id, then the fields", () => {
    const methods: string[] = [];
    const lines = captureLines(methods);
    createLogger({ requestId: "req_1", tenantId: "ten_1" })
      .child({ fields: { turn_id: "msg_1" } })
      .warn("model_failed", {
        status: 503,
      });
    expect(lines).toEqual([
      { level: "warn", event: "model_failed", request_id: "req_1", tenant_id: "ten_1", turn_id: "msg_1", status: 503 },
    ]);
    expect(methods).toEqual(["warn"]);
  });

  it("redacts a secret in the message, in a field and in an error's cause", () => {
    const lines = captureLines();
    const cause = new Error(`upstream said: invalid x-api-key ${SECRET}`);
    createLogger({ secrets: [SECRET] }).error("turn_failed", {
      message: `calling with ${SECRET}`,
      upstream: { headers: { "X-Echo": SECRET } },
      error: new Error("model call failed", { cause }),
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(SECRET);
    expect(text).toContain("[redacted]");
    expect(text).toContain("invalid x-api-key");
  });

  it("redacts credentials it was not told about: key-shaped values, bearer tokens, credential fields", () => {
    const lines = captureLines();
    const key = `sk_live_${"a1B2".repeat(8)}`;
    createLogger().info("request", { note: `used ${key}`, header: "Bearer abc.def.ghi-123", password: "hunter22" });
    const text = JSON.stringify(lines);
    for (const secret of [key, "abc.def.ghi-123", "hunter22"]) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ password: "[redacted]" });
  });

  it("redacts the platform's secrets by default when made from an env", () => {
    const lines = captureLines();
    envLogger(env).info("oops", { echoed: `Bearer-less ${env.ADMIN_TOKEN} and ${env.ENCRYPTION_KEY}` });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(env.ADMIN_TOKEN);
    expect(text).not.toContain(env.ENCRYPTION_KEY);
  });

  it("keeps an error's cause chain, with names and messages", () => {
    const lines = captureLines();
    const root = new TypeError("socket closed");
    const error = new Error("turn failed", { cause: new Error("model call failed", { cause: root }) });
    createLogger().record({ level: "error", where: "turn", error });
    expect(lines[0]).toMatchObject({
      level: "error",
      event: "turn",
      error: {
        name: "Error",
        message: "turn failed",
        cause: { message: "model call failed", cause: { name: "TypeError", message: "socket closed" } },
      },
    });
  });

  it("survives an error whose cause chain loops", () => {
    const lines = captureLines();
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    createLogger().error("loop", { error: a });
    expect(JSON.stringify(lines[0])).toContain("[too deep]");
  });
});
