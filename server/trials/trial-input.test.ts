import { describe, expect, it } from "vitest";
import { OFFLINE_OPTION } from "./models";
import { editKnowledgeSchema, NEW_TRIAL_FIELDS, formValues, newTrialSchema, validateForm } from "./trial-input";

const schema = newTrialSchema([OFFLINE_OPTION]);
const base = {
  ...formValues({}, NEW_TRIAL_FIELDS),
  company: "Northwind",
  brand_color: "#0F766E",
  knowledge: "We open at nine.",
  model: "offline",
};

describe("the new-trial form", () => {
  it("normalises a valid form: trimmed, lower-case colour, https added to a bare domain, lines split", () => {
    const result = validateForm(schema, {
      ...base,
      company: "  Northwind  ",
      website_url: "northwind.example.com",
      suggested_prompts: " One? \n\n Two? ",
      import_urls: "https://northwind.example.com/faq\n",
    });
    expect(result.ok && result.data).toMatchObject({
      company: "Northwind",
      brand_color: "#0f766e",
      website_url: "https://northwind.example.com/",
      logo_url: null,
      suggested_prompts: ["One?", "Two?"],
      import_urls: ["https://northwind.example.com/faq"],
      model: OFFLINE_OPTION,
    });
  });

  it("names each bad field once, with a message a person can act on", () => {
    const result = validateForm(schema, {
      ...base,
      company: "x".repeat(81),
      suggested_prompts: `${"y".repeat(121)}`,
      import_urls: Array.from({ length: 6 }, (_, i) => `https://a.example.com/${i}`).join("\n"),
      model: "",
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        company: "Keep the company name under 80 characters.",
        suggested_prompts: "Prompt 1 is too long: keep each under 120 characters.",
        import_urls: "Import at most 5 pages at a time, one address per line.",
        model: "Pick one of the listed models.",
      },
    });
  });

  it("accepts pages to import instead of pasted knowledge", () => {
    expect(validateForm(schema, { ...base, knowledge: "", import_urls: "https://a.example.com" }).ok).toBe(true);
  });

  it("treats a missing field as empty rather than failing on it", () => {
    const result = validateForm(
      editKnowledgeSchema,
      formValues({ knowledge: "Text" }, ["greeting", "suggested_prompts", "knowledge", "import_urls"]),
    );
    expect(result.ok).toBe(true);
  });
});
