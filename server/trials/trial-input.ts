import { z } from "zod";
import { originPatternSchema } from "../tenants/config";
import { MAX_IMPORT_PAGES } from "./import-website";
import type { ModelOption } from "./models";

/**
 * The console's form inputs: raw strings from an HTML form in, typed values or one clear message
 * per field out (shown next to the field, with what was typed kept).
 */

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string>;

export const MAX_KNOWLEDGE_CHARS = 100_000;
const MAX_PROMPTS = 6;

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

function webAddress(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url : null;
  } catch {
    return null;
  }
}

const websiteField = z
  .string()
  .trim()
  .max(300, "Keep the address under 300 characters.")
  .transform((value, ctx) => {
    if (value === "") return null;
    const url = webAddress(value.includes("://") ? value : `https://${value}`);
    if (!url || !originPatternSchema.safeParse(url.origin).success) {
      ctx.addIssue({ code: "custom", message: "Enter the site's address, like https://example.com." });
      return z.NEVER;
    }
    return url.href;
  });

const logoField = z
  .string()
  .trim()
  .max(500, "Keep the logo address under 500 characters.")
  .transform((value, ctx) => {
    if (value === "") return null;
    if (!webAddress(value)) {
      ctx.addIssue({
        code: "custom",
        message: "Enter the full address of an image, like https://example.com/logo.png.",
      });
      return z.NEVER;
    }
    return value;
  });

const promptsField = z.string().transform((value, ctx) => {
  const prompts = lines(value);
  if (prompts.length > MAX_PROMPTS) {
    ctx.addIssue({ code: "custom", message: `At most ${MAX_PROMPTS} suggested prompts, one per line.` });
  }
  const long = prompts.findIndex((p) => p.length > 120);
  if (long >= 0)
    ctx.addIssue({ code: "custom", message: `Prompt ${long + 1} is too long: keep each under 120 characters.` });
  return prompts;
});

const importField = z.string().transform((value, ctx) => {
  const urls = lines(value);
  if (urls.length > MAX_IMPORT_PAGES) {
    ctx.addIssue({
      code: "custom",
      message: `Import at most ${MAX_IMPORT_PAGES} pages at a time, one address per line.`,
    });
  }
  const bad = urls.find((u) => !webAddress(u));
  if (bad)
    ctx.addIssue({ code: "custom", message: `"${bad.slice(0, 80)}" is not a web address (start it with https://).` });
  return urls;
});

const knowledgeFields = {
  greeting: z.string().trim().max(500, "Keep the greeting under 500 characters."),
  suggested_prompts: promptsField,
  knowledge: z.string().max(MAX_KNOWLEDGE_CHARS, `Keep the pasted knowledge under ${MAX_KNOWLEDGE_CHARS} characters.`),
  import_urls: importField,
};

function needsKnowledge(value: { knowledge: string; import_urls: string[] }, ctx: z.RefinementCtx) {
  if (value.knowledge.trim() === "" && value.import_urls.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["knowledge"],
      message: "Add something for the assistant to know: paste text or FAQ pairs, or import pages below.",
    });
  }
}

export function newTrialSchema(models: readonly ModelOption[]) {
  return z
    .object({
      company: z
        .string()
        .trim()
        .min(1, "Enter the prospect's company name.")
        .max(80, "Keep the company name under 80 characters."),
      website_url: websiteField,
      brand_color: z
        .string()
        .trim()
        .regex(/^#[0-9a-f]{6}$/i, "Pick a colour like #4f46e5.")
        .transform((c) => c.toLowerCase()),
      logo_url: logoField,
      model: z
        .string()
        .refine((v) => models.some((m) => m.value === v), "Pick one of the listed models.")
        .transform((v) => models.find((m) => m.value === v)!),
      ...knowledgeFields,
    })
    .superRefine(needsKnowledge);
}
export type NewTrialInput = z.output<ReturnType<typeof newTrialSchema>>;

export const editKnowledgeSchema = z.object(knowledgeFields).superRefine(needsKnowledge);
export type EditKnowledgeInput = z.output<typeof editKnowledgeSchema>;

/** Every field as a string (a missing field is empty), so a form always re-renders cleanly. */
export function formValues(body: Record<string, unknown>, fields: readonly string[]): FormValues {
  return Object.fromEntries(fields.map((f) => [f, typeof body[f] === "string" ? (body[f] as string) : ""]));
}

export function validateForm<T extends z.ZodType>(
  schema: T,
  values: FormValues,
): { ok: true; data: z.output<T> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

export const NEW_TRIAL_FIELDS = [
  "company",
  "website_url",
  "brand_color",
  "logo_url",
  "greeting",
  "suggested_prompts",
  "knowledge",
  "import_urls",
  "model",
] as const;
export const EDIT_KNOWLEDGE_FIELDS = ["greeting", "suggested_prompts", "knowledge", "import_urls"] as const;
