import { describe, expect, it } from "vitest";
import { isOriginAllowed } from "./origins";

describe("allowed origins", () => {
  const patterns = ["https://shop.example.com", "https://*.brand.com", "http://localhost:*"];

  it.each([
    ["https://shop.example.com", true],
    ["https://shop.example.com:443", false], // browsers never send the default port
    ["http://shop.example.com", false],
    ["https://evil-shop.example.com", false],
    ["https://shop.example.com.evil.com", false],
    ["https://a.brand.com", true],
    ["https://a.b.brand.com", true],
    ["https://brand.com", false],
    ["https://notbrand.com", false],
    ["http://localhost:5173", true],
    ["http://localhost", true],
    ["https://localhost:5173", false],
    ["null", false],
  ])("%s → %s", (origin, allowed) => {
    expect(isOriginAllowed(origin, patterns)).toBe(allowed);
  });
});
