import { describe, expect, it } from "vitest";
import { hasDotSegment, resolveToolUrl } from "./http-tool-url";

describe("an HTTP tool's URL template, resolved", () => {
  it("fills path and query placeholders, encoded, and says which arguments it used", () => {
    const out = resolveToolUrl("https://api.shop.com/v1/customers/{id}/orders?status={status}", {
      id: "a/b c",
      status: "open&x=1",
      other: 1,
    });
    expect(out).toMatchObject({ ok: true });
    if (!out.ok) return;
    expect(out.url.href).toBe("https://api.shop.com/v1/customers/a%2Fb%20c/orders?status=open%26x%3D1");
    expect([...out.used]).toEqual(["id", "status"]);
  });

  it("allows an empty value in the query but not in the path", () => {
    expect(resolveToolUrl("https://api.shop.com/search?q={q}", {})).toMatchObject({ ok: true });
    expect(resolveToolUrl("https://api.shop.com/customers/{id}/orders", { id: "" })).toEqual({
      ok: false,
      error: "Invalid arguments: id must not be empty.",
    });
  });

  it.each([
    "https://{sub}.shop.com/orders",
    "https://api-{env}.shop.com/orders",
    "https://api.shop.com:{port}/orders",
    "https://api.shop.com{path}",
    "https://{host}",
    "{scheme}://api.shop.com/",
  ])("refuses a placeholder before the path: %s", (template) => {
    expect(resolveToolUrl(template, { sub: "x", env: "x", port: "1", path: "/x", host: "x", scheme: "https" })).toEqual(
      { ok: false, error: "The tool's URL has a placeholder in its host; it cannot be used." },
    );
  });

  it("refuses a dot segment in a query value too (a server may route on it)", () => {
    expect(resolveToolUrl("https://api.shop.com/files?path={p}", { p: "../../etc" })).toMatchObject({ ok: false });
  });

  it.each([
    [".", true],
    ["..", true],
    ["%2e%2E", true],
    ["%252e%252e", true],
    ["a\\..", true],
    ["..;x", true],
    ["．．", true],
    ["‥", true], // two dot leader folds to ".."
    ["%ef%bc%8e%ef%bc%8e", true], // fullwidth dots, UTF-8 percent-encoded
    ["%" + "25".repeat(9) + "2e", true], // encoded deeper than any honest value
    ["a.b", false],
    [".hidden", false],
    ["..x", false],
    ["%", false],
    ["%zz", false],
    ["100%", false],
  ])("hasDotSegment(%j) is %s", (value, expected) => {
    expect(hasDotSegment(value)).toBe(expected);
  });
});
