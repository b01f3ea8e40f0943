import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../env";
import { badRequest, notFound } from "../../http/errors";
import { parseJsonBody } from "../../http/validation";
import { toolSecretStore } from "../../tools/tool-secrets";

/**
 * /admin/tenants/:tenantId/tool-secrets: the auth secrets of the tenant's HTTP tools. PUT sets one
 * (write-only: no response ever carries it), GET lists which tools have one, DELETE removes it.
 */
export const toolSecretRoutes = new Hono<AppEnv>();

const setSecretBodySchema = z.object({ secret: z.string().min(1).max(4_000) }).strict();

toolSecretRoutes.get("/", async (c) => {
  const rows = await toolSecretStore(c.env, c.var.tenant.id).list();
  return c.json({ data: rows.map((r) => ({ tool: r.tool, updated_at: new Date(r.updated_at).toISOString() })) });
});

toolSecretRoutes.put("/:tool", async (c) => {
  const tool = c.req.param("tool");
  const body = await parseJsonBody(c, setSecretBodySchema);
  const http = c.var.tenant.config.tools.http.find((t) => t.name === tool);
  if (!http) throw notFound("HTTP tool");
  if (http.auth.type === "none") {
    throw badRequest(`The tool ${tool} sends no credential (auth type none); set its auth in the config first.`);
  }
  await toolSecretStore(c.env, c.var.tenant.id).set(tool, body.secret);
  return c.json({ tool, secret_set: true });
});

toolSecretRoutes.delete("/:tool", async (c) => {
  if (!(await toolSecretStore(c.env, c.var.tenant.id).remove(c.req.param("tool")))) throw notFound("Tool secret");
  return c.json({ deleted: true });
});
