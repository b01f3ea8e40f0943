import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/** Worker tests run inside workerd with the bindings of wrangler.toml and fresh local storage. */
export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  return {
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
            SALES_TOKEN: "test-sales-passcode-0123456789",
          },
        },
      }),
    ],
    test: {
      include: ["server/**/*.test.ts"],
      setupFiles: ["./server/test/apply-migrations.ts"],
    },
  };
});
