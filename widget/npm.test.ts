/// <reference types="node" />
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

/**
 * The npm package (`npm run build:npm` → dist/npm): an ES module with `.d.ts`, importable during
 * server-side rendering. This file runs in the test process (Node), not in the browser.
 */

const DIST = new URL("../dist/npm/", import.meta.url);

test.beforeAll(() => {
  execFileSync("npm", ["run", "--silent", "build:npm"], { stdio: "ignore", timeout: 120_000 });
});

test("importing the package in Node (SSR) touches no browser global", async () => {
  const globals = globalThis as Record<string, unknown>;
  expect(globals.window).toBeUndefined();
  const module = (await import(new URL("index.js", DIST).href)) as Record<string, unknown>;
  expect(Object.keys(module).sort()).toEqual(["ClawlessChat", "attachGlobalApi", "defineClawlessChat"]);
  expect(typeof module.ClawlessChat).toBe("function");
  expect(globals.window).toBeUndefined();
  expect(globals.document).toBeUndefined();
  expect(globals.localStorage).toBeUndefined();
});

test("the package's exports name the ES module and its typings, which export the typed API", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  expect(pkg.exports["."]).toEqual({
    types: "./dist/npm/types/widget/index.d.ts",
    import: "./dist/npm/index.js",
  });
  const types = readFileSync(new URL("types/widget/index.d.ts", DIST), "utf8");
  for (const name of ["ClawlessChat", "ClawlessGlobal", "ClawlessEventMap", "defineClawlessChat"]) {
    expect(types).toContain(name);
  }
  // lit stays an import (the app's own copy is shared), not bundled in.
  expect(readFileSync(new URL("index.js", DIST), "utf8")).toMatch(/from "lit"/);
});
