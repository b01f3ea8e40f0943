import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { z } from "zod";

// Setup files run before each test file; applying migrations is idempotent. TEST_MIGRATIONS is a
// test-only binding (vitest.config.ts), so it is read through a schema, not the Env type.
const { TEST_MIGRATIONS } = z.object({ TEST_MIGRATIONS: z.array(z.custom<D1Migration>()) }).parse(env);
await applyD1Migrations(env.DB, TEST_MIGRATIONS);
