import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTenant } from "./tenant-ops";
import { newTrial, TRIAL_DAYS, trialExpiry, trialState, trialStore } from "./trial-store";

async function storedTrial(company: string, now = Date.now()) {
  const store = trialStore(env.DB);
  let trial: ReturnType<typeof newTrial> | undefined;
  await createTenant(env.DB, {
    name: company,
    config: {},
    keysExpireAt: trialExpiry(now),
    alongside: (tenantId) => {
      trial = newTrial({ tenantId, company, websiteUrl: null, brandColor: "#123456", logoUrl: null, now });
      return [store.insertStatement(trial)];
    },
  });
  return trial!;
}

describe("the trial store", () => {
  it("stores a trial with its tenant in one batch and reads it back", async () => {
    const trial = await storedTrial("Alpha");
    expect(await trialStore(env.DB).get(trial.id)).toEqual(trial);
    expect(trial.expires_at - trial.created_at).toBe(TRIAL_DAYS * 86_400_000);
    expect(trialState(trial)).toBe("active");
  });

  it("writes neither the tenant nor the trial when the batch fails", async () => {
    const store = trialStore(env.DB);
    const first = await storedTrial("Beta");
    const tenants = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM tenants").first<{ n: number }>())!.n;
    const before = await tenants();
    // Reusing an existing trial id makes the last statement of the batch fail.
    await expect(
      createTenant(env.DB, {
        name: "Gamma",
        config: {},
        keysExpireAt: trialExpiry(Date.now()),
        alongside: (tenantId) => [store.insertStatement({ ...first, tenant_id: tenantId })],
      }),
    ).rejects.toThrow();
    expect(await tenants()).toBe(before);
  });

  it("lists trials newest first with their conversation and message counts", async () => {
    const older = await storedTrial("Delta", Date.now() - 60_000);
    const newer = await storedTrial("Epsilon");
    const session = "ses_store_test_0000000001";
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO sessions (id, tenant_id, channel, created_at, updated_at) VALUES (?, ?, 'widget', 1, 1)",
      ).bind(session, older.tenant_id),
      env.DB.prepare(
        "INSERT INTO messages (id, tenant_id, session_id, seq, role, content, created_at) VALUES ('m1', ?, ?, 1, 'user', 'hi', 1), ('m2', ?, ?, 2, 'assistant', 'hello', 1)",
      ).bind(older.tenant_id, session, older.tenant_id, session),
    ]);
    const list = await trialStore(env.DB).list();
    const ids = list.map((t) => t.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(list.find((t) => t.id === older.id)).toMatchObject({ conversations: 1, messages: 2 });
    expect(list.find((t) => t.id === newer.id)).toMatchObject({ conversations: 0, messages: 0 });
  });

  it("ends a trial now: it is due for clean-up and reads as ended; marking it ended keeps a tombstone", async () => {
    const store = trialStore(env.DB);
    const trial = await storedTrial("Zeta");
    const now = Date.now();
    expect((await store.due(now, 100)).map((t) => t.id)).not.toContain(trial.id);
    await store.expireNow(trial.id, now);
    const expired = (await store.get(trial.id))!;
    expect(expired.expires_at).toBe(now);
    expect(trialState(expired, now)).toBe("ended");
    expect((await store.due(now, 100)).map((t) => t.id)).toContain(trial.id);
    await store.markEnded(trial.id, now);
    const tombstone = (await store.get(trial.id))!;
    expect(tombstone).toMatchObject({ ended_at: now, tenant_id: null, company: "Zeta" });
    expect((await store.due(now, 100)).map((t) => t.id)).not.toContain(trial.id);
  });
});
