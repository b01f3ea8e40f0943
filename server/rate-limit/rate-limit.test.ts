import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../index";
import { errorOf, ORIGIN, startConversation, widgetCall } from "../test/helpers";
import { adminCreateTenant } from "../test/tenancy-helpers";
import { RATE_LIMITS } from "./limits";

function expectRateLimitHeaders(res: Response, limit: number, period: number) {
  expect(res.headers.get("RateLimit-Limit")).toBe(String(limit));
  expect(res.headers.get("RateLimit-Remaining")).toBe("0");
  const reset = Number(res.headers.get("RateLimit-Reset"));
  expect(reset).toBeGreaterThanOrEqual(1);
  expect(reset).toBeLessThanOrEqual(period);
  expect(res.headers.get("Retry-After")).toBe(String(reset));
}

/** A stand-in binding that records what it is asked and refuses the keys it is told to. */
function fakeLimiter(refuse: (key: string) => boolean) {
  const seen: string[] = [];
  return {
    seen,
    limit: async ({ key }: { key: string }) => {
      seen.push(key);
      return { success: !refuse(key) };
    },
  };
}

/** A request to the Worker with some bindings replaced. */
async function callWith(overrides: Partial<Env>, path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`http://clawless.test${path}`, init), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("rate limits, through the real binding", () => {
  /**
   * workerd's local binding counts in fixed windows aligned to the period, so a loop that crosses a
   * window boundary gets up to twice the limit through: send until the first 429, and assert it
   * came no earlier than the limit.
   */
  it("limits each visitor, readable by the page (CORS), without limiting other visitors", async () => {
    const { keys } = await adminCreateTenant("Chatty", { allowed_origins: [ORIGIN] });
    const alice = await startConversation(keys.publishable); // counts once
    const { limit, period } = RATE_LIMITS.visitor;
    let sent = 1;
    let res: Response;
    for (;;) {
      res = await widgetCall(alice.client, "GET", "/conversations");
      if (res.status !== 200 || sent > 2 * limit) break;
      await res.arrayBuffer();
      sent++;
    }
    expect(res.status).toBe(429);
    expect(sent).toBeGreaterThanOrEqual(limit);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expectRateLimitHeaders(res, limit, period);
    const error = await errorOf(res);
    expect(error.type).toBe("rate_limited");
    expect(error.details).toEqual({ scope: "visitor", limit, period_seconds: period });

    const bob = await startConversation(keys.publishable);
    expect((await widgetCall(bob.client, "GET", "/conversations")).status).toBe(200);
  });
});

describe("rate limits, by scope", () => {
  it("counts widget requests per tenant and answers over-limit ones with a readable 429", async () => {
    const { tenant, keys } = await adminCreateTenant("Flooded", { allowed_origins: [ORIGIN] });
    const calm = await adminCreateTenant("Calm", { allowed_origins: [ORIGIN] });
    const limiter = fakeLimiter((key) => key === `tenant:${tenant.id}`);
    const boot = (key: string) =>
      callWith({ RATE_LIMIT_TENANT: limiter }, `/v1/widget/bootstrap?key=${key}`, {
        method: "POST",
        headers: { Origin: ORIGIN, "Content-Type": "application/json" },
        body: "{}",
      });

    const res = await boot(keys.publishable);
    expect(res.status).toBe(429);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expectRateLimitHeaders(res, RATE_LIMITS.tenant.limit, RATE_LIMITS.tenant.period);
    expect((await errorOf(res)).details).toMatchObject({ scope: "tenant" });
    expect((await boot(calm.keys.publishable)).status).toBe(200);
    expect(limiter.seen).toEqual([`tenant:${tenant.id}`, `tenant:${calm.tenant.id}`]);
  });

  it("counts API requests per key and per tenant", async () => {
    const { tenant, keys } = await adminCreateTenant("Api");
    const keyLimiter = fakeLimiter(() => false);
    const tenantLimiter = fakeLimiter(() => false);
    const usage = (overrides: Partial<Env>) =>
      callWith(overrides, "/v1/usage", { headers: { Authorization: `Bearer ${keys.secret}` } });
    expect((await usage({ RATE_LIMIT_KEY: keyLimiter, RATE_LIMIT_TENANT: tenantLimiter })).status).toBe(200);
    expect(keyLimiter.seen).toEqual([expect.stringMatching(/^key:key_/)]);
    expect(tenantLimiter.seen).toEqual([`tenant:${tenant.id}`]);

    for (const [binding, scope] of [
      ["RATE_LIMIT_KEY", "key"],
      ["RATE_LIMIT_TENANT", "tenant"],
    ] as const) {
      const res = await usage({ [binding]: fakeLimiter(() => true) });
      expect(res.status).toBe(429);
      expectRateLimitHeaders(res, RATE_LIMITS[scope].limit, RATE_LIMITS[scope].period);
      expect((await errorOf(res)).details).toMatchObject({ scope });
    }
  });

  it("does not count preflights or requests from other origins", async () => {
    const { keys } = await adminCreateTenant("Preflight", { allowed_origins: [ORIGIN] });
    const limiter = fakeLimiter(() => true);
    const preflight = await callWith(
      { RATE_LIMIT_TENANT: limiter },
      `/v1/widget/conversations?key=${keys.publishable}`,
      {
        method: "OPTIONS",
        headers: { Origin: ORIGIN },
      },
    );
    expect(preflight.status).toBe(204);
    const foreign = await callWith({ RATE_LIMIT_TENANT: limiter }, `/v1/widget/bootstrap?key=${keys.publishable}`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
      body: "{}",
    });
    expect(foreign.status).toBe(403);
    expect(limiter.seen).toEqual([]);
  });
});
