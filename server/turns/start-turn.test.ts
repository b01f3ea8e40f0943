import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminCreateTenant } from "../test/tenancy-helpers";
import { sessionStore } from "../sessions/repository";
import { loadTenant } from "../tenants/resolve";
import { PLANS } from "../tenants/plans";
import { usagePeriod } from "../usage/usage";
import type { TurnCaller } from "./caller";
import { startTurn } from "./start-turn";

/** Every entry point starts a turn the same way: credentials, route, quota, then the message — a refusal stores nothing. */

const API: TurnCaller = { kind: "api", keyId: "key_start" };

async function fixture(name: string) {
  const { tenant: created } = await adminCreateTenant(name);
  const tenant = (await loadTenant(env, created.id))!;
  const session = await sessionStore(env.DB, tenant.id).create({ channel: "api" });
  return { tenant, session };
}

async function monthFull(tenantId: string) {
  await env.DB.prepare(
    `INSERT INTO usage (tenant_id, period, messages, input_tokens, output_tokens, cost_micros) VALUES (?, ?, ?, 0, 0, 0)`,
  )
    .bind(tenantId, usagePeriod(), PLANS.starter.monthly_messages)
    .run();
}

async function written(tenantId: string, sessionId: string) {
  const count = async (sql: string, ...args: unknown[]) =>
    (await env.DB.prepare(sql)
      .bind(...args)
      .first<{ n: number }>())!.n;
  return {
    messages: await count("SELECT COUNT(*) AS n FROM messages WHERE session_id = ?", sessionId),
    holds: await count("SELECT COUNT(*) AS n FROM usage_reservations WHERE tenant_id = ?", tenantId),
  };
}

/** env whose D1 fails the statements that match `pattern` (and records every statement it is given). */
function failing(pattern: RegExp) {
  const seen: string[] = [];
  const DB = new Proxy(env.DB, {
    get(target, key) {
      if (key === "prepare") {
        return (sql: string) => {
          seen.push(sql);
          if (pattern.test(sql)) throw new Error(`D1 refused: ${pattern}`);
          return target.prepare(sql);
        };
      }
      const value = Reflect.get(target, key) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { env: { ...env, DB } as Env, seen };
}

describe("startTurn", () => {
  it("stores the message with its metadata and holds the turn's share of the month", async () => {
    const { tenant, session } = await fixture("Start ok");
    const turn = await startTurn({
      env,
      tenant,
      session,
      content: "hi",
      caller: API,
      metadata: { api_metadata: { a: "1" } },
    });
    expect(turn.userMessage).toMatchObject({ role: "user", content: "hi", session_id: session.id });
    expect(JSON.parse(turn.userMessage.metadata!)).toEqual({ api_metadata: { a: "1" } });
    expect(turn.hold.id).not.toBeNull();
    expect(turn.caller).toBe(API);
    expect(await written(tenant.id, session.id)).toEqual({ messages: 1, holds: 1 });
  });

  it("stores nothing when the month's quota refuses the turn", async () => {
    const { tenant, session } = await fixture("Start quota");
    await monthFull(tenant.id);
    await expect(startTurn({ env, tenant, session, content: "hi", caller: API })).rejects.toMatchObject({
      status: 429,
    });
    expect(await written(tenant.id, session.id)).toEqual({ messages: 0, holds: 0 });
  });

  it("reads the credentials first: when they cannot be read, no quota is taken and nothing is stored", async () => {
    const { tenant, session } = await fixture("Start credentials");
    await monthFull(tenant.id);
    const broken = failing(/provider_credentials/);
    // Before the quota: the credentials' failure, not the 429 of the full month.
    await expect(startTurn({ env: broken.env, tenant, session, content: "hi", caller: API })).rejects.toThrow(
      /D1 refused/,
    );
    expect(broken.seen.some((sql) => /usage_reservations|INSERT INTO messages/.test(sql))).toBe(false);
    expect(await written(tenant.id, session.id)).toEqual({ messages: 0, holds: 0 });
  });

  it("routes before the quota: a model the caller may not use is refused as such, and nothing is stored", async () => {
    const { tenant, session } = await fixture("Start route");
    await monthFull(tenant.id);
    const visitor: TurnCaller = { kind: "visitor", owner: { visitorId: "vis_start", userId: null } };
    await expect(
      startTurn({ env, tenant, session, content: "hi", caller: visitor, model: "gpt-5" }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      startTurn({ env, tenant, session, content: "hi", caller: API, model: "gpt-99" }),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(await written(tenant.id, session.id)).toEqual({ messages: 0, holds: 0 });
  });

  it("gives the hold back when the message cannot be stored", async () => {
    const { tenant, session } = await fixture("Start store");
    const broken = failing(/INSERT INTO messages/);
    await expect(startTurn({ env: broken.env, tenant, session, content: "hi", caller: API })).rejects.toThrow(
      /D1 refused/,
    );
    expect(broken.seen.some((sql) => /INSERT INTO usage_reservations/.test(sql))).toBe(true);
    expect(await written(tenant.id, session.id)).toEqual({ messages: 0, holds: 0 });
  });
});
