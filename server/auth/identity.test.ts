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
    // Signing out revoked every token the device held, the old anonymous one too.
    expect((await widgetCall(anonClient, "GET", "/conversations")).status).toBe(401);
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
      "a token not valid yet (nbf)",
      async (s: string) => identityToken(s, { nbf: Math.floor(Date.now() / 1000) + 600 }),
      /not valid yet/,
    ],
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

/** The claims of a token, read without verifying it (the test only inspects what the server issued). */
const claimsOf = (token: string) =>
  JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;

const listStatus = async (key: string, visitor: string) =>
  (await widgetCall({ key, visitor }, "GET", "/conversations")).status;

describe("revoking visitor tokens", () => {
  it("signing out on the host page revokes the verified token the device held", async () => {
    const { keys, secret } = await verifiedTenant();
    const signedIn = await bootstrap(keys.publishable, { identity_token: await identityToken(secret) });
    const verified = signedIn.body.visitor.token;
    expect(await listStatus(keys.publishable, verified)).toBe(200);

    const signedOut = await bootstrap(keys.publishable, {}, verified);
    expect(signedOut.body.user).toBeNull();
    expect(await listStatus(keys.publishable, verified)).toBe(401);
    expect(await listStatus(keys.publishable, signedOut.body.visitor.token)).toBe(200);
    // Presenting the revoked token again does not bring its visitor back.
    const again = await bootstrap(keys.publishable, {}, verified);
    expect(again.body.visitor.id).not.toBe(signedIn.body.visitor.id);
  });

  it("another user signing in on the device revokes the first user's token", async () => {
    const { keys, secret } = await verifiedTenant();
    const ada = await bootstrap(keys.publishable, { identity_token: await identityToken(secret, { sub: "ada" }) });
    const bob = await bootstrap(
      keys.publishable,
      { identity_token: await identityToken(secret, { sub: "bob" }) },
      ada.body.visitor.token,
    );
    expect(bob.body.user.id).toBe("bob");
    expect(await listStatus(keys.publishable, ada.body.visitor.token)).toBe(401);
    expect(await listStatus(keys.publishable, bob.body.visitor.token)).toBe(200);
  });

  it("POST /logout revokes every token of the visitor, and only its own", async () => {
    const { keys, secret } = await verifiedTenant();
    const anon = await bootstrap(keys.publishable);
    const other = await bootstrap(keys.publishable);
    const signedIn = await bootstrap(
      keys.publishable,
      { identity_token: await identityToken(secret) },
      anon.body.visitor.token,
    );
    const foreign = await adminCreateTenant("Foreign", { allowed_origins: [ORIGIN] });
    const foreignVisitor = (await bootstrap(foreign.keys.publishable)).body.visitor.token;
    expect((await widgetCall({ key: keys.publishable, visitor: foreignVisitor }, "POST", "/logout")).status).toBe(401);

    const res = await widgetCall({ key: keys.publishable, visitor: signedIn.body.visitor.token }, "POST", "/logout");
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(await listStatus(keys.publishable, signedIn.body.visitor.token)).toBe(401);
    expect(await listStatus(keys.publishable, anon.body.visitor.token)).toBe(401);
    expect(await listStatus(keys.publishable, other.body.visitor.token)).toBe(200);
    expect(await listStatus(foreign.keys.publishable, foreignVisitor)).toBe(200);
    const next = await bootstrap(keys.publishable, {}, anon.body.visitor.token);
    expect(next.body.visitor.id).not.toBe(anon.body.visitor.id);
  });

  it("rotating or removing the identity secret revokes verified tokens, not anonymous ones", async () => {
    const { tenant, keys, secret } = await verifiedTenant();
    const anon = (await bootstrap(keys.publishable)).body.visitor.token;
    const verified = (await bootstrap(keys.publishable, { identity_token: await identityToken(secret) })).body.visitor
      .token;

    const rotated = await adminCall("POST", `/tenants/${tenant.id}/identity-secret/rotate`, {});
    expect(rotated.status).toBe(201);
    const { identity_secret: next, info } = (await rotated.json()) as {
      identity_secret: string;
      info: { previous_valid_until: string };
    };
    expect(await listStatus(keys.publishable, verified)).toBe(401);
    expect(await listStatus(keys.publishable, anon)).toBe(200);

    // During the grace period the old secret still signs users in, but no longer than it lives.
    const viaOld = await bootstrap(keys.publishable, { identity_token: await identityToken(secret) });
    expect(viaOld.res.status).toBe(200);
    expect(claimsOf(viaOld.body.visitor.token).exp).toBeLessThanOrEqual(
      Math.floor(Date.parse(info.previous_valid_until) / 1000),
    );
    const viaNew = (await bootstrap(keys.publishable, { identity_token: await identityToken(next) })).body.visitor
      .token;
    expect(await listStatus(keys.publishable, viaNew)).toBe(200);

    expect((await adminCall("DELETE", `/tenants/${tenant.id}/identity-secret`)).status).toBe(200);
    expect(await listStatus(keys.publishable, viaNew)).toBe(401);
    expect(await listStatus(keys.publishable, anon)).toBe(200);
  });
});

describe("one-time identity tokens", () => {
  it("accepts a token with a jti once per tenant", async () => {
    const { keys, secret } = await verifiedTenant();
    const token = await identityToken(secret, { jti: "sign-in-1" });
    expect((await bootstrap(keys.publishable, { identity_token: token })).res.status).toBe(200);
    const replay = await bootstrap(keys.publishable, { identity_token: token });
    expect(replay.res.status).toBe(401);
    expect((await errorOf(replay.res)).message).toMatch(/used already/);

    const other = await verifiedTenant();
    const sameId = await identityToken(other.secret, { jti: "sign-in-1" });
    expect((await bootstrap(other.keys.publishable, { identity_token: sameId })).res.status).toBe(200);
    // Without a jti a token is not tracked (the tenant's backend opts in).
    const plain = await identityToken(secret);
    for (let i = 0; i < 2; i++) {
      expect((await bootstrap(keys.publishable, { identity_token: plain })).res.status).toBe(200);
    }
  });
});
