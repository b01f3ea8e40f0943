import { redactText, redactValue } from "../lib/redact";
import { OutboundError, outboundPolicy, safeFetch } from "../outbound/safe-fetch";
import type { HttpToolConfig } from "../tenants/config";
import { resolveToolUrl } from "./http-tool-url";
import { fail, jsonSchemaValidator, ok, type Tool } from "./tool";
import { toolSecretStore } from "./tool-secrets";

/**
 * A tenant's HTTP tool: the model's arguments go to the tenant's endpoint through safeFetch (public
 * https only in production, a timeout, a response size cap, no redirect to another host). `{name}`
 * in the URL takes that argument (resolveToolUrl keeps it from leaving the template's path); the
 * rest is the JSON body, or the query string for GET and DELETE. The auth secret is read (sealed)
 * from tool_secrets and never appears in a result: the endpoint's answer is parsed first and then
 * redacted in every string and key, and so is every error text.
 */

/** Characters of a failing endpoint's body the model is told (clients are never told it). */
const ERROR_BODY_CHARS = 1_000;

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
      const resolved = resolveToolUrl(config.url, args);
      if (!resolved.ok) return fail(`The ${config.name} tool was not called. ${resolved.error}`);
      const url = resolved.url;
      for (const name of resolved.used) delete args[name];
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
      const secrets: string[] = [];
      if (config.auth.type !== "none") {
        const secret = await toolSecretStore(ctx.env, ctx.tenant.id).reveal(config.name);
        if (!secret) return fail(`The ${config.name} tool has no credential configured; it cannot be used right now.`);
        secrets.push(secret);
        if (config.auth.type === "bearer") headers.Authorization = `Bearer ${secret}`;
        else headers[config.auth.header] = secret;
      }
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
        const answer = redactedBody(response.text(), response.headers.get("content-type"), secrets);
        if (response.status < 200 || response.status > 299) {
          const text = typeof answer === "string" ? answer : JSON.stringify(answer);
          const shown = text.length > ERROR_BODY_CHARS ? `${text.slice(0, ERROR_BODY_CHARS)}… [cut]` : text;
          return fail(`The ${config.name} endpoint answered HTTP ${response.status}${shown ? `: ${shown}` : ""}`);
        }
        return ok(answer);
      } catch (error) {
        if (error instanceof OutboundError) {
          return fail(`The ${config.name} endpoint failed: ${redactText(error.message, secrets)}`);
        }
        throw error;
      }
    },
  };
}

/** The body as the model gets it: JSON parsed, then redacted; anything else redacted as text. */
function redactedBody(text: string, contentType: string | null, secrets: readonly string[]): unknown {
  if (!contentType?.includes("json")) return redactText(text, secrets);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return redactText(text, secrets);
  }
  try {
    return redactValue(parsed, secrets);
  } catch {
    return redactText(text, secrets); // nested too deep to walk: the text, with escapes decoded where a secret hides
  }
}
