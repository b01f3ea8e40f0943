import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../app";
import { call } from "../../test/helpers";
import { createTrialViaForm, postForm } from "../../trials/test-helpers";

/** Page routes (/demo, /docs): one canonical URL per page, and errors as HTML pages, never JSON. */

const get = (path: string, headers: Record<string, string> = {}) => call(path, { headers, redirect: "manual" });

describe("canonical page URLs", () => {
  it("redirects a share link with a trailing slash to the one without, keeping the query", async () => {
    const id = await createTrialViaForm();
    const res = await get(`/demo/t/${id}/?utm_source=mail&x=1`);
    expect(res.status).toBe(301);
    const location = new URL(res.headers.get("location")!);
    expect(location.pathname + location.search).toBe(`/demo/t/${id}?utm_source=mail&x=1`);
    const page = await get(location.pathname + location.search);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
  });

  it.each([
    ["/demo/", "/demo"],
    ["/docs/", "/docs"],
    ["/demo/console/", "/demo/console"],
  ])("redirects %s to %s", async (from, to) => {
    const res = await get(from);
    expect(res.status).toBe(301);
    expect(new URL(res.headers.get("location")!).pathname).toBe(to);
  });
});

describe("errors on page routes", () => {
  it.each(["/demo/no-such-page", "/demo/t/trl_x/extra", "/docs/no-such-page"])(
    "answers %s with an HTML 404 page, even to a client that asks for JSON",
    async (path) => {
      const res = await get(path, { Accept: "application/json" });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("text/html");
      const html = await res.text();
      expect(html).toContain("We couldn&#39;t find this page");
      expect(html).toContain(res.headers.get("x-request-id")!);
    },
  );

  it("answers a refused form post (cross-site) with an HTML 403 page", async () => {
    const res = await postForm("/demo/sign-in", { passcode: "x" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("text/html");
  });

  it("answers a failure in a page route with an HTML 500 page that shows no internals", async () => {
    const app = createApp();
    app.get("/demo/boom", () => {
      throw new Error("secret internals: db password");
    });
    app.get("/v1/boom", () => {
      throw new Error("secret internals: db password");
    });
    const page = await app.request("/demo/boom", {}, env, createExecutionContext());
    expect(page.status).toBe(500);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("Something went wrong on our side");
    expect(html).toContain(page.headers.get("x-request-id")!);
    expect(html).not.toContain("secret internals");

    const api = await app.request("/v1/boom", {}, env, createExecutionContext());
    expect(api.status).toBe(500);
    expect(((await api.json()) as { error: { type: string } }).error.type).toBe("internal_error");
  });

  it("leaves API routes with the JSON error shape and no redirects", async () => {
    for (const path of ["/v1/no-such-route", "/v1/sessions/", "/admin/tenants/"]) {
      const res = await get(path);
      expect(res.status).not.toBe(301);
      expect(res.headers.get("content-type")).toContain("application/json");
    }
  });
});
