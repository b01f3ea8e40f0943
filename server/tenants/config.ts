import { z } from "zod";
import { toolInputSchemaSchema } from "../lib/json-schema";

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

/** Which model answers: see server/llm/routing/router.ts for how these combine with the plan's tier. */
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

/** A tenant-defined tool's name: not `*`, and not one of the built-ins (checked in the tools schema). */
const ownToolNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "must be a tool name like crm_lookup");

const toolBaseSchema = z.object({
  name: ownToolNameSchema,
  description: z.string().min(1).max(1_000),
  input_schema: toolInputSchemaSchema,
  /** What the widget shows while the tool runs, e.g. "Looking up your order…". */
  status_text: z.string().min(1).max(80).optional(),
});

/**
 * An HTTP tool: the Worker calls the tenant's endpoint with the model's arguments (a JSON body, or
 * the query string for GET and DELETE; `{name}` in the URL takes that argument, URL-encoded). The
 * auth secret is not part of the config: it is set through the admin API, stored sealed and never
 * returned (see server/tools/tool-secrets.ts); `auth` only says how it is sent.
 */
export const httpToolSchema = toolBaseSchema.extend({
  url: z.url({ protocol: /^https?$/ }).max(2_000),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST"),
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "must be a header name"), z.string().max(1_000))
    .refine((h) => Object.keys(h).length <= 20, "at most 20 headers")
    .refine((h) => !Object.keys(h).some((k) => /^(authorization|host|content-length|cookie)$/i.test(k)), {
      message: "Authorization, Host, Content-Length and Cookie are set by Clawless (use auth for credentials)",
    })
    .default({}),
  auth: z
    .discriminatedUnion("type", [
      z.object({ type: z.literal("none") }),
      z.object({ type: z.literal("bearer") }),
      z.object({ type: z.literal("header"), header: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }),
    ])
    .default({ type: "none" }),
  timeout_ms: z.number().int().min(100).max(30_000).default(10_000),
  max_response_bytes: z.number().int().min(1_024).max(1_048_576).default(262_144),
});
export type HttpToolConfig = z.infer<typeof httpToolSchema>;

/** A client tool: runs in the visitor's browser, by a handler the host page registers. */
export const clientToolSchema = toolBaseSchema.extend({
  /** Ask the visitor before the handler runs. */
  confirm: z.boolean().default(false),
  timeout_ms: z.number().int().min(1_000).max(120_000).default(30_000),
});
export type ClientToolConfig = z.infer<typeof clientToolSchema>;

/** Bounds of the model loop in one turn. */
export const toolLimitsSchema = z.object({
  /** Model calls that may request tools; the answer must come by then. */
  max_rounds: z.number().int().min(1).max(20).default(5),
  /** Tool calls the model may make in one round (more are answered with an error). */
  max_calls_per_round: z.number().int().min(1).max(20).default(8),
  /** The whole turn, model and tools, in milliseconds; turns started by sessions_send end by it too. */
  max_turn_ms: z.number().int().min(5_000).max(300_000).default(60_000),
  /** Messages one turn may pass on with sessions_send (each starts a turn there). */
  max_sends_per_turn: z.number().int().min(0).max(10).default(3),
});
export type ToolLimits = z.infer<typeof toolLimitsSchema>;

/**
 * Where the file tools keep files (server/tools/builtins/file-scopes.ts): `tenant` — the business's
 * own files, read-only in a visitor's turn; `conversation` — the current conversation's; `user` —
 * the verified user's, across their conversations. The tenant lists the scopes its tools see.
 */
export const FILE_SCOPES = ["conversation", "user", "tenant"] as const;
export const fileScopeSchema = z.enum(FILE_SCOPES);
export type FileScope = z.infer<typeof fileScopeSchema>;

export const fileToolsSchema = z.object({
  scopes: z
    .array(fileScopeSchema)
    .max(FILE_SCOPES.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, "each scope at most once")
    .default([...FILE_SCOPES]),
});

/** Names the built-in tools use: tenant tools may not take them. */
export const BUILTIN_TOOL_NAMES = [
  "sessions_list",
  "sessions_history",
  "sessions_send",
  "file_read",
  "file_write",
  "file_list",
  "handoff_to_human",
] as const;

export const toolsConfigSchema = toolPermissionsSchema
  .extend({
    http: z.array(httpToolSchema).max(50).default([]),
    client: z.array(clientToolSchema).max(50).default([]),
    limits: toolLimitsSchema.default({
      max_rounds: 5,
      max_calls_per_round: 8,
      max_turn_ms: 60_000,
      max_sends_per_turn: 3,
    }),
    files: fileToolsSchema.default({ scopes: [...FILE_SCOPES] }),
  })
  .superRefine((tools, ctx) => {
    const seen = new Set<string>(BUILTIN_TOOL_NAMES);
    for (const kind of ["http", "client"] as const) {
      tools[kind].forEach((tool, i) => {
        if (seen.has(tool.name)) {
          ctx.addIssue({ code: "custom", path: [kind, i, "name"], message: `${tool.name} is already a tool name` });
        }
        seen.add(tool.name);
      });
    }
  });
export type ToolsConfig = z.infer<typeof toolsConfigSchema>;

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
  tools: toolsConfigSchema.default({
    allow: [],
    deny: [],
    http: [],
    client: [],
    limits: { max_rounds: 5, max_calls_per_round: 8, max_turn_ms: 60_000, max_sends_per_turn: 3 },
    files: { scopes: [...FILE_SCOPES] },
  }),
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
