import { z } from "zod";
import { tierSchema, type Tier } from "../tenants/config";

/**
 * The model catalog: every model the router may pick, with what routing, budgets and cost
 * estimates need. Prices are list prices in US dollars per million tokens at the time of writing
 * (update them here); a price of 1 $/M is exactly 1 micro-dollar per token, which is how
 * `cost_micros` is computed. Operators add or override entries with the MODEL_CATALOG variable
 * (JSON), e.g. the models a local Ollama serves.
 */

/** The built-in offline responder's model id (server/llm/offline/): no key, no network. */
export const OFFLINE_MODEL = "clawless-offline";

export const providerIdSchema = z.enum(["anthropic", "openai", "workers-ai", "offline"]);

/** Routing class: `cheap` answers simple turns, `strong` complex ones, `premium` is top-tier only. */
export const modelRoleSchema = z.enum(["cheap", "strong", "premium"]);
export type ModelRole = z.infer<typeof modelRoleSchema>;

const ROLE_TIERS: Record<ModelRole, Tier[]> = {
  cheap: ["starter", "pro", "business", "enterprise"],
  strong: ["pro", "business", "enterprise"],
  premium: ["enterprise"],
};

export const catalogEntrySchema = z.object({
  id: z.string().min(1).max(100),
  provider: providerIdSchema,
  role: modelRoleSchema.default("cheap"),
  context_window: z.number().int().positive(),
  max_output: z.number().int().positive().default(4096),
  input_price: z.number().nonnegative().default(0),
  output_price: z.number().nonnegative().default(0),
  tools: z.boolean().default(false),
  thinking: z.boolean().default(false),
  /** Which plans may use it; defaults from the role. */
  tiers: z.array(tierSchema).optional(),
});
export type CatalogEntryInput = z.input<typeof catalogEntrySchema>;
export type CatalogEntry = Omit<z.output<typeof catalogEntrySchema>, "tiers"> & { tiers: Tier[] };

const BUILT_IN: CatalogEntryInput[] = [
  {
    id: OFFLINE_MODEL,
    provider: "offline",
    role: "cheap",
    context_window: 1_000_000,
    max_output: 2048,
  },
  {
    id: "claude-haiku-5-5",
    provider: "anthropic",
    role: "cheap",
    context_window: 200_000,
    max_output: 32_000,
    input_price: 1,
    output_price: 5,
    tools: true,
    thinking: true,
  },
  {
    id: "claude-sonnet-5-5",
    provider: "anthropic",
    role: "strong",
    context_window: 200_000,
    max_output: 64_000,
    input_price: 3,
    output_price: 15,
    tools: true,
    thinking: true,
  },
  {
    id: "claude-opus-5-5",
    provider: "anthropic",
    role: "premium",
    context_window: 200_000,
    max_output: 64_000,
    input_price: 5,
    output_price: 25,
    tools: true,
    thinking: true,
  },
  {
    id: "gpt-5-mini",
    provider: "openai",
    role: "cheap",
    context_window: 400_000,
    max_output: 128_000,
    input_price: 0.25,
    output_price: 2,
    tools: true,
  },
  {
    id: "gpt-5",
    provider: "openai",
    role: "strong",
    context_window: 400_000,
    max_output: 128_000,
    input_price: 1.25,
    output_price: 10,
    tools: true,
  },
  {
    id: "@cf/meta/llama-3.1-8b-instruct-fast",
    provider: "workers-ai",
    role: "cheap",
    context_window: 8_192,
    max_output: 2_048,
    input_price: 0.045,
    output_price: 0.384,
  },
  {
    id: "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
    provider: "workers-ai",
    role: "strong",
    context_window: 24_000,
    max_output: 4_096,
    input_price: 0.29,
    output_price: 2.25,
  },
];

function finish(input: CatalogEntryInput): CatalogEntry {
  const entry = catalogEntrySchema.parse(input);
  return { ...entry, tiers: entry.tiers ?? ROLE_TIERS[entry.role] };
}

const builtIn = BUILT_IN.map(finish);

/** Parsed once per distinct MODEL_CATALOG value in this isolate. */
let cached: { source: string; catalog: CatalogEntry[] } | null = null;

/**
 * The catalog in force: the built-in entries, with MODEL_CATALOG's merged over them by id. A
 * malformed MODEL_CATALOG is a configuration mistake and throws, naming the problem.
 */
export function modelCatalog(extra?: string | null): CatalogEntry[] {
  const source = extra?.trim();
  if (!source) return builtIn;
  if (cached?.source === source) return cached.catalog;
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new Error(`MODEL_CATALOG is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const entries = z.array(catalogEntrySchema.partial().extend({ id: z.string().min(1) })).safeParse(parsed);
  if (!entries.success) throw new Error(`MODEL_CATALOG is invalid: ${entries.error.issues[0]?.message}`);
  const byId = new Map(builtIn.map((e) => [e.id, e as CatalogEntryInput]));
  for (const entry of entries.data) {
    const base = byId.get(entry.id);
    const merged = { ...base, ...stripUndefined(entry) } as CatalogEntryInput;
    // An override of a built-in keeps the built-in's tiers unless it names its own or a new role.
    if (base && entry.role && !entry.tiers) delete merged.tiers;
    byId.set(entry.id, merged);
  }
  const catalog = [...byId.values()].map(finish);
  cached = { source, catalog };
  return catalog;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function findModel(catalog: readonly CatalogEntry[], id: string): CatalogEntry | undefined {
  return catalog.find((entry) => entry.id === id);
}

/** Estimated cost in micro-dollars: $/M tokens equals micro-dollars per token. */
export function costMicros(entry: Pick<CatalogEntry, "input_price" | "output_price">, usage: Usage): number {
  return Math.round(usage.input_tokens * entry.input_price + usage.output_tokens * entry.output_price);
}

export interface Usage {
  input_tokens: number;
  output_tokens: number;
}
