import { escapeHtml } from "./layout";

/**
 * The console's forms, rendered with what was typed and a message next to each field that needs
 * fixing (linked by aria-describedby, marked aria-invalid), so a failed submit loses nothing.
 */

export type Values = Record<string, string>;
export type Errors = Record<string, string>;

interface FieldOptions {
  name: string;
  label: string;
  hint?: string;
  values: Values;
  errors: Errors;
}

function describedBy(name: string, hint: string | undefined, error: string | undefined): string {
  const ids = [hint ? `hint-${name}` : "", error ? `err-${name}` : ""].filter(Boolean);
  return ids.length ? ` aria-describedby="${ids.join(" ")}"` : "";
}

function wrap(o: FieldOptions, control: string): string {
  const error = o.errors[o.name];
  return `<div class="field">
  <label for="f-${o.name}">${escapeHtml(o.label)}</label>
  ${o.hint ? `<p class="hint" id="hint-${o.name}">${o.hint}</p>` : ""}
  ${control}
  ${error ? `<p class="field-error" id="err-${o.name}">${escapeHtml(error)}</p>` : ""}
</div>`;
}

function attrs(o: FieldOptions): string {
  const error = o.errors[o.name];
  return `id="f-${o.name}" name="${o.name}"${describedBy(o.name, o.hint, error)}${error ? ' aria-invalid="true"' : ""}`;
}

export function textField(o: FieldOptions & { placeholder?: string; required?: boolean; inputmode?: string }): string {
  return wrap(
    o,
    `<input type="text" ${attrs(o)} value="${escapeHtml(o.values[o.name])}"${
      o.placeholder ? ` placeholder="${escapeHtml(o.placeholder)}"` : ""
    }${o.required ? " required" : ""}${o.inputmode ? ` inputmode="${o.inputmode}"` : ""}>`,
  );
}

export function textArea(o: FieldOptions & { placeholder?: string; tall?: boolean; rows?: number }): string {
  return wrap(
    o,
    `<textarea ${attrs(o)}${o.tall ? ' class="tall"' : ""}${o.rows ? ` rows="${o.rows}"` : ""}${
      o.placeholder ? ` placeholder="${escapeHtml(o.placeholder)}"` : ""
    }>${escapeHtml(o.values[o.name])}</textarea>`,
  );
}

export function colorField(o: FieldOptions): string {
  const value = /^#[0-9a-f]{6}$/i.test(o.values[o.name] ?? "") ? o.values[o.name]! : "#4f46e5";
  return wrap(o, `<div class="row"><input type="color" ${attrs(o)} value="${escapeHtml(value)}"></div>`);
}

export function selectField(o: FieldOptions & { options: { value: string; label: string }[] }): string {
  const options = o.options
    .map(
      (opt) =>
        `<option value="${escapeHtml(opt.value)}"${opt.value === o.values[o.name] ? " selected" : ""}>${escapeHtml(opt.label)}</option>`,
    )
    .join("");
  return wrap(o, `<select ${attrs(o)}>${options}</select>`);
}

export function errorSummary(errors: Errors): string {
  const count = Object.keys(errors).filter((k) => k !== "form").length;
  const parts = [
    errors.form ? escapeHtml(errors.form) : "",
    count ? `Please fix ${count === 1 ? "the field" : `the ${count} fields`} marked below.` : "",
  ].filter(Boolean);
  return parts.length ? `<div class="alert" role="alert">${parts.join(" ")}</div>` : "";
}

const KNOWLEDGE_HINT =
  "FAQ pairs (<code>Q: …</code> on one line, <code>A: …</code> below), or any text; <code>## Title</code> starts a new topic.";
const IMPORT_HINT = "Up to 5 page addresses, one per line. Their readable text becomes knowledge.";

export const KNOWLEDGE_PLACEHOLDER = `Q: Do you ship internationally?
A: Yes, we ship to 40 countries. Delivery takes 3–7 working days.

Q: What is your return policy?
A: Returns are free within 30 days.`;

export function knowledgeFields(values: Values, errors: Errors, options: { editing?: boolean } = {}): string {
  const common = { values, errors };
  return [
    textField({
      ...common,
      name: "greeting",
      label: "Greeting",
      hint: options.editing ? undefined : "Optional. The first thing the assistant says.",
      placeholder: "Hi! I'm the Acme assistant. What would you like to know?",
    }),
    textArea({
      ...common,
      name: "suggested_prompts",
      label: "Suggested prompts",
      hint: "One per line, up to 6. Left empty, questions from the FAQ are used.",
      rows: 3,
      placeholder: "Do you ship internationally?\nWhat is your return policy?",
    }),
    textArea({
      ...common,
      name: "knowledge",
      label: "Knowledge",
      hint: KNOWLEDGE_HINT,
      tall: true,
      placeholder: KNOWLEDGE_PLACEHOLDER,
    }),
    textArea({
      ...common,
      name: "import_urls",
      label: options.editing ? "Import more from the website" : "Import from website",
      hint: IMPORT_HINT,
      rows: 2,
      placeholder: "https://example.com/faq",
    }),
  ].join("\n");
}
