import { el, inline } from "./dom";
import type { OpenApiDocument, Schema } from "./openapi";

/**
 * Reading the document's schemas: `$ref`s resolved into its components, a one-line type label,
 * a tree of fields a few levels deep, and an example value for the "try it" body.
 */
export class Schemas {
  constructor(private readonly doc: OpenApiDocument) {}

  resolve(schema: Schema | undefined): Schema {
    let current = schema;
    for (let i = 0; current?.$ref && i < 20; i++) {
      const name = current.$ref.split("/").pop() ?? "";
      current = this.doc.components?.schemas?.[name];
    }
    return current ?? {};
  }

  typeLabel(schema: Schema): string {
    if (schema.$ref) return schema.$ref.split("/").pop() ?? schema.$ref;
    if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
    if (schema.const !== undefined) return JSON.stringify(schema.const);
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants) return variants.map((v) => this.typeLabel(v)).join(" | ");
    let type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
    if (type === "array" && schema.items) type = `${this.typeLabel(schema.items)}[]`;
    return type;
  }

  /** A schema as a tree of fields, a few levels deep. */
  tree(schema: Schema, depth = 0, seen: ReadonlySet<string> = new Set()): HTMLUListElement | null {
    const ref = schema.$ref;
    if (ref && seen.has(ref)) return null;
    const next = new Set(seen);
    if (ref) next.add(ref);
    const s = this.resolve(schema);
    if (depth > 5) return null;
    const variants = s.anyOf ?? s.oneOf;
    if (variants?.some((v) => this.resolve(v).properties)) {
      return el(
        "ul",
        {},
        variants.map((v, i) =>
          el(
            "li",
            {},
            el("span", { class: "type" }, `variant ${i + 1}: ${this.typeLabel(v)}`),
            this.tree(v, depth + 1, next),
          ),
        ),
      );
    }
    const target = s.type === "array" && s.items ? this.resolve(s.items) : s;
    if (!target.properties) return null;
    const required = new Set(target.required ?? []);
    return el(
      "ul",
      {},
      Object.entries(target.properties).map(([name, prop]) => {
        const description = this.resolve(prop).description;
        return el(
          "li",
          {},
          el("span", { class: "name" }, name),
          el("span", { class: "type" }, this.typeLabel(prop)),
          required.has(name) ? el("span", { class: "req" }, "required") : null,
          description ? el("span", { class: "desc" }, "— ", inline(description)) : null,
          this.tree(prop, depth + 1, next),
        );
      }),
    );
  }

  /** An example value: the schema's own example, else one made from required fields. */
  example(schema: Schema | undefined, depth = 0): unknown {
    const s = this.resolve(schema);
    if (s.example !== undefined) return s.example;
    if (s.examples?.length) return s.examples[0];
    if (s.default !== undefined) return s.default;
    if (depth > 4) return null;
    if (s.enum) return s.enum[0];
    if (s.const !== undefined) return s.const;
    const variants = s.anyOf ?? s.oneOf;
    if (variants) return this.example(variants[0], depth + 1);
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    if (type === "object" || s.properties) {
      const out: Record<string, unknown> = {};
      for (const name of s.required ?? []) out[name] = this.example(s.properties?.[name], depth + 1);
      return out;
    }
    if (type === "array") return [this.example(s.items ?? {}, depth + 1)];
    if (type === "string") return "";
    if (type === "integer" || type === "number") return 0;
    if (type === "boolean") return false;
    return null;
  }
}
