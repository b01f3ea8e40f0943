import { describe, expect, it } from "vitest";
import { call, errorOf } from "./test/helpers";

describe("the Worker's basics", () => {
  it("answers /health with ok and a request id", async () => {
    const res = await call("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("X-Request-Id")).toMatch(/^req_[0-9A-Za-z]{22}$/);
  });

  it("answers unknown routes with the one error shape, naming the route", async () => {
    const res = await call("/nope", { method: "POST" });
    expect(res.status).toBe(404);
    const error = await errorOf(res);
    expect(error).toEqual({
      type: "not_found",
      message: "No route for POST /nope.",
      request_id: res.headers.get("X-Request-Id"),
    });
  });

  it("gives every request its own id", async () => {
    const [a, b] = await Promise.all([call("/health"), call("/health")]);
    expect(a.headers.get("X-Request-Id")).not.toBe(b.headers.get("X-Request-Id"));
  });

  it("hides the benchmark baseline route unless BENCH_ROUTES is on", async () => {
    const res = await call("/bench/bare-stream", { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
  });

  it("serves the demo page under a strict CSP, telling how to seed when the demo tenant is missing", async () => {
    const res = await call("/demo");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    expect(await res.text()).toContain("npm run dev");
  });
});
