import type { KnowledgeSnippet, TenantConfig, TenantConfigInput } from "../tenants/config";
import { importWebsite } from "./import-website";
import { numbered, snippetsFromKnowledgeText } from "./knowledge-text";
import { createTenant, getTenant, suspendTenant, updateTenantConfig } from "./tenant-ops";
import type { EditKnowledgeInput, FieldErrors, NewTrialInput } from "./trial-input";
import { newTrial, trialExpiry, trialStore, type Trial } from "./trial-store";

/**
 * Creating a trial and editing its knowledge: the steps between a valid form and stored rows.
 * Website pages are fetched first; any failure returns field messages and writes nothing.
 */

export const MAX_SNIPPETS = 500;

type Outcome<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

async function gatherKnowledge(
  env: Env,
  input: { knowledge: string; import_urls: string[] },
  fallbackTitle: string,
): Promise<Outcome<KnowledgeSnippet[]>> {
  const pasted = snippetsFromKnowledgeText(input.knowledge, fallbackTitle);
  let imported: KnowledgeSnippet[] = [];
  if (input.import_urls.length > 0) {
    const result = await importWebsite(env, input.import_urls);
    if (!result.ok) return { ok: false, errors: { import_urls: result.problems.join(" ") } };
    imported = result.snippets;
  }
  const all = numbered([...pasted, ...imported]);
  if (all.length > MAX_SNIPPETS) {
    return {
      ok: false,
      errors: { knowledge: `That makes ${all.length} knowledge snippets; a trial holds at most ${MAX_SNIPPETS}.` },
    };
  }
  return { ok: true, value: all };
}

/** Questions from FAQ-style snippets make good suggested prompts when none were given. */
function defaultPrompts(knowledge: readonly KnowledgeSnippet[]): string[] {
  return knowledge
    .map((s) => s.title)
    .filter((t) => t.endsWith("?") && t.length <= 120)
    .slice(0, 3);
}

function systemPrompt(company: string): string {
  return (
    `You are the assistant on ${company}'s website. Answer visitors' questions briefly and accurately ` +
    `from the knowledge snippets. When they do not cover a question, say so and suggest contacting ${company}.`
  );
}

export async function createTrial(env: Env, workerOrigin: string, input: NewTrialInput): Promise<Outcome<Trial>> {
  const knowledge = await gatherKnowledge(env, input, input.company);
  if (!knowledge.ok) return knowledge;
  const origins = [workerOrigin];
  if (input.website_url) origins.push(new URL(input.website_url).origin);
  const config: TenantConfigInput = {
    tier: "starter",
    assistant: {
      system_prompt: systemPrompt(input.company),
      greeting: input.greeting || `Hi! I'm the ${input.company} assistant. What would you like to know?`,
      suggested_prompts: input.suggested_prompts.length > 0 ? input.suggested_prompts : defaultPrompts(knowledge.value),
      knowledge: knowledge.value,
    },
    model: { default_model: input.model.id },
    allowed_origins: [...new Set(origins)],
    theme: {
      accent_color: input.brand_color,
      title: input.company,
      ...(input.logo_url ? { logo_url: input.logo_url } : {}),
    },
  };
  const store = trialStore(env.DB);
  const now = Date.now();
  let trial: Trial | undefined;
  await createTenant(env.DB, {
    name: input.company,
    config,
    // The keys end with the trial: no key outlives it while the daily clean-up has yet to run.
    keysExpireAt: trialExpiry(now),
    alongside: (tenantId) => {
      trial = newTrial({
        now,
        tenantId,
        company: input.company,
        websiteUrl: input.website_url,
        brandColor: input.brand_color,
        logoUrl: input.logo_url,
      });
      return [store.insertStatement(trial)];
    },
  });
  return { ok: true, value: trial! };
}

/** Replaces greeting, prompts and knowledge; the live assistant answers from them at once. */
export async function editKnowledge(env: Env, trial: Trial, input: EditKnowledgeInput): Promise<Outcome<TenantConfig>> {
  const tenant = trial.tenant_id ? await getTenant(env, trial.tenant_id) : null;
  if (!tenant) return { ok: false, errors: { form: "This trial has ended; its assistant no longer exists." } };
  const knowledge = await gatherKnowledge(env, input, trial.company);
  if (!knowledge.ok) return knowledge;
  const { config } = tenant;
  const updated = await updateTenantConfig(env, tenant.id, {
    ...config,
    assistant: {
      ...config.assistant,
      greeting: input.greeting || config.assistant.greeting,
      suggested_prompts: input.suggested_prompts,
      knowledge: knowledge.value,
    },
  });
  return { ok: true, value: updated };
}

/**
 * "End trial now": the trial is over from this request on — its tenant is suspended (keys refused,
 * cached record dropped) and the share link shows the ended page. The daily cron only deletes the
 * data afterwards.
 */
export async function endTrial(env: Env, trial: Trial, now = Date.now()): Promise<void> {
  await trialStore(env.DB).expireNow(trial.id, now);
  if (trial.tenant_id) await suspendTenant(env, trial.tenant_id);
}
