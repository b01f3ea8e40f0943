import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../index";
import { call, errorOf, ORIGIN, startConversation, widgetCall } from "../test/helpers";
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
  }, 60_000);

  it("limits bootstraps per client IP, so one IP's flood leaves other IPs of the tenant bootstrapping", async () => {
    const { keys } = await adminCreateTenant("Minted", { allowed_origins: [ORIGIN] });
    const { limit, period } = RATE_LIMITS.bootstrap;
    const bootFrom = (ip: string) =>
      call(`/v1/widget/bootstrap?key=${keys.publishable}`, {
        method: "POST",
        headers: { Origin: ORIGIN, "Content-Type": "application/json", "CF-Connecting-IP": ip },
        body: "{}",
      });
    let sent = 0;
    let res: Response;
    for (;;) {
      res = await bootFrom("203.0.113.7");
      sent++;
      if (res.status !== 200 || sent > 2 * limit) break;
      await res.arrayBuffer();
    }
    expect(res.status).toBe(429);
    expect(sent).toBeGreaterThan(limit);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expectRateLimitHeaders(res, limit, period);
    expect((await errorOf(res)).details).toEqual({ scope: "bootstrap", limit, period_seconds: period });

    const other = await bootFrom("198.51.100.20");
    expect(other.status).toBe(200);
    expect(((await other.json()) as { visitor: { token: string } }).visitor.token).toBeTruthy();
  }, 60_000);
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

  it("checks the client IP before the tenant, so a refused client spends none of the tenant's budget", async () => {
    const { tenant, keys } = await adminCreateTenant("Shared", { allowed_origins: [ORIGIN] });
    const flooder = "2001:db8::bad";
    const bootstrapLimiter = fakeLimiter((key) => key === `bootstrap:${tenant.id}:${flooder}`);
    const ipLimiter = fakeLimiter(() => false);
    const tenantLimiter = fakeLimiter(() => false);
    const overrides = {
      RATE_LIMIT_BOOTSTRAP: bootstrapLimiter,
      RATE_LIMIT_IP: ipLimiter,
      RATE_LIMIT_TENANT: tenantLimiter,
    };
    const request = (method: string, path: string, ip: string, visitor?: string) =>
      callWith(overrides, `/v1/widget${path}?key=${keys.publishable}`, {
        method,
        headers: {
          Origin: ORIGIN,
          "Content-Type": "application/json",
          "CF-Connecting-IP": ip,
          ...(visitor ? { "X-Clawless-Visitor": visitor } : {}),
        },
        body: method === "POST" ? "{}" : undefined,
      });

    const refused = await request("POST", "/bootstrap", flooder.toUpperCase());
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).details).toMatchObject({ scope: "bootstrap" });
    expect(tenantLimiter.seen).toEqual([]);

    const allowed = await request("POST", "/bootstrap", "192.0.2.1");
    expect(allowed.status).toBe(200);
    const { visitor } = (await allowed.json()) as { visitor: { token: string } };
    expect(tenantLimiter.seen).toEqual([`tenant:${tenant.id}`]);

    // Other widget routes count against the wider per-IP budget, not the bootstrap one.
    expect((await request("GET", "/conversations", "192.0.2.1", visitor.token)).status).toBe(200);
    expect(ipLimiter.seen).toEqual([`ip:${tenant.id}:192.0.2.1`]);
    expect(bootstrapLimiter.seen).toEqual([`bootstrap:${tenant.id}:${flooder}`, `bootstrap:${tenant.id}:192.0.2.1`]);
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
