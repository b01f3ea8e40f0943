import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../test/helpers";
import { isValidSalesSession, passcodeMatches, salesSessionToken, SESSION_HOURS } from "./sales-session";
import { getPage, postForm } from "./test-helpers";

const PASSCODE = env.SALES_TOKEN;

describe("the sales passcode and session", () => {
  it("accepts exactly the SALES_TOKEN as passcode", async () => {
    expect(await passcodeMatches(env, PASSCODE)).toBe(true);
    expect(await passcodeMatches(env, `${PASSCODE}x`)).toBe(false);
    expect(await passcodeMatches(env, "")).toBe(false);
  });

  it("refuses every passcode when SALES_TOKEN is unset or too short", async () => {
    expect(await passcodeMatches({ ...env, SALES_TOKEN: "" }, "")).toBe(false);
    expect(await passcodeMatches({ ...env, SALES_TOKEN: "short" }, "short")).toBe(false);
  });

  it("issues session tokens that expire, and that a different SALES_TOKEN does not accept", async () => {
    const now = 1_800_000_000;
    const token = await salesSessionToken(env, now);
    expect(await isValidSalesSession(env, token, now + 60)).toBe(true);
    expect(await isValidSalesSession(env, token, now + SESSION_HOURS * 3600 + 1)).toBe(false);
    expect(await isValidSalesSession({ ...env, SALES_TOKEN: "another-passcode-0123456789" }, token, now)).toBe(false);
    expect(await isValidSalesSession(env, `${token.slice(0, -2)}xx`, now)).toBe(false);
  });
});

describe("signing in at /demo", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie for the right passcode and opens the console", async () => {
    const res = await postForm("/demo/sign-in", { passcode: PASSCODE }, { cookie: null });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/demo/console");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^clawless_sales=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/demo");
    expect(cookie).toContain(`Max-Age=${SESSION_HOURS * 3600}`);
    expect(cookie).not.toContain(PASSCODE);

    const console = await getPage("/demo/console", cookie.split(";")[0]!);
    expect(console.status).toBe(200);
    expect(await console.text()).toContain("New trial");
  });

  it("marks the cookie Secure over https", async () => {
    const res = await exports.default.fetch(
      new Request("https://clawless.test/demo/sign-in", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://clawless.test" },
        body: new URLSearchParams({ passcode: PASSCODE }).toString(),
        redirect: "manual",
      }),
    );
    expect(res.headers.get("set-cookie")).toContain("Secure");
  });

  it("re-renders the page with an inline message for a wrong passcode, and sets no cookie", async () => {
    const res = await postForm("/demo/sign-in", { passcode: "not-the-passcode" }, { cookie: null });
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
    const html = await res.text();
    expect(html).toContain("That passcode is not right");
    expect(html).toContain('aria-invalid="true"');
  });

  it("sends the console back to sign-in without a valid session", async () => {
    for (const cookie of ["", "clawless_sales=forged.token.value"]) {
      const res = await getPage("/demo/console", cookie);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/demo?signed_out=1");
    }
    const post = await postForm("/demo/console/trials", { company: "X" }, { cookie: "" });
    expect(post.status).toBe(303);
  });

  it("refuses form posts from another origin, even with a valid session (CSRF)", async () => {
    const res = await postForm("/demo/console/trials", { company: "Evil" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    const noOrigin = await postForm("/demo/sign-in", { passcode: PASSCODE }, { cookie: null, origin: null });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.headers.get("set-cookie")).toBeNull();
  });

  it("signs out by clearing the cookie", async () => {
    const res = await postForm("/demo/sign-out", {});
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toMatch(/^clawless_sales=;.*Max-Age=0/);
  });

  it("shows the demo widget and the sign-in form on the landing page", async () => {
    const res = await call("/demo");
    const html = await res.text();
    expect(html).toContain('action="/demo/sign-in"');
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
  });
});
