import { Hono, type Context } from "hono";
import {
  renderConsoleNotFound,
  renderNewTrial,
  renderTrialDetail,
  renderTrialList,
  type TrialDetail,
} from "../../../demo/console-page";
import { renderTrialEnded, renderTrialNotFound } from "../../../demo/ended-page";
import { CONSOLE_CSP, PREVIEW_CSP } from "../../../demo/layout";
import { renderPreviewSite } from "../../../demo/preview-site";
import { PREVIEW_SCRIPT } from "../../../demo/preview-script";
import type { AppEnv } from "../../env";
import { sessionActivity } from "../../sessions/activity";
import { readForm } from "../../trials/form-body";
import { knowledgeToText } from "../../trials/knowledge-text";
import { availableModels } from "../../trials/models";
import { requireSalesSession } from "../../trials/sales-session";
import { getTenant, publishableKey } from "../../trials/tenant-ops";
import {
  EDIT_KNOWLEDGE_FIELDS,
  editKnowledgeSchema,
  formValues,
  NEW_TRIAL_FIELDS,
  newTrialSchema,
  validateForm,
  type FieldErrors,
  type FormValues,
} from "../../trials/trial-input";
import { createTrial, editKnowledge, endTrial } from "../../trials/trial-service";
import { trialState, trialStore, type Trial } from "../../trials/trial-store";

/**
 * The sales trials under /demo: the public share link (/demo/t/<id>) and the console behind the
 * sales session (/demo/console/…). Pages are server-rendered forms; a POST that fails validation
 * re-renders its form with the values kept and a message per field (status 400).
 */
export const trialRoutes = new Hono<AppEnv>();

const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;
const shareUrl = (c: Context<AppEnv>, id: string) => `${originOf(c)}/demo/t/${id}`;
const embedSnippet = (origin: string, key: string) =>
  `<script src="${origin}/widget/v1/clawless.js" data-key="${key}" async></script>`;

const consoleHtml = (c: Context<AppEnv>, html: string, status: 200 | 400 | 404 = 200) =>
  c.html(html, status, { "Content-Security-Policy": CONSOLE_CSP, "Cache-Control": "no-store" });

trialRoutes.get("/assets/preview.js", (c) =>
  c.body(PREVIEW_SCRIPT, 200, {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=300",
  }),
);

/** The share link: the branded preview, or a friendly page once the trial has ended. */
trialRoutes.get("/t/:id", async (c) => {
  const headers = { "Content-Security-Policy": PREVIEW_CSP, "Cache-Control": "no-store" };
  const trial = await trialStore(c.env.DB).get(c.req.param("id"));
  if (!trial) return c.html(renderTrialNotFound(), 404, headers);
  const found = trialState(trial) === "active" && trial.tenant_id ? await getTenant(c.env, trial.tenant_id) : null;
  const tenant = found?.status === "active" ? found : null;
  const key = tenant ? await publishableKey(c.env.DB, tenant.id) : null;
  if (!tenant || !key) return c.html(renderTrialEnded(trial), 200, headers);
  const html = renderPreviewSite({
    origin: originOf(c),
    publishableKey: key,
    company: trial.company,
    brandColor: trial.brand_color,
    logoUrl: trial.logo_url,
    websiteUrl: trial.website_url,
    expiresAt: trial.expires_at,
    faq: tenant.config.assistant.knowledge,
  });
  return c.html(html, 200, headers);
});

trialRoutes.use("/console", requireSalesSession());
trialRoutes.use("/console/*", requireSalesSession());

trialRoutes.get("/console", async (c) => {
  const trials = await trialStore(c.env.DB).list();
  return consoleHtml(c, renderTrialList(trials.map((t) => ({ ...t, state: trialState(t) }))));
});

const modelChoices = (env: Env) => availableModels(env).map(({ value, label }) => ({ value, label }));

trialRoutes.get("/console/new", (c) => {
  const models = modelChoices(c.env);
  // A configured model is listed first: a real model makes the better first impression.
  return consoleHtml(
    c,
    renderNewTrial({
      values: { ...formValues({}, NEW_TRIAL_FIELDS), brand_color: "#4f46e5", model: models[0]!.value },
      errors: {},
      models,
    }),
  );
});

trialRoutes.post("/console/trials", async (c) => {
  const values = formValues(await readForm(c), NEW_TRIAL_FIELDS);
  const models = availableModels(c.env);
  const fail = (errors: FieldErrors) =>
    consoleHtml(c, renderNewTrial({ values, errors, models: modelChoices(c.env) }), 400);
  const valid = validateForm(newTrialSchema(models), values);
  if (!valid.ok) return fail(valid.errors);
  const created = await createTrial(c.env, originOf(c), valid.data);
  if (!created.ok) return fail(created.errors);
  return c.redirect(`/demo/console/trials/${created.value.id}`, 303);
});

async function trialPage(
  c: Context<AppEnv>,
  trial: Trial,
  knowledge: { values?: FormValues; errors?: FieldErrors; notice?: string } = {},
  status: 200 | 400 = 200,
) {
  const state = trialState(trial);
  const tenant = trial.tenant_id ? await getTenant(c.env, trial.tenant_id) : null;
  const key = tenant ? await publishableKey(c.env.DB, tenant.id) : null;
  const data = tenant ? sessionActivity(c.env.DB, tenant.id) : null;
  const [stats, transcripts] = data
    ? await Promise.all([data.stats(), data.transcripts()])
    : [{ conversations: 0, messages: 0, questions: 0 }, []];
  const assistant = tenant?.config.assistant;
  const detail: TrialDetail = {
    ...trial,
    state,
    shareUrl: shareUrl(c, trial.id),
    embedSnippet: key && state === "active" ? embedSnippet(originOf(c), key) : null,
    stats,
    transcripts,
    knowledge: {
      values: knowledge.values ?? {
        greeting: assistant?.greeting ?? "",
        suggested_prompts: assistant?.suggested_prompts.join("\n") ?? "",
        knowledge: assistant ? knowledgeToText(assistant.knowledge) : "",
        import_urls: "",
      },
      errors: knowledge.errors ?? {},
      notice: knowledge.notice,
    },
  };
  return consoleHtml(c, renderTrialDetail(detail), status);
}

trialRoutes.get("/console/trials/:id", async (c) => {
  const trial = await trialStore(c.env.DB).get(c.req.param("id"));
  if (!trial) return consoleHtml(c, renderConsoleNotFound(), 404);
  const notice = c.req.query("saved") === "1" ? "Saved. The assistant answers from the new knowledge now." : undefined;
  return trialPage(c, trial, { notice });
});

trialRoutes.post("/console/trials/:id/knowledge", async (c) => {
  const trial = await trialStore(c.env.DB).get(c.req.param("id"));
  if (!trial) return consoleHtml(c, renderConsoleNotFound(), 404);
  const values = formValues(await readForm(c), EDIT_KNOWLEDGE_FIELDS);
  const valid = validateForm(editKnowledgeSchema, values);
  if (!valid.ok) return trialPage(c, trial, { values, errors: valid.errors }, 400);
  const saved = trialState(trial) === "active" ? await editKnowledge(c.env, trial, valid.data) : null;
  if (!saved) return trialPage(c, trial, { values, errors: { form: "This trial has ended." } }, 400);
  if (!saved.ok) return trialPage(c, trial, { values, errors: saved.errors }, 400);
  return c.redirect(`/demo/console/trials/${trial.id}?saved=1#knowledge`, 303);
});

trialRoutes.post("/console/trials/:id/end", async (c) => {
  const store = trialStore(c.env.DB);
  const trial = await store.get(c.req.param("id"));
  if (!trial) return consoleHtml(c, renderConsoleNotFound(), 404);
  await endTrial(c.env, trial);
  return c.redirect(`/demo/console/trials/${trial.id}`, 303);
});
