import { experimental_readRawConfig } from "wrangler";
import { describe, expect, it } from "vitest";
import { RATE_LIMITS } from "./limits";

/**
 * The rate-limiting bindings enforce wrangler.toml's numbers; RATE_LIMITS only reports them (in
 * errors, docs and headers). Read with wrangler's own config reader (in Node), so the two cannot
 * drift apart unnoticed.
 */

interface DeclaredLimit {
  name: string;
  simple: { limit: number; period: number };
}

function declaredLimits(): DeclaredLimit[] {
  const { rawConfig } = experimental_readRawConfig({ config: "wrangler.toml" });
  return (rawConfig.ratelimits ?? []) as DeclaredLimit[];
}

describe("rate limits", () => {
  it("are the same in wrangler.toml and in the code's table, binding for binding", () => {
    const declared = declaredLimits()
      .map(({ name, simple }) => ({ binding: name, limit: simple.limit, period: simple.period }))
      .sort((a, b) => a.binding.localeCompare(b.binding));
    const reported = Object.values(RATE_LIMITS)
      .map(({ binding, limit, period }) => ({ binding, limit, period }))
      .sort((a, b) => a.binding.localeCompare(b.binding));
    expect(reported).toHaveLength(5);
    expect(declared).toEqual(reported);
  });
});
