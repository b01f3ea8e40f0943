import { describe, expect, it } from "vitest";
import { redactText, redactValue } from "./redact";

const SECRET = 'tok/live+"Secret"\\Value==42';

describe("redaction of secrets", () => {
  it.each([
    ["as written", `token=${SECRET};`],
    ["JSON-escaped", JSON.stringify({ token: SECRET })],
    ["JSON-escaped with \\/", JSON.stringify({ token: SECRET }).replaceAll("/", "\\/")],
    [
      "every character \\u-escaped",
      `{"token":"${[...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"}`,
    ],
    ["URL-encoded", `https://api.shop.com/?key=${encodeURIComponent(SECRET)}`],
  ])("takes a secret %s out of text", (_, text) => {
    const out = redactText(text, [SECRET]);
    expect(out).toContain("[redacted]");
    expect(out).not.toContain(SECRET);
    expect(JSON.stringify(out)).not.toContain(JSON.stringify(SECRET).slice(1, -1));
  });

  it("leaves text without a secret exactly as it was, escapes included", () => {
    const text = String.raw`{"path":"a\/b","quote":"\"","tab":"\t","letter":"\u0041"}`;
    expect(redactText(text, [SECRET])).toBe(text);
    expect(redactText("anything", [])).toBe("anything");
  });

  it("redacts every string and every key of a parsed value, at any depth", () => {
    const parsed = JSON.parse(
      `{"a":[{"\\u0074ok/live+\\"Secret\\"\\\\Value==42":"x"}],"b":{"c":"Bearer tok\\/live+\\"Secret\\"\\\\Value==42"},"n":1,"t":true,"z":null}`,
    );
    expect(JSON.stringify(parsed)).toContain("Value==42");
    expect(redactValue(parsed, [SECRET])).toEqual({
      a: [{ "[redacted]": "x" }],
      b: { c: "Bearer [redacted]" },
      n: 1,
      t: true,
      z: null,
    });
  });
});
