import { validate } from "@readme/openapi-parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { createApp } from "../app";
import { openApiDocument } from "./document";

/**
 * The OpenAPI document, checked by a real validator (in Node: it compiles JSON schemas with
 * `new Function`, which workerd forbids), and against the app itself: every developer API route
 * the Worker registers is documented with its method, and nothing documented is missing. The OAS
 * 3.1 meta-schema leaves schema objects to JSON Schema, so each one is also compiled by Ajv in
 * strict JSON Schema 2020-12 mode (OpenAPI's own `example` keyword allowed).
 */

const doc = openApiDocument("https://clawless.example");

/** Routes that belong to other front doors, each with its own docs (see docs/). */
const OTHER_FRONT_DOORS = /^\/v1\/widget(\/|$)/;

function registeredApiRoutes(): string[] {
  const routes = createApp()
    .routes.filter((r) => r.path.startsWith("/v1/") && !OTHER_FRONT_DOORS.test(r.path) && r.method !== "ALL")
    .map((r) => `${r.method.toLowerCase()} ${r.path.slice("/v1".length).replace(/:(\w+)/g, "{$1}")}`);
  return [...new Set(routes)].sort();
}

function documentedRoutes(): string[] {
  return Object.entries(doc.paths ?? {})
    .flatMap(([path, item]) =>
      ["get", "post", "put", "patch", "delete"].filter((m) => m in (item ?? {})).map((m) => `${m} ${path}`),
    )
    .sort();
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors, JSON.stringify(result)).toEqual([]);
    expect(result.specification).toBe("OpenAPI");
    expect(doc.openapi).toBe("3.1.0");
  });

  it("holds only valid JSON Schema 2020-12 schemas", () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
    ajv.addVocabulary(["example", "discriminator", "xml", "externalDocs"]);
    const defs = rewriteRefs(doc.components?.schemas ?? {});
    const schemas: [string, unknown][] = Object.entries(defs).map(([name, schema]) => [`components ${name}`, schema]);
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item ?? {}) as [string, any][]) {
        for (const p of op.parameters ?? []) schemas.push([`${method} ${path} ${p.name}`, rewriteRefs(p.schema)]);
        for (const media of Object.values(op.requestBody?.content ?? {}) as any[]) {
          schemas.push([`${method} ${path} body`, rewriteRefs(media.schema)]);
        }
        for (const [status, response] of Object.entries(op.responses ?? {}) as [string, any][]) {
          for (const media of Object.values(response.content ?? {}) as any[]) {
            schemas.push([`${method} ${path} ${status}`, rewriteRefs(media.schema)]);
          }
        }
      }
    }
    expect(schemas.length).toBeGreaterThan(40);
    for (const [where, schema] of schemas) {
      expect(() => ajv.compile({ $defs: defs, ...(schema as object) }), where).not.toThrow();
    }
    expect(() => ajv.compile({ type: "nope" })).toThrow();
  });

  it("documents exactly the developer API routes the Worker registers", () => {
    const registered = registeredApiRoutes();
    expect(registered).toContain("post /chat/completions");
    expect(registered).toContain("get /usage");
    expect(documentedRoutes()).toEqual(registered);
  });

  it("gives every operation an id, a secret-key requirement and the one error shape", () => {
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item ?? {}) as [string, any][]) {
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-zA-Z]+$/);
        expect(op.security, `${method} ${path}`).toEqual([{ secretKey: [] }]);
        expect(op.responses["401"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
      }
    }
    expect(doc.servers).toEqual([{ url: "https://clawless.example/v1", description: "This server" }]);
  });
});

/** `#/components/schemas/X` → `#/$defs/X`, so each schema compiles on its own with the components beside it. */
function rewriteRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/')) as T;
}
