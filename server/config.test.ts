import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "./app";
import { appConfig, ConfigError, DEFAULT_TUNING, requireSecret } from "./config";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the configuration", () => {
  it("parses the test env into typed values, once per env object", () => {
    const config = appConfig(env);
    expect(config.environment).toBe("development");
    expect(config.secrets.ADMIN_TOKEN).toBe(env.ADMIN_TOKEN);
    expect(config.providers.anthropic).toEqual({ apiKey: null, baseURL: null });
    expect(config.tuning).toEqual(DEFAULT_TUNING);
    expect(config.clientToolPollMs).toBe(250);
    expect(appConfig(env)).toBe(config);
  });

  it("reads tuning variables as numbers, blank meaning the default", () => {
    const config = appConfig({ MODEL_MAX_RETRIES: "0", MODEL_IDLE_TIMEOUT_MS: " ", TOOL_CLIENT_POLL_MS: "20" });
    expect(config.tuning.maxRetries).toBe(0);
    expect(config.tuning.idleTimeoutMs).toBe(DEFAULT_TUNING.idleTimeoutMs);
    expect(config.clientToolPollMs).toBe(20);
    expect(config.environment).toBe("production");
  });

  it.each([
    [{ MODEL_MAX_RETRIES: "many" }, "MODEL_MAX_RETRIES must be a number ≥ 0"],
    [{ TOOL_CLIENT_POLL_MS: "0" }, "TOOL_CLIENT_POLL_MS must be a number > 0"],
    [{ ENVIRONMENT: "staging" }, "ENVIRONMENT"],
    [{ OPENAI_BASE_URL: "localhost:11434/v1" }, "OPENAI_BASE_URL must be an http(s) URL"],
    [{ MODEL_CATALOG: "[{]" }, "MODEL_CATALOG is not valid JSON"],
  ])("refuses %j with an error naming the variable, logged once", (vars, named) => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const bad = { ...vars };
    expect(() => appConfig(bad)).toThrow(ConfigError);
    expect(() => appConfig(bad)).toThrow(named);
    expect(error).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(error.mock.calls[0]![0]))).toMatchObject({ level: "error", event: "config_invalid" });
  });

  it("treats a secret shorter than its minimum as unset, and names it when it is needed", () => {
    const config = appConfig({ ADMIN_TOKEN: "short", SALES_TOKEN: "" });
    expect(config.secrets).toMatchObject({ ADMIN_TOKEN: null, SALES_TOKEN: null });
    expect(() => requireSecret({ ADMIN_TOKEN: "short" }, "ADMIN_TOKEN")).toThrow(
      "ADMIN_TOKEN is not configured (16+ characters).",
    );
  });

  it("answers every request with the one error shape naming the variable when the configuration is invalid", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await createApp().request("/health", {}, { ...env, MODEL_IDLE_TIMEOUT_MS: "soon" });
    expect(res.status).toBe(500);
    const body = await res.json<{ error: Record<string, unknown> }>();
    expect(body.error).toMatchObject({
      type: "internal_error",
      message: "Invalid configuration: MODEL_IDLE_TIMEOUT_MS must be a number ≥ 0.",
      details: { problems: [{ field: "MODEL_IDLE_TIMEOUT_MS", message: "must be a number ≥ 0" }] },
      request_id: res.headers.get("X-Request-Id"),
    });
  });
});
