import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./encryption";

const KEY = "an-encryption-key-of-at-least-32-characters";

describe("sealed secrets (AES-GCM)", () => {
  it("round-trips, with a fresh IV every time", async () => {
    const a = await sealSecret(KEY, "idsec_hello", "identity-secret:tnt_a");
    const b = await sealSecret(KEY, "idsec_hello", "identity-secret:tnt_a");
    expect(a).not.toBe(b);
    expect(a).not.toContain("hello");
    expect(await openSecret(KEY, a, "identity-secret:tnt_a")).toBe("idsec_hello");
  });

  it("refuses another context, another key, and tampering", async () => {
    const sealed = await sealSecret(KEY, "idsec_hello", "identity-secret:tnt_a");
    expect(await openSecret(KEY, sealed, "identity-secret:tnt_b")).toBeNull();
    expect(await openSecret(`${KEY}!`, sealed, "identity-secret:tnt_a")).toBeNull();
    const [v, iv, data] = sealed.split(".");
    const flipped = `${v}.${iv}.${data!.slice(0, -2)}${data!.endsWith("AA") ? "BB" : "AA"}`;
    expect(await openSecret(KEY, flipped, "identity-secret:tnt_a")).toBeNull();
    expect(await openSecret(KEY, "junk", "identity-secret:tnt_a")).toBeNull();
  });
});
