import { OutboundError, outboundPolicy, safeFetch } from "../outbound/safe-fetch";
import type { HttpToolConfig } from "../tenants/config";
import { fail, jsonSchemaValidator, ok, type Tool } from "./tool";
import { toolSecretStore } from "./tool-secrets";

/**
 * A tenant's HTTP tool: the model's arguments go to the tenant's endpoint through safeFetch (public
 * https only in production, a timeout, a response size cap, no redirect to another host). `{name}`
 * in the URL takes that argument; the rest is the JSON body, or the query string for GET and
 * DELETE. The auth secret is read (sealed) from tool_secrets and never appears in a result: it is
 * scrubbed from anything the endpoint echoes back.
 */

const MODEL_BODY_CHARS = 16_000;

export function httpTool(config: HttpToolConfig): Tool {
  return {
    name: config.name,
    description: config.description,
    input_schema: config.input_schema,
    kind: "http",
    status: config.status_text ?? "Checking…",
    validate: jsonSchemaValidator(config.input_schema),
    async run(ctx, input) {
      const args = { ...(input as Record<string, unknown>) };
      const url = new URL(
        config.url.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
          const value = args[name];
          delete args[name];
          return encodeURIComponent(value === undefined || value === null ? "" : String(value));
        }),
      );
      const headers: Record<string, string> = {
        Accept: "application/json, text/plain;q=0.9, */*;q=0.5",
        ...config.headers,
      };
      let body: string | undefined;
      if (config.method === "GET" || config.method === "DELETE") {
        for (const [key, value] of Object.entries(args)) {
          url.searchParams.set(key, typeof value === "string" ? value : JSON.stringify(value));
        }
      } else {
        headers["Content-Type"] = "application/json";
        body = JSON.stringify(args);
      }
      let secret: string | null = null;
      if (config.auth.type !== "none") {
        secret = await toolSecretStore(ctx.env, ctx.tenant.id).reveal(config.name);
        if (!secret) return fail(`The ${config.name} tool has no credential configured; it cannot be used right now.`);
        if (config.auth.type === "bearer") headers.Authorization = `Bearer ${secret}`;
        else headers[config.auth.header] = secret;
      }
      const scrub = (text: string) => (secret ? text.split(secret).join("[redacted]") : text);
      const timeoutMs = Math.max(1, Math.min(config.timeout_ms, ctx.deadline - Date.now()));
      try {
        const response = await safeFetch(url.href, {
          ...outboundPolicy(ctx.env),
          method: config.method,
          headers,
          body,
          timeoutMs,
          maxBytes: config.max_response_bytes,
        });
        const text = scrub(response.text());
        const shown = text.length > MODEL_BODY_CHARS ? `${text.slice(0, MODEL_BODY_CHARS)}… [cut]` : text;
        if (response.status < 200 || response.status > 299) {
          return fail(
            `The ${config.name} endpoint answered HTTP ${response.status}${shown ? `: ${shown.slice(0, 1_000)}` : ""}`,
          );
        }
        return ok(parsedBody(shown, response.headers.get("content-type")));
      } catch (error) {
        if (error instanceof OutboundError) return fail(`The ${config.name} endpoint failed: ${scrub(error.message)}`);
        throw error;
      }
    },
  };
}

function parsedBody(text: string, contentType: string | null): unknown {
  if (!contentType?.includes("json")) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
