import { createRoute, z } from "@hono/zod-openapi";
import { secretKeyAuth } from "../../auth/secret-key";
import { AUTH_ERRORS, errorResponses } from "../openapi/error-schemas";
import { openApiApp } from "../openapi/openapi-app";
import { tierSchema } from "../../tenants/config";
import { usageReport } from "../../usage/report";
import { periodSchema } from "../../usage/usage";

export const usageQuerySchema = z
  .object({ period: periodSchema.optional().openapi({ description: "The month (UTC); default: this one." }) })
  .strict();

const limitSchema = z.number().int().nullable().openapi({ description: "null: unlimited." });
export const usageReportSchema = z
  .object({
    period: z.string(),
    tier: tierSchema,
    messages: z.number().int(),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    cost_usd: z.number().openapi({ description: "Estimated model cost in US dollars." }),
    limits: z.object({ monthly_messages: limitSchema, monthly_input_tokens: limitSchema }),
    resets_at: z.string(),
  })
  .openapi("UsageReport");

/** GET /v1/usage: the calling tenant's usage for a month (default: this one), with its plan's limits. */
export const usageRoutes = openApiApp();

usageRoutes.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "getUsage",
    tags: ["Usage"],
    summary: "The tenant's usage for a month, with its plan's limits",
    security: [{ secretKey: [] }],
    middleware: [secretKeyAuth({ scope: "usage:read" })] as const,
    request: { query: usageQuerySchema },
    responses: {
      200: {
        description: "Usage and limits.",
        content: { "application/json": { schema: z.object({ usage: usageReportSchema }) } },
      },
      ...errorResponses(400, ...AUTH_ERRORS),
    },
  }),
  async (c) => {
    const { period } = c.req.valid("query");
    return c.json({ usage: await usageReport(c.env.DB, c.var.tenant, period) }, 200);
  },
);
