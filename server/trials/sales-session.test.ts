import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lockoutSeconds, SIGN_IN_POLICY, signInThrottle } from "../auth/sign-in-throttle";
import { call } from "../test/helpers";
import { isValidSalesSession, passcodeMatches, salesSessionToken, SESSION_HOURS } from "./sales-session";
import { getPage, postForm, WORKER_ORIGIN } from "./test-helpers";

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

/** A sign-in form post from one client IP, as Cloudflare's edge forwards it. */
function signInFrom(ip: string, passcode: string): Promise<Response> {
  return call("/demo/sign-in", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: WORKER_ORIGIN,
      "CF-Connecting-IP": ip,
    },
    body: new URLSearchParams({ passcode }).toString(),
    redirect: "manual",
  });
}

describe("sales sign-in throttling", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("locks a client out after repeated wrong passcodes, even for the right one, without locking out others", async () => {
    const attacker = "203.0.113.50";
    for (let i = 0; i < SIGN_IN_POLICY.freeFailures; i++) {
      const res = await signInFrom(attacker, `guess-${i}`);
      expect(res.status).toBe(401);
      expect(await res.text()).toContain("That passcode is not right");
    }
    const locked = await signInFrom(attacker, PASSCODE);
    expect(locked.status).toBe(429);
    expect(locked.headers.get("set-cookie")).toBeNull();
    const retryAfter = Number(locked.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_POLICY.baseLockSeconds);
    const html = await locked.text();
    expect(html).toContain("Too many sign-in attempts");
    expect(html).not.toContain("passcode is not right");

    const colleague = await signInFrom("198.51.100.9", PASSCODE);
    expect(colleague.status).toBe(303);
    expect(colleague.headers.get("set-cookie")).toMatch(/^clawless_sales=/);
  });

  it("admits at most the free attempts from a burst of parallel guesses", async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => signInFrom("192.0.2.77", `parallel-${i}`)));
    const statuses = burst.map((res) => res.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(SIGN_IN_POLICY.freeFailures);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect((await signInFrom("192.0.2.77", PASSCODE)).status).toBe(429);
  }, 60_000);

  it("logs each failure without the passcode", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const res = await signInFrom("192.0.2.200", "my-secret-guess-1234");
    expect(res.status).toBe(401);
    const lines = warn.mock.calls.map((args) => String(args[0]));
    const failure = lines.map((line) => JSON.parse(line)).find((entry) => entry.event === "sales_sign_in_failed");
    expect(failure).toMatchObject({ level: "warn", failures: 1, locked_for_seconds: 0 });
    expect(failure.client).toMatch(/^[0-9a-f]{16}$/);
    expect(lines.join("\n")).not.toContain("my-secret-guess-1234");
    expect(lines.join("\n")).not.toContain("192.0.2.200");
  });

  it("doubles the lock-out with every further failure, and starts over after a success", async () => {
    const throttle = signInThrottle(env.DB, "throttle-test");
    const ip = "192.0.2.5";
    let now = 1_800_000_000_000;
    for (let i = 1; i <= SIGN_IN_POLICY.freeFailures; i++) {
      expect(await throttle.admit(ip, now)).toMatchObject({ admitted: true, failures: i });
    }
    const windows: number[] = [];
    for (let i = 0; i < 4; i++) {
      const refused = await throttle.admit(ip, now);
      if (refused.admitted) throw new Error("admitted while locked out");
      windows.push(refused.retryAfterSeconds);
      now += refused.retryAfterSeconds * 1000;
      expect(await throttle.admit(ip, now)).toMatchObject({ admitted: true });
    }
    expect(windows).toEqual([30, 60, 120, 240]);
    await throttle.succeeded(ip);
    expect(await throttle.admit(ip, now)).toMatchObject({ admitted: true, failures: 1, lockedForSeconds: 0 });
    expect(lockoutSeconds(100)).toBe(SIGN_IN_POLICY.maxLockSeconds);
  });
});
