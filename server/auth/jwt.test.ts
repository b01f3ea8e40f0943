import { describe, expect, it } from "vitest";
import { signJwt, verifyJwt, type JwtClaims } from "./jwt";

const SECRET = "a-secret-of-at-least-thirty-two-characters";

describe("HS256 tokens", () => {
  it("round-trips claims", async () => {
    const token = await signJwt({ sub: "vis_1", exp: 2_000_000_000 }, SECRET);
    expect(await verifyJwt(token, SECRET, 1_000)).toEqual({ ok: true, claims: { sub: "vis_1", exp: 2_000_000_000 } });
  });

  it("rejects a tampered payload, a wrong secret, an expired token and junk", async () => {
    const token = await signJwt({ sub: "vis_1", exp: 2_000 }, SECRET);
    const [h, , s] = token.split(".");
    const forged = `${h}.${btoa(JSON.stringify({ sub: "vis_2", exp: 2_000 })).replace(/=+$/, "")}.${s}`;
    expect(await verifyJwt(forged, SECRET, 1_000)).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verifyJwt(token, `${SECRET}x`, 1_000)).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verifyJwt(token, SECRET, 3_000)).toEqual({ ok: false, reason: "expired" });
    expect(await verifyJwt("not.a.token", SECRET)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses a token before its nbf, and one whose nbf is not a number", async () => {
    const token = await signJwt({ sub: "u", nbf: 2_000, exp: 5_000 }, SECRET);
    expect(await verifyJwt(token, SECRET, 1_999)).toEqual({ ok: false, reason: "not_yet_valid" });
    expect(await verifyJwt(token, SECRET, 2_000)).toMatchObject({ ok: true });
    const claims: Record<string, unknown> = { sub: "u", nbf: "soon", exp: 5_000 };
    const junk = await signJwt(claims as JwtClaims, SECRET);
    expect(await verifyJwt(junk, SECRET, 3_000)).toEqual({ ok: false, reason: "not_yet_valid" });
  });

  it("refuses tokens that claim another algorithm", async () => {
    const none = `${btoa(JSON.stringify({ alg: "none" }))}.${btoa(JSON.stringify({ sub: "x" }))}.`;
    expect(await verifyJwt(none.replace(/=/g, ""), SECRET)).toEqual({ ok: false, reason: "malformed" });
  });
});
