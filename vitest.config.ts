import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/**
 * Two projects, both run by `npx vitest run`:
 * - `workers`: the Worker's tests, inside workerd with the bindings of wrangler.toml and fresh local
 *   storage. The fake model upstreams run in Node (global setup) and tests reach them over
 *   127.0.0.1. Provider secrets are blanked so a developer's own keys in .dev.vars never reach a test.
 * - `node`: `*.node.test.ts`, in Node, for tools that cannot run inside workerd (e.g. validators
 *   that compile schemas with `new Function`).
 */
// One retry on CI only: vitest still reports a retried test, so a flake is seen (and fixed here).
const retry = process.env.CI ? 1 : 0;
// Tests do real work (workerd requests, schema compilation, many requests in a row) on machines
// that may be busy: a test fails on what it observes, never on the default 5 s of wall clock.
const timeouts = { testTimeout: 120_000, hookTimeout: 180_000 };

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              main: "./server/index.ts",
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  ENVIRONMENT: "development",
                  ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
                  VISITOR_TOKEN_SECRET: "test-visitor-secret-0123456789abcdef0123",
                  ENCRYPTION_KEY: "test-encryption-key-0123456789abcdef0123",
                  ANTHROPIC_API_KEY: "",
                  ANTHROPIC_BASE_URL: "",
                  OPENAI_API_KEY: "",
                  OPENAI_BASE_URL: "",
                  MODEL_CATALOG: "",
                  SALES_TOKEN: "test-sales-passcode-0123456789",
                },
              },
            }),
          ],
          test: {
            name: "workers",
            retry,
            ...timeouts,
            // One workerd (Miniflare) for all the files a worker runs, instead of a new one per file:
            // starting it was most of the suite's time (571 s of setup vs 88 s of tests, under load).
            // Storage is then shared by the files; each file makes its own tenants, so none depends
            // on an empty database (server/test/isolation.test.ts keeps tenants apart anyway).
            isolate: false,
            include: ["server/**/*.test.ts"],
            exclude: ["server/**/*.node.test.ts"],
            setupFiles: ["./server/test/apply-migrations.ts"],
            globalSetup: ["./server/test/fake-upstreams/global-setup.ts"],
          },
        },
        {
          test: {
            name: "node",
            retry,
            ...timeouts,
            environment: "node",
            include: ["server/**/*.node.test.ts", "scripts/**/*.node.test.ts", "widget/**/*.node.test.ts"],
          },
        },
      ],
    },
  };
});
