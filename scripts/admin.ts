/**
 * `npm run admin -- <command>`: the operator CLI, a thin client of the admin API (docs/admin-api.md).
 * Works against local dev or a deployed Worker:
 *   --url URL      base URL (else CLAWLESS_URL, else http://127.0.0.1:8787)
 *   --token TOKEN  admin token (else ADMIN_TOKEN, else ADMIN_TOKEN from ./.dev.vars)
 * Prints the API's JSON answer; exits 1 with the API's error message on failure.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { ErrorBody } from "../protocol/errors";

const USAGE = `Usage: npm run admin -- <command> [options]

  tenants list [--limit N] [--status active|suspended] [--all]
  tenants create --name NAME [--tier T] [--origin URL]... [--config FILE] [--mode live|test]
  tenants get TENANT_ID
  tenants update TENANT_ID [--name NAME] [--patch FILE]     (JSON Merge Patch of the config)
  tenants suspend|resume TENANT_ID
  tenants delete TENANT_ID --yes
  config get TENANT_ID
  config set TENANT_ID FILE                                  (replaces the whole config)
  keys list TENANT_ID [--kind secret|publishable]
  keys create TENANT_ID [--kind secret|publishable] [--scope S]... [--name N] [--expires ISO] [--mode live|test]
  keys revoke TENANT_ID KEY_ID
  keys rotate TENANT_ID KEY_ID [--grace-hours H]             (default 24; 0 stops the old key at once)
  identity-secret get|create|rotate|delete TENANT_ID [--grace-hours H]
  usage TENANT_ID [--period YYYY-MM]
  logs TENANT_ID [--limit N]

Global: --url URL (or CLAWLESS_URL), --token TOKEN (or ADMIN_TOKEN, or .dev.vars)`;

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string" },
    token: { type: "string" },
    name: { type: "string" },
    tier: { type: "string" },
    origin: { type: "string", multiple: true },
    config: { type: "string" },
    patch: { type: "string" },
    mode: { type: "string" },
    limit: { type: "string" },
    status: { type: "string" },
    all: { type: "boolean", default: false },
    yes: { type: "boolean", default: false },
    kind: { type: "string" },
    scope: { type: "string", multiple: true },
    expires: { type: "string" },
    "grace-hours": { type: "string" },
    period: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

class UsageError extends Error {}

function adminToken(): string {
  const token = opts.token ?? process.env.ADMIN_TOKEN ?? readDevVar("ADMIN_TOKEN");
  if (!token) throw new UsageError("No admin token: pass --token, set ADMIN_TOKEN, or run `npm run dev` once.");
  return token;
}

function readDevVar(name: string): string | undefined {
  if (!existsSync(".dev.vars")) return undefined;
  const match = new RegExp(`^${name}=(.*)$`, "m").exec(readFileSync(".dev.vars", "utf8"));
  return match?.[1]?.trim().replace(/^"(.*)"$/, "$1");
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`Cannot read JSON from ${file}: ${(error as Error).message}`);
  }
}

async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const base = (opts.url ?? process.env.CLAWLESS_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
  const res = await fetch(`${base}/admin${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${adminToken()}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (!res.ok) {
    const error = (parsed as Partial<ErrorBody> | null)?.error;
    const problems = (error?.details as { problems?: { field: string; message: string }[] } | undefined)?.problems;
    const extra = problems ? `\n${problems.map((p) => `  ${p.field}: ${p.message}`).join("\n")}` : "";
    throw new Error(`HTTP ${res.status} ${error?.type ?? ""}: ${error?.message ?? text}${extra}`);
  }
  return parsed as T;
}

const need = (value: string | undefined, what: string): string => {
  if (!value) throw new UsageError(`Missing ${what}.`);
  return encodeURIComponent(value);
};
const graceSeconds = () =>
  opts["grace-hours"] === undefined ? {} : { grace_period_seconds: Math.round(Number(opts["grace-hours"]) * 3600) };
const query = (params: Record<string, string | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries)}` : "";
};

async function run(): Promise<unknown> {
  const [group, action, a1, a2] = positionals;
  switch (`${group} ${action ?? ""}`.trim()) {
    case "tenants list": {
      if (!opts.all) return api("GET", `/tenants${query({ limit: opts.limit, status: opts.status })}`);
      const all = [];
      let cursor: string | undefined;
      do {
        const page = await api<{ data: unknown[]; next_cursor: string | null }>(
          "GET",
          `/tenants${query({ limit: "100", status: opts.status, cursor })}`,
        );
        all.push(...page.data);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return { data: all };
    }
    case "tenants create": {
      const config = (opts.config ? readJson(opts.config) : {}) as Record<string, unknown>;
      if (opts.tier) config.tier = opts.tier;
      if (opts.origin) config.allowed_origins = opts.origin;
      return api("POST", "/tenants", { name: opts.name ?? need(undefined, "--name"), config, mode: opts.mode });
    }
    case "tenants get":
      return api("GET", `/tenants/${need(a1, "TENANT_ID")}`);
    case "tenants update":
      return api("PATCH", `/tenants/${need(a1, "TENANT_ID")}`, {
        name: opts.name,
        config: opts.patch ? readJson(opts.patch) : undefined,
      });
    case "tenants suspend":
    case "tenants resume":
      return api("POST", `/tenants/${need(a1, "TENANT_ID")}/${action}`);
    case "tenants delete":
      if (!opts.yes) throw new UsageError("Deleting a tenant deletes all its data: add --yes.");
      return api("DELETE", `/tenants/${need(a1, "TENANT_ID")}`);
    case "config get":
      return (await api<{ config: unknown }>("GET", `/tenants/${need(a1, "TENANT_ID")}/config`)).config;
    case "config set":
      if (!a2) throw new UsageError("Missing FILE.");
      return api("PUT", `/tenants/${need(a1, "TENANT_ID")}/config`, readJson(a2));
    case "keys list":
      return api("GET", `/tenants/${need(a1, "TENANT_ID")}/keys${query({ kind: opts.kind })}`);
    case "keys create":
      return api("POST", `/tenants/${need(a1, "TENANT_ID")}/keys`, {
        kind: opts.kind,
        mode: opts.mode,
        name: opts.name,
        scopes: opts.scope,
        expires_at: opts.expires,
      });
    case "keys revoke":
      return api("POST", `/tenants/${need(a1, "TENANT_ID")}/keys/${need(a2, "KEY_ID")}/revoke`);
    case "keys rotate":
      return api("POST", `/tenants/${need(a1, "TENANT_ID")}/keys/${need(a2, "KEY_ID")}/rotate`, graceSeconds());
    case "identity-secret get":
      return api("GET", `/tenants/${need(a1, "TENANT_ID")}/identity-secret`);
    case "identity-secret create":
      return api("POST", `/tenants/${need(a1, "TENANT_ID")}/identity-secret`);
    case "identity-secret rotate":
      return api("POST", `/tenants/${need(a1, "TENANT_ID")}/identity-secret/rotate`, graceSeconds());
    case "identity-secret delete":
      return api("DELETE", `/tenants/${need(a1, "TENANT_ID")}/identity-secret`);
    default:
      if (group === "usage")
        return api("GET", `/tenants/${need(action, "TENANT_ID")}/usage${query({ period: opts.period })}`);
      if (group === "logs")
        return api("GET", `/tenants/${need(action, "TENANT_ID")}/request-logs${query({ limit: opts.limit })}`);
      throw new UsageError(group ? `Unknown command: ${positionals.join(" ")}` : "No command given.");
  }
}

if (opts.help || positionals.length === 0) {
  console.log(USAGE);
} else {
  try {
    console.log(JSON.stringify(await run(), null, 2));
  } catch (error) {
    console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : (error as Error).message);
    process.exit(1);
  }
}
