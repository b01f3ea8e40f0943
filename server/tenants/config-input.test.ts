import { describe, expect, it } from "vitest";
import { ApiError } from "../http/errors";
import { mergePatch, validateConfigWrite } from "./config-input";
import { isToolAllowed } from "./tool-permissions";

describe("config writes", () => {
  it("merges a patch key by key; null removes; arrays replace", () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, list: [1, 2], keep: true }, { a: { b: 3, c: null }, list: [9] })).toEqual({
      a: { b: 3 },
      list: [9],
      keep: true,
    });
  });

  it("fills defaults, and refuses unknown fields at any depth", () => {
    const config = validateConfigWrite({});
    expect(config).toMatchObject({ tier: "starter", retention_days: 30, identity: { required: false } });
    expect(config.tools).toMatchObject({ allow: [], deny: [], http: [], client: [] });
    for (const [value, field] of [
      [{ tiers: "pro" }, "tiers"],
      [{ theme: { colour: "#000000" } }, "theme.colour"],
    ] as const) {
      expect(() => validateConfigWrite(value)).toThrow(ApiError);
      expect(() => validateConfigWrite(value)).toThrow(field);
    }
  });
});

describe("tool permissions", () => {
  it.each([
    [{ allow: [], deny: [] }, "file_read", false],
    [{ allow: ["file_read"], deny: [] }, "file_read", true],
    [{ allow: ["*"], deny: [] }, "crm_lookup", true],
    [{ allow: ["*"], deny: ["file_write"] }, "file_write", false],
    [{ allow: ["file_write"], deny: ["*"] }, "file_write", false],
  ])("%j, %s → %s", (permissions, tool, allowed) => {
    expect(isToolAllowed(permissions, tool)).toBe(allowed);
  });
});
