import { appConfig } from "../../config";
import { ApiError } from "../../http/errors";
import type { ThinkingLevel } from "../../tenants/config";
import type { Tenant } from "../../tenants/tenant";
import { findModel, OFFLINE_MODEL, type CatalogEntry } from "../../models/catalog";
import { estimateComplexity } from "../complexity";
import type { TenantCredentials } from "../credentials";
import type { ChainLink } from "../fallback";
import { offlineResponder } from "../offline/offline-responder";
import type { ModelProvider, ProviderId } from "../provider";
import { anthropicProvider } from "../providers/anthropic";
import { openAiProvider } from "../providers/openai";
import { workersAiProvider } from "../providers/workers-ai";

/**
 * Picks the model for a turn and says why, then lines up the fallback chain behind it. In order:
 *   1. a per-request model the plan includes: a visitor's only if the tenant allows overrides
 *      (`allow_override` guards against visitors choosing expensive models); a developer calling
 *      with the tenant's secret key may always name one;
 *   2. the tenant's pinned model;
 *   3. the hybrid rule: the cheap default for simple turns, the stronger model for complex ones
 *      (see complexity.ts) when the plan has one.
 * Only models whose provider is configured count: the tenant's own key, else the platform's
 * (secrets), else Workers AI when bound; the offline responder is always there, last.
 */

export interface Route {
  /** The chosen model first, then the fallbacks; the offline responder always last. */
  chain: ChainLink[];
  reason: string;
  /** The cheapest real models, for compaction summaries; empty when only the offline responder is. */
  summarizers: ChainLink[];
  /** Every provider key in play, so that logs can redact them. Never logged or returned. */
  secrets: string[];
}

/** Who asks for the turn, as far as model choice cares (server/turns/caller.ts's `TurnCaller` is one). */
export interface RouteCaller {
  kind: "visitor" | "api";
}

export interface RouteInput {
  env: Env;
  tenant: Tenant;
  credentials: TenantCredentials;
  /** The visitor's message, for the complexity estimate. */
  text: string;
  /** Decides whether `requestedModel` needs the tenant's `allow_override`. */
  caller: RouteCaller;
  requestedModel?: string;
}

/** Providers in order of preference when the catalog offers the same role on several. */
const PROVIDER_ORDER: ProviderId[] = ["anthropic", "openai", "workers-ai", "offline"];
const MAX_FALLBACK_MODELS = 2;

/** Thinking budgets in tokens per level, for models that support extended thinking. */
export const THINKING_BUDGETS: Record<ThinkingLevel, number> = { off: 0, low: 1_024, medium: 4_096, high: 16_384 };

interface Available {
  entry: CatalogEntry;
  link: ChainLink;
}

/** Every catalog model this tenant may use right now, with a ready provider. */
export function availableModels(env: Env, tenant: Tenant, credentials: TenantCredentials): Available[] {
  const platform = appConfig(env).providers;
  const providers = new Map<ProviderId, { provider: ModelProvider; breakerKey: string }>();

  const anthropic = credentials.anthropic
    ? { ...credentials.anthropic, owner: `tenant:${tenant.id}` }
    : platform.anthropic.apiKey
      ? { apiKey: platform.anthropic.apiKey, baseURL: platform.anthropic.baseURL, owner: "platform" }
      : null;
  if (anthropic) {
    providers.set("anthropic", {
      provider: anthropicProvider(anthropic),
      breakerKey: `anthropic|${anthropic.baseURL ?? "default"}|${anthropic.owner}`,
    });
  }
  const openai = credentials.openai
    ? { ...credentials.openai, owner: `tenant:${tenant.id}` }
    : platform.openai.apiKey || platform.openai.baseURL
      ? { ...platform.openai, owner: "platform" }
      : null;
  if (openai) {
    providers.set("openai", {
      provider: openAiProvider(openai),
      breakerKey: `openai|${openai.baseURL ?? "default"}|${openai.owner}`,
    });
  }
  if (platform.workersAi) {
    providers.set("workers-ai", { provider: workersAiProvider(platform.workersAi), breakerKey: "workers-ai" });
  }
  providers.set("offline", { provider: offlineResponder, breakerKey: "offline" });

  const { allowed_models } = tenant.config.model;
  return platform.catalog.flatMap((entry) => {
    const ready = providers.get(entry.provider);
    if (!ready) return [];
    if (entry.id !== OFFLINE_MODEL) {
      if (!entry.tiers.includes(tenant.config.tier)) return [];
      if (allowed_models.length > 0 && !allowed_models.includes(entry.id)) return [];
    }
    return [{ entry, link: { entry, provider: ready.provider, breakerKey: ready.breakerKey } }];
  });
}

export function routeTurn(input: RouteInput): Route {
  const { env, tenant } = input;
  const { catalog } = appConfig(env).providers;
  const available = availableModels(env, tenant, input.credentials);
  const real = available.filter((a) => a.entry.provider !== "offline");
  const offline = available.find((a) => a.entry.id === OFFLINE_MODEL)!;
  const settings = tenant.config.model;

  let primary: Available | undefined;
  let reason: string;
  if (input.requestedModel !== undefined) {
    primary = available.find((a) => a.entry.id === input.requestedModel);
    if (input.caller.kind === "api") {
      if (!primary) throw modelNotFound(input.requestedModel);
    } else if (!settings.allow_override || !primary) {
      throw modelRefused(input, catalog);
    }
    reason = "requested by the client";
  } else {
    const pinned = settings.default_model ? available.find((a) => a.entry.id === settings.default_model) : undefined;
    if (pinned) {
      primary = pinned;
      reason = "pinned by the tenant";
    } else {
      const hybrid = hybridChoice(real, input.text);
      primary = hybrid.choice ?? offline;
      reason = settings.default_model
        ? `pinned model ${settings.default_model} unavailable; ${hybrid.reason}`
        : hybrid.reason;
    }
  }

  const fallbacks = real
    .filter((a) => a.entry.id !== primary!.entry.id)
    .sort((a, b) => fallbackRank(a.entry, primary!.entry) - fallbackRank(b.entry, primary!.entry))
    .slice(0, MAX_FALLBACK_MODELS);
  const chain = [primary, ...fallbacks].map((a) => a.link);
  if (primary.entry.id !== OFFLINE_MODEL) chain.push(offline.link);
  const summarizers = [...real]
    .sort((a, b) => a.entry.input_price + a.entry.output_price - (b.entry.input_price + b.entry.output_price))
    .slice(0, 2)
    .map((a) => a.link);
  return { chain, reason, summarizers, secrets: secretsOf(env, input.credentials) };
}

function secretsOf(env: Env, credentials: TenantCredentials): string[] {
  const { anthropic, openai } = appConfig(env).providers;
  return [anthropic.apiKey, openai.apiKey, credentials.anthropic?.apiKey, credentials.openai?.apiKey].flatMap((s) =>
    s?.trim() ? [s] : [],
  );
}

function hybridChoice(real: Available[], text: string): { choice?: Available; reason: string } {
  if (real.length === 0) return { reason: "no model provider configured" };
  const byPreference = [...real].sort(
    (a, b) => PROVIDER_ORDER.indexOf(a.entry.provider) - PROVIDER_ORDER.indexOf(b.entry.provider),
  );
  const cheap = byPreference.find((a) => a.entry.role === "cheap") ?? byPreference[0]!;
  const complexity = estimateComplexity(text);
  if (!complexity.complex) return { choice: cheap, reason: "hybrid: simple turn, cheap model" };
  const strong =
    byPreference.find((a) => a.entry.role === "strong" && a.entry.provider === cheap.entry.provider) ??
    byPreference.find((a) => a.entry.role === "strong");
  const signals = complexity.signals.join(", ");
  if (!strong) return { choice: cheap, reason: `hybrid: complex turn (${signals}) but the plan has no stronger model` };
  return { choice: strong, reason: `hybrid: complex turn (${signals}), stronger model` };
}

/** Another provider first (its failures are unrelated to the primary's), then the same role. */
function fallbackRank(entry: CatalogEntry, primary: CatalogEntry): number {
  const roles = ["cheap", "strong", "premium"];
  const otherProvider = entry.provider === primary.provider ? 10 : 0;
  return (
    otherProvider +
    Math.abs(roles.indexOf(entry.role) - roles.indexOf(primary.role)) +
    PROVIDER_ORDER.indexOf(entry.provider) / 10
  );
}

/** A visitor's requested model that may not be used: 400, saying why. */
function modelRefused(input: RouteInput, catalog: CatalogEntry[]): ApiError {
  const problems = [{ field: "model", message: "is not available for this assistant" }];
  return new ApiError(400, "invalid_request", requestedModelProblem(input, catalog), { problems });
}

function requestedModelProblem(input: RouteInput, catalog: CatalogEntry[]): string {
  const settings = input.tenant.config.model;
  if (!settings.allow_override) return "This assistant does not allow choosing a model.";
  const entry = findModel(catalog, input.requestedModel!);
  if (!entry) return `Unknown model: ${input.requestedModel}.`;
  return `Model ${input.requestedModel} is not available for this assistant.`;
}

/** A developer's requested model that this tenant may not use now: 404, as OpenAI answers an unknown model. */
function modelNotFound(model: string): ApiError {
  return new ApiError(
    404,
    "not_found",
    `The model \`${model}\` does not exist or is not available to this assistant.`,
    {
      code: "model_not_found",
      problems: [{ field: "model", message: "is not a model this assistant may use" }],
    },
  );
}

/** The thinking budget for a model at the tenant's level: none for models without thinking. */
export function thinkingBudget(entry: CatalogEntry, level: ThinkingLevel): number {
  if (!entry.thinking) return 0;
  const budget = THINKING_BUDGETS[level];
  return Math.min(budget, Math.max(0, entry.max_output - 1_024));
}
