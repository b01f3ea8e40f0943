import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

/**
 * Browser tests run in Debian's Chromium (never a downloaded browser): CHROMIUM_PATH when set,
 * else /usr/bin/chromium when present, else whatever browser Playwright itself has installed.
 */
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export const E2E_PORT = Number(process.env.E2E_PORT ?? 8799);
export const E2E_API = `http://127.0.0.1:${E2E_PORT}`;
/** The tools server: `wrangler dev` whose model is a scripted fake upstream (e2e/tools-server.ts). */
export const E2E_TOOLS_API = `http://127.0.0.1:${E2E_PORT + 1}`;
export const E2E_FAKE_MODEL = `http://127.0.0.1:${E2E_PORT + 2}`;

export default defineConfig({
  forbidOnly: !!process.env.CI,
  // One retry on CI only: a flake is then reported as "flaky" in the output, not hidden, and is fixed here.
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  reporter: process.env.CI ? "list" : [["list"]],
  outputDir: "test-results",
  // Generous bounds for real work on a busy machine (two `wrangler dev`, Chromium, streamed answers):
  // a test fails on what it sees, never because the machine was slow. They cost nothing when fast.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  use: {
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    browserName: "chromium",
    launchOptions: {
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "retain-on-failure",
  },
  projects: [
    // The widget alone, against its built bundle and a scripted API (page.route), in a real browser.
    { name: "widget", testDir: "widget", testMatch: "**/*.test.ts", testIgnore: "**/*.node.test.ts" },
    // The whole product: the script tag on a page of another origin, talking to `wrangler dev`.
    { name: "e2e", testDir: "e2e", testMatch: "**/*.test.ts" },
  ],
  // Started one after the other: the tools server starts once the first answers /health. Each
  // builds, migrates and seeds before `wrangler dev` listens, which took over 180 s under load.
  webServer: [
    {
      command: `tsx scripts/dev.ts --port ${E2E_PORT} --persist-to .wrangler/e2e --fresh --quiet --test-scheduled`,
      url: `${E2E_API}/health`,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      command: `tsx e2e/tools-server.ts`,
      url: `${E2E_TOOLS_API}/health`,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
