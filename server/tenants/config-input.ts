import { badRequest } from "../http/errors";
import { parseWith } from "../http/validation";
import { tenantConfigSchema, type TenantConfig } from "./config";

/**
 * Config writes from the operator. The stored schema drops keys it does not know (so old rows
 * keep reading); a write must not: a misspelt `allowed_origin` silently ignored would be a
 * mystery. So a write is validated, then refused when any key it sent was not kept.
 */
export function validateConfigWrite(value: unknown, where = "config"): TenantConfig {
  const config = parseWith(tenantConfigSchema, value, where);
  const unknown = unknownKeys(value, config);
  if (unknown.length > 0) {
    throw badRequest(`Invalid ${where}: unknown field ${unknown[0]}.`, {
      problems: unknown.map((field) => ({ field, message: "unknown field" })),
    });
  }
  return config;
}

/** JSON Merge Patch (RFC 7396): objects merge key by key, `null` removes a key, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function unknownKeys(sent: unknown, kept: unknown, path = ""): string[] {
  if (!isPlainObject(sent) || !isPlainObject(kept)) return [];
  return Object.keys(sent).flatMap((key) => {
    const field = path ? `${path}.${key}` : key;
    return key in kept ? unknownKeys(sent[key], kept[key], field) : [field];
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
