import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { tenantConfigSchema, type TenantConfigInput } from "../../tenants/config";
import type { Tenant } from "../../tenants/tenant";
import { modelCatalog } from "../../models/catalog";
import { estimateComplexity } from "../complexity";
import { routeTurn } from "./router";

const tenant = (config: TenantConfigInput): Tenant => ({
  id: "tnt_router",
  name: "Router",
  status: "active",
  config: tenantConfigSchema.parse(config),
  created_at: 0,
  updated_at: 0,
});
const VISITOR = { kind: "visitor" } as const;
const withKeys = (extra: Record<string, unknown> = {}) =>
  ({ ...env, ANTHROPIC_API_KEY: "sk-ant-x", OPENAI_API_KEY: "sk-oa-x", ...extra }) as unknown as Env;
const chainOf = (config: TenantConfigInput, text = "hi", testEnv = withKeys()) =>
  routeTurn({ env: testEnv, tenant: tenant(config), credentials: {}, text, caller: VISITOR }).chain.map(
    (l) => l.entry.id,
  );
const COMPLEX = "Please compare these step by step and explain why: ```const x = 1;```";

describe("routing per tier", () => {
  it("gives starter only cheap models, whatever the turn", () => {
    expect(chainOf({ tier: "starter" }, COMPLEX)).toEqual(["claude-haiku-5-5", "gpt-5-mini", "clawless-offline"]);
  });

  it("gives pro the stronger model for complex turns and the cheap one for simple turns", () => {
    expect(chainOf({ tier: "pro" }, "hi")[0]).toBe("claude-haiku-5-5");
    expect(chainOf({ tier: "pro" }, COMPLEX)).toEqual(["claude-sonnet-5-5", "gpt-5", "gpt-5-mini", "clawless-offline"]);
  });

  it("lets only enterprise use the premium model", () => {
    for (const tier of ["starter", "pro", "business"] as const) {
      expect(chainOf({ tier, model: { default_model: "claude-opus-5-5" } })[0]).not.toBe("claude-opus-5-5");
    }
    expect(chainOf({ tier: "enterprise", model: { default_model: "claude-opus-5-5" } })[0]).toBe("claude-opus-5-5");
  });

  it("narrows to the tenant's allowed models, and answers offline when nothing is configured", () => {
    expect(chainOf({ tier: "pro", model: { allowed_models: ["gpt-5"] } }, "hi")).toEqual(["gpt-5", "clawless-offline"]);
    const bare = { ...env, ANTHROPIC_API_KEY: "", OPENAI_API_KEY: "" } as unknown as Env;
    const route = routeTurn({
      env: bare,
      tenant: tenant({ tier: "enterprise" }),
      credentials: {},
      text: COMPLEX,
      caller: VISITOR,
    });
    expect(route.chain.map((l) => l.entry.id)).toEqual(["clawless-offline"]);
    expect(route.reason).toBe("no model provider configured");
  });

  it("offers Workers AI models only when the AI binding exists", () => {
    const bare = { ...env, ANTHROPIC_API_KEY: "", OPENAI_API_KEY: "" } as unknown as Env;
    expect(chainOf({ tier: "pro" }, "hi", bare)).toEqual(["clawless-offline"]);
    const withAi = { ...bare, AI: {} } as unknown as Env;
    expect(chainOf({ tier: "pro" }, "hi", withAi)[0]).toBe("@cf/meta/llama-3.1-8b-instruct-fast");
  });

  it("takes extra models from MODEL_CATALOG, e.g. what a local Ollama serves", () => {
    const ollama = withKeys({
      OPENAI_API_KEY: "",
      ANTHROPIC_API_KEY: "",
      OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
      MODEL_CATALOG: JSON.stringify([{ id: "llama3.1:8b", provider: "openai", context_window: 8192, role: "cheap" }]),
    });
    expect(chainOf({ tier: "starter", model: { allowed_models: ["llama3.1:8b"] } }, "hi", ollama)).toEqual([
      "llama3.1:8b",
      "clawless-offline",
    ]);
    expect(() => modelCatalog("[{]")).toThrow(/MODEL_CATALOG is not valid JSON/);
  });
});

describe("a requested model", () => {
  const ask = (caller: { kind: "visitor" | "api" }, requestedModel: string, config: TenantConfigInput = {}) =>
    routeTurn({
      env: withKeys(),
      tenant: tenant({ tier: "pro", ...config }),
      credentials: {},
      text: "hi",
      caller,
      requestedModel,
    });

  it("is honoured for a secret-key caller without allow_override, as the tenant's config stands", () => {
    const route = ask({ kind: "api" }, "gpt-5");
    expect(route.chain[0]!.entry.id).toBe("gpt-5");
    expect(route.reason).toBe("requested by the client");
  });

  it("needs allow_override for a visitor", () => {
    expect(() => ask(VISITOR, "gpt-5")).toThrow(expect.objectContaining({ status: 400, type: "invalid_request" }));
    expect(ask(VISITOR, "gpt-5", { model: { allow_override: true } }).chain[0]!.entry.id).toBe("gpt-5");
  });

  it("is model_not_found (404) for a secret-key caller when the tenant may not use it", () => {
    for (const model of ["gpt-99", "claude-opus-5-5"]) {
      expect(() => ask({ kind: "api" }, model)).toThrow(
        expect.objectContaining({ status: 404, details: expect.objectContaining({ code: "model_not_found" }) }),
      );
    }
  });
});

describe("the complexity estimate", () => {
  it("calls short chit-chat simple and code or multi-step requests complex", () => {
    expect(estimateComplexity("Do you ship to Canada?").complex).toBe(false);
    expect(estimateComplexity("Hi there!").complex).toBe(false);
    expect(estimateComplexity(COMPLEX)).toMatchObject({ complex: true, signals: ["code", "multi-step"] });
    expect(estimateComplexity("x".repeat(1_500)).complex).toBe(true);
  });
});
