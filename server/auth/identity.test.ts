import { describe, expect, it } from "vitest";
import { errorOf, ORIGIN, widgetCall, type WidgetClient } from "../test/helpers";
import { adminCall, adminCreateTenant, createIdentitySecret, identityToken } from "../test/tenancy-helpers";
import { signJwt } from "./jwt";

async function bootstrap(key: string, body: Record<string, unknown> = {}, visitor?: string) {
  const res = await widgetCall({ key, visitor }, "POST", "/bootstrap", body);
  return { res, body: (res.status === 200 ? await res.json() : null) as any };
}

async function verifiedTenant(config: Record<string, unknown> = {}) {
  const created = await adminCreateTenant("Verified", { allowed_origins: [ORIGIN], ...config });
  const secret = await createIdentitySecret(created.tenant.id);
  return { ...created, secret };
}

async function newConversation(client: WidgetClient): Promise<string> {
  const res = await widgetCall(client, "POST", "/conversations", {});
  return ((await res.json()) as any).conversation.id;
}

const idsOf = async (client: WidgetClient) =>
  ((await (await widgetCall(client, "GET", "/conversations")).json()) as any).data.map((c: any) => c.id);

describe("verified users", () => {
  it("links a user's conversations across devices, and keeps them from anyone else", async () => {
    const { keys, secret } = await verifiedTenant();
    const token = await identityToken(secret, { sub: "user-42", name: "Ada", email: "ada@example.com" });

    const laptop = await bootstrap(keys.publishable, { identity_token: token });
    expect(laptop.res.status).toBe(200);
    expect(laptop.body.user).toEqual({ id: "user-42", name: "Ada", email: "ada@example.com" });
    const laptopClient = { key: keys.publishable, visitor: laptop.body.visitor.token };
    const conversation = await newConversation(laptopClient);

    const phone = await bootstrap(keys.publishable, {
      identity_token: await identityToken(secret, { sub: "user-42" }),
    });
    expect(phone.body.visitor.id).not.toBe(laptop.body.visitor.id);
    const phoneClient = { key: keys.publishable, visitor: phone.body.visitor.token };
    expect(await idsOf(phoneClient)).toEqual([conversation]);
    expect((await widgetCall(phoneClient, "GET", `/conversations/${conversation}/messages`)).status).toBe(200);

    const stranger = await bootstrap(keys.publishable);
    const strangerClient = { key: keys.publishable, visitor: stranger.body.visitor.token };
    expect(await idsOf(strangerClient)).toEqual([]);
    expect((await widgetCall(strangerClient, "GET", `/conversations/${conversation}/messages`)).status).toBe(404);

    const other = await bootstrap(keys.publishable, { identity_token: await identityToken(secret, { sub: "user-7" }) });
    const otherClient = { key: keys.publishable, visitor: other.body.visitor.token };
    expect(await idsOf(otherClient)).toEqual([]);
  });

  it("claims the device's anonymous conversations at sign-in; signing out hides them from the device", async () => {
    const { keys, secret } = await verifiedTenant();
    const anon = await bootstrap(keys.publishable);
    const anonClient = { key: keys.publishable, visitor: anon.body.visitor.token };
    const before = await newConversation(anonClient);

    const signedIn = await bootstrap(
      keys.publishable,
      { identity_token: await identityToken(secret) },
      anonClient.visitor,
    );
    expect(signedIn.body.visitor.id).toBe(anon.body.visitor.id);
    const userClient = { key: keys.publishable, visitor: signedIn.body.visitor.token };
    expect(await idsOf(userClient)).toEqual([before]);

    // The page no longer vouches for the user: the widget's verified token is downgraded.
    const signedOut = await bootstrap(keys.publishable, {}, userClient.visitor);
    expect(signedOut.body.user).toBeNull();
    expect(signedOut.body.visitor.id).toBe(anon.body.visitor.id);
    expect(signedOut.body.visitor.token).not.toBe(userClient.visitor);
    expect(await idsOf({ key: keys.publishable, visitor: signedOut.body.visitor.token })).toEqual([]);
    // The old anonymous token no longer sees what the user now owns.
    expect(await idsOf(anonClient)).toEqual([]);
  });

  it.each([
    ["an expired token", async (s: string) => identityToken(s, { exp: Math.floor(Date.now() / 1000) - 5 }), /expired/],
    ["a tampered token", async (s: string) => (await identityToken(s)).replace(/\.(.)/, ".X$1"), /Invalid/],
    [
      "a token signed with another secret",
      async () => identityToken("idsec_someone-else-0123456789abcdefghij"),
      /Invalid/,
    ],
    ["a token without exp", async (s: string) => signJwt({ sub: "user-1" }, s), /exp/],
    [
      "a long-lived token",
      async (s: string) => identityToken(s, { exp: Math.floor(Date.now() / 1000) + 7 * 86_400 }),
      /24 hours/,
    ],
  ])("refuses %s with 401", async (_, make, message) => {
    const { keys, secret } = await verifiedTenant();
    const { res } = await bootstrap(keys.publishable, { identity_token: await make(secret) });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(message);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
  });

  it("refuses identity tokens when the tenant has no identity secret", async () => {
    const { keys } = await adminCreateTenant("NoSecret", { allowed_origins: [ORIGIN] });
    const { res } = await bootstrap(keys.publishable, {
      identity_token: await identityToken("idsec_x".padEnd(46, "x")),
    });
    expect(res.status).toBe(401);
  });

  it("keeps verifying with the previous secret during a rotation's grace period", async () => {
    const { tenant, keys, secret } = await verifiedTenant();
    const rotated = await adminCall("POST", `/tenants/${tenant.id}/identity-secret/rotate`, {});
    const next = ((await rotated.json()) as any).identity_secret;
    for (const s of [secret, next]) {
      expect((await bootstrap(keys.publishable, { identity_token: await identityToken(s) })).res.status).toBe(200);
    }
    await adminCall("POST", `/tenants/${tenant.id}/identity-secret/rotate`, { grace_period_seconds: 0 });
    expect((await bootstrap(keys.publishable, { identity_token: await identityToken(next) })).res.status).toBe(401);
  });
});

describe("verified identity required", () => {
  it("refuses anonymous visitors, and anonymous tokens, with 401", async () => {
    const { tenant, keys, secret } = await verifiedTenant();
    const anon = await bootstrap(keys.publishable);
    const anonClient = { key: keys.publishable, visitor: anon.body.visitor.token };
    await adminCall("PATCH", `/tenants/${tenant.id}`, { config: { identity: { required: true } } });

    const refused = await bootstrap(keys.publishable);
    expect(refused.res.status).toBe(401);
    expect((await errorOf(refused.res)).message).toMatch(/identity_token/);
    expect((await widgetCall(anonClient, "GET", "/conversations")).status).toBe(401);

    const user = await bootstrap(keys.publishable, { identity_token: await identityToken(secret) });
    expect(user.res.status).toBe(200);
    const userClient = { key: keys.publishable, visitor: user.body.visitor.token };
    expect((await widgetCall(userClient, "POST", "/conversations", {})).status).toBe(201);
  });
});
