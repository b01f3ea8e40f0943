import { z } from "zod";
import { keyKindSchema, keyModeSchema, secretKeyScopeSchema } from "../../tenants/keys";
import { MAX_ROTATION_GRACE_SECONDS } from "../../tenants/key-store";
import { tenantIdSchema, tenantNameSchema, tenantStatusSchema } from "../../tenants/tenant";
import { periodSchema } from "../../usage/usage";

/** Request shapes of the admin API. Configs are plain objects here, validated by config-input.ts. */

const configObject = z.record(z.string(), z.unknown());

export const createTenantBodySchema = z
  .object({
    name: tenantNameSchema,
    config: configObject.default({}),
    /** Key mode of the first keys: `test` keys for trials and staging. */
    mode: keyModeSchema.default("live"),
  })
  .strict();

export const updateTenantBodySchema = z
  .object({
    name: tenantNameSchema.optional(),
    /** A JSON Merge Patch of the config (RFC 7396). */
    config: configObject.optional(),
  })
  .strict();

export const listTenantsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(200).optional(),
    status: tenantStatusSchema.optional(),
  })
  .strict();

const graceSeconds = z.number().int().min(0).max(MAX_ROTATION_GRACE_SECONDS);

export const createKeyBodySchema = z
  .object({
    kind: keyKindSchema.default("secret"),
    mode: keyModeSchema.default("live"),
    name: z.string().trim().min(1).max(100).optional(),
    /** Secret keys only; default: every scope. */
    scopes: z.array(secretKeyScopeSchema).min(1).max(10).optional(),
    expires_at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((body) => body.kind === "secret" || body.scopes === undefined, {
    message: "publishable keys have no scopes",
    path: ["scopes"],
  });

export const rotateBodySchema = z
  .object({
    /** How long the old key (or identity secret) keeps working; default 24 h, 0 stops it at once. */
    grace_period_seconds: graceSeconds.optional(),
    /** Expiry of the new key (keys only). */
    expires_at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const listKeysQuerySchema = z.object({ kind: keyKindSchema.optional() }).strict();

export const usageQuerySchema = z.object({ period: periodSchema.optional() }).strict();

export const requestLogsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** Epoch milliseconds: lines older than this (page with the last line's created_at). */
    before: z.coerce.number().int().positive().optional(),
  })
  .strict();

export { tenantIdSchema };
export const keyIdSchema = z.string().regex(/^key_[0-9A-Za-z]{22}$/);
