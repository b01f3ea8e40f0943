import { z } from "zod";

/**
 * A tenant's configuration (everything but its name): one schema, validated on every write and on every read from storage
 * (so a bad row fails loudly instead of half-working). Later capabilities extend this schema.
 */

export const knowledgeSnippetSchema = z.object({
  id: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  content: z.string().min(1).max(8_000),
});
export type KnowledgeSnippet = z.infer<typeof knowledgeSnippetSchema>;

/**
 * Allowed origins: exact (`https://shop.example.com`), a subdomain wildcard
 * (`https://*.example.com`) or any port on a host (`http://localhost:*`, for local development).
 */
export const originPatternSchema = z
  .string()
  .regex(
    /^https?:\/\/(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?$/i,
    "must be an origin like https://example.com, https://*.example.com or http://localhost:*",
  );

const colorSchema = z.string().regex(/^#[0-9a-f]{6}$/i, "must be a colour like #4f46e5");

export const tierSchema = z.enum(["starter", "pro", "business", "enterprise"]);
export type Tier = z.infer<typeof tierSchema>;

export const thinkingLevelSchema = z.enum(["off", "low", "medium", "high"]);
export type ThinkingLevel = z.infer<typeof thinkingLevelSchema>;

/** Which model answers: see server/llm/router.ts for how these combine with the plan's tier. */
export const modelSettingsSchema = z.object({
  /** Pin one catalog model for every turn; null lets the router choose. */
  default_model: z.string().min(1).max(100).nullable().default(null),
  /** Further restricts the models the tier allows; empty means "all the tier allows". */
  allowed_models: z.array(z.string().min(1).max(100)).max(50).default([]),
  /** Whether a request may name its own model (still within the allowed set). */
  allow_override: z.boolean().default(false),
  thinking: thinkingLevelSchema.default("off"),
});
export type ModelSettings = z.infer<typeof modelSettingsSchema>;

/** Tool names are identifiers (`file_read`, `crm_lookup`); `*` in `allow` means every tool. */
const toolNameSchema = z.string().regex(/^(\*|[a-z][a-z0-9_]{0,63})$/, "must be a tool name like crm_lookup, or *");

/** Which tools the assistant may call: deny wins over allow; nothing is allowed unless listed. */
export const toolPermissionsSchema = z.object({
  allow: z.array(toolNameSchema).max(100).default([]),
  deny: z.array(toolNameSchema).max(100).default([]),
});
export type ToolPermissions = z.infer<typeof toolPermissionsSchema>;

export const DEFAULT_RETENTION_DAYS = 30;

export const tenantConfigSchema = z.object({
  /** The plan: its limits are in plans.ts (quotas) and the router's catalog (models). */
  tier: tierSchema.default("starter"),
  assistant: z
    .object({
      system_prompt: z.string().max(20_000).default(""),
      greeting: z.string().max(500).default("Hi! How can I help you today?"),
      suggested_prompts: z.array(z.string().min(1).max(120)).max(6).default([]),
      knowledge: z.array(knowledgeSnippetSchema).max(500).default([]),
    })
    .default({ system_prompt: "", greeting: "Hi! How can I help you today?", suggested_prompts: [], knowledge: [] }),
  model: modelSettingsSchema.default({
    default_model: null,
    allowed_models: [],
    allow_override: false,
    thinking: "off",
  }),
  tools: toolPermissionsSchema.default({ allow: [], deny: [] }),
  allowed_origins: z.array(originPatternSchema).max(50).default([]),
  theme: z
    .object({
      accent_color: colorSchema.optional(),
      title: z.string().max(80).optional(),
      logo_url: z.url({ protocol: /^https?$/ }).optional(),
      /** Corner radius of the panel and bubbles, in CSS pixels. */
      radius: z.number().int().min(0).max(32).optional(),
      /** A CSS font-family list; quotes and commas only, no other CSS. */
      font: z
        .string()
        .max(200)
        .regex(/^[\w\s"',-]+$/, "must be a font-family list, e.g. Inter, system-ui, sans-serif")
        .optional(),
    })
    .default({}),
  /** How long conversations are kept, in days. */
  retention_days: z.number().int().min(1).max(3_650).default(DEFAULT_RETENTION_DAYS),
  identity: z
    .object({
      /**
       * Refuse anonymous visitors: every widget visitor must present an identity token signed with
       * the tenant's identity secret (see docs/tenancy.md, "Verified users").
       */
      required: z.boolean().default(false),
    })
    .default({ required: false }),
});

export type TenantConfig = z.infer<typeof tenantConfigSchema>;
export type TenantConfigInput = z.input<typeof tenantConfigSchema>;
