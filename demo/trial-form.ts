import { html, type Html } from "./html";

/**
 * The console's forms, rendered with what was typed and a message next to each field that needs
 * fixing (linked by aria-describedby, marked aria-invalid), so a failed submit loses nothing.
 */

export type Values = Record<string, string>;
export type Errors = Record<string, string>;

interface FieldOptions {
  name: string;
  label: string;
  /** Plain text, or markup written here (KNOWLEDGE_HINT). */
  hint?: string | Html;
  values: Values;
  errors: Errors;
}

function describedBy(name: string, hint: FieldOptions["hint"], error: string | undefined): Html | "" {
  const ids = [hint ? `hint-${name}` : "", error ? `err-${name}` : ""].filter(Boolean);
  return ids.length ? html` aria-describedby="${ids.join(" ")}"` : "";
}

function wrap(o: FieldOptions, control: Html): Html {
  const error = o.errors[o.name];
  return html`<div class="field">
  <label for="f-${o.name}">${o.label}</label>
  ${o.hint ? html`<p class="hint" id="hint-${o.name}">${o.hint}</p>` : ""}
  ${control}
  ${error ? html`<p class="field-error" id="err-${o.name}">${error}</p>` : ""}
</div>`;
}

function attrs(o: FieldOptions): Html {
  const error = o.errors[o.name];
  return html`id="f-${o.name}" name="${o.name}"${describedBy(o.name, o.hint, error)}${error ? html` aria-invalid="true"` : ""}`;
}

export function textField(o: FieldOptions & { placeholder?: string; required?: boolean; inputmode?: string }): Html {
  return wrap(
    o,
    html`<input type="text" ${attrs(o)} value="${o.values[o.name]}"${
      o.placeholder ? html` placeholder="${o.placeholder}"` : ""
    }${o.required ? html` required` : ""}${o.inputmode ? html` inputmode="${o.inputmode}"` : ""}>`,
  );
}

export function textArea(o: FieldOptions & { placeholder?: string; tall?: boolean; rows?: number }): Html {
  return wrap(
    o,
    html`<textarea ${attrs(o)}${o.tall ? html` class="tall"` : ""}${o.rows ? html` rows="${o.rows}"` : ""}${
      o.placeholder ? html` placeholder="${o.placeholder}"` : ""
    }>${o.values[o.name]}</textarea>`,
  );
}

export function colorField(o: FieldOptions): Html {
  const value = /^#[0-9a-f]{6}$/i.test(o.values[o.name] ?? "") ? o.values[o.name]! : "#4f46e5";
  return wrap(o, html`<div class="row"><input type="color" ${attrs(o)} value="${value}"></div>`);
}

export function selectField(o: FieldOptions & { options: { value: string; label: string }[] }): Html {
  const options = o.options.map(
    (opt) =>
      html`<option value="${opt.value}"${opt.value === o.values[o.name] ? html` selected` : ""}>${opt.label}</option>`,
  );
  return wrap(o, html`<select ${attrs(o)}>${options}</select>`);
}

export function errorSummary(errors: Errors): Html | "" {
  const count = Object.keys(errors).filter((k) => k !== "form").length;
  const fix = count ? `Please fix ${count === 1 ? "the field" : `the ${count} fields`} marked below.` : "";
  if (!errors.form && !fix) return "";
  return html`<div class="alert" role="alert">${errors.form}${errors.form && fix ? " " : ""}${fix}</div>`;
}

const KNOWLEDGE_HINT = html`FAQ pairs (<code>Q: …</code> on one line, <code>A: …</code> below), or any text; <code>## Title</code> starts a new topic.`;
const IMPORT_HINT = "Up to 5 page addresses, one per line. Their readable text becomes knowledge.";

export const KNOWLEDGE_PLACEHOLDER = `Q: Do you ship internationally?
A: Yes, we ship to 40 countries. Delivery takes 3–7 working days.

Q: What is your return policy?
A: Returns are free within 30 days.`;

export function knowledgeFields(values: Values, errors: Errors, options: { editing?: boolean } = {}): Html {
  const common = { values, errors };
  const [greeting, prompts, knowledge, importUrls] = [
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
  ];
  return html`${greeting}
${prompts}
${knowledge}
${importUrls}`;
}
