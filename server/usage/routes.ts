import { Hono } from "hono";
import { z } from "zod";
import { secretKeyAuth } from "../auth/secret-key";
import type { AppEnv } from "../env";
import { parseQuery } from "../http/validation";
import { usageReport } from "./report";

export const periodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month like 2026-11");
export const usageQuerySchema = z.object({ period: periodSchema.optional() }).strict();

/** GET /v1/usage: the calling tenant's usage for a month (default: this one), with its plan's limits. */
export const usageApi = new Hono<AppEnv>();

usageApi.get("/", secretKeyAuth({ scope: "usage:read" }), async (c) => {
  const { period } = parseQuery(c, usageQuerySchema);
  return c.json({ usage: await usageReport(c.env.DB, c.var.tenant, period) });
});
