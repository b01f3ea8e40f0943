import { z } from "zod";

/**
 * A tenant's configuration: one schema, validated on every write and on every read from storage
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

export const tenantConfigSchema = z.object({
  assistant: z
    .object({
      system_prompt: z.string().max(20_000).default(""),
      greeting: z.string().max(500).default("Hi! How can I help you today?"),
      suggested_prompts: z.array(z.string().min(1).max(120)).max(6).default([]),
      knowledge: z.array(knowledgeSnippetSchema).max(500).default([]),
    })
    .default({ system_prompt: "", greeting: "Hi! How can I help you today?", suggested_prompts: [], knowledge: [] }),
  allowed_origins: z.array(originPatternSchema).max(50).default([]),
  theme: z
    .object({
      accent_color: colorSchema.optional(),
      title: z.string().max(80).optional(),
      logo_url: z.url({ protocol: /^https?$/ }).optional(),
    })
    .default({}),
});

export type TenantConfig = z.infer<typeof tenantConfigSchema>;
export type TenantConfigInput = z.input<typeof tenantConfigSchema>;
