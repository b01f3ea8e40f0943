import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../../test/helpers";

/** The widget files as pages load them: pinned versions immutable, the v1 channel short-lived. */

// A version of its own, so that other files' uploads (storage may be shared) cannot collide.
const VERSION = "9.8.7";
const LOADER = "(function(){})();";
const MANIFEST = JSON.stringify({ version: VERSION, files: { "clawless.js": "sha384-test" } });

beforeAll(async () => {
  const js = { httpMetadata: { contentType: "text/javascript; charset=utf-8" } };
  await env.FILES.put(`widget/${VERSION}/clawless.js`, LOADER, js);
  await env.FILES.put(`widget/${VERSION}/integrity.json`, MANIFEST);
  await env.FILES.put(`widget/v1/clawless.js`, LOADER, js);
});

describe("widget files", () => {
  it("serves a pinned version as immutable, to any origin, for CORS and COEP pages alike", async () => {
    const res = await call(`/widget/${VERSION}/clawless.js`, { headers: { Origin: "https://any.example" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(LOADER);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("serves the moving v1 channel with a short cache", async () => {
    const res = await call("/widget/v1/clawless.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("publishes a version's integrity manifest as JSON", async () => {
    const res = await call(`/widget/${VERSION}/integrity.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(await res.json()).toEqual(JSON.parse(MANIFEST));
  });

  it("answers a revalidation with 304 and no body", async () => {
    const first = await call(`/widget/${VERSION}/clawless.js`);
    await first.arrayBuffer();
    const res = await call(`/widget/${VERSION}/clawless.js`, {
      headers: { "If-None-Match": first.headers.get("ETag")! },
    });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
  });

  it("finds nothing outside widget versions and file names", async () => {
    for (const path of [
      `/widget/${VERSION}/missing.js`,
      "/widget/0.0.1/clawless.js",
      "/widget/latest/clawless.js",
      `/widget/${VERSION}/clawless.exe`,
      `/widget/${VERSION}/..%2Fclawless.js`,
    ]) {
      const res = await call(path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { type: string } }).error.type, path).toBe("not_found");
    }
  });
});
