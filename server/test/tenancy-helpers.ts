import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../index";
import { signJwt } from "../auth/jwt";
import { call } from "./helpers";

/** Test helpers for the admin API, secret-key API and verified users. */

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

export function adminCall(method: string, path: string, body?: unknown, token = ADMIN_TOKEN): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return call(`/admin${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

export function apiCall(secretKey: string | null, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (secretKey !== null) headers.Authorization = `Bearer ${secretKey}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return call(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** A request whose waitUntil work (request logs, last-used times) has finished when it returns. */
export async function settledCall(path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`http://clawless.test${path}`, init), env, ctx);
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return res;
}

/** Creates a tenant through the admin API (as an operator would) and returns its record and keys. */
export async function adminCreateTenant(name: string, config: Record<string, unknown> = {}) {
  const res = await adminCall("POST", "/tenants", { name, config, mode: "test" });
  if (res.status !== 201) throw new Error(`create tenant: ${res.status} ${await res.text()}`);
  return (await res.json()) as { tenant: { id: string; name: string }; keys: { publishable: string; secret: string } };
}

export async function createIdentitySecret(tenantId: string): Promise<string> {
  const res = await adminCall("POST", `/tenants/${tenantId}/identity-secret`);
  if (res.status !== 201) throw new Error(`identity secret: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { identity_secret: string }).identity_secret;
}

/** An identity token as a tenant's backend would sign it. */
export function identityToken(secret: string, claims: Record<string, unknown> = {}): Promise<string> {
  return signJwt({ sub: "user-1", exp: Math.floor(Date.now() / 1000) + 600, ...claims }, secret);
}

export async function countRows(table: string, tenantId: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`)
    .bind(tenantId)
    .first<{ n: number }>();
  return row!.n;
}
