import { validate } from "@readme/openapi-parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { createApp } from "../../app";
import { openApiDocument } from "./document";

/**
 * The OpenAPI document, checked by a real validator (in Node: it compiles JSON schemas with
 * `new Function`, which workerd forbids), and against the app itself: every developer and widget
 * API route the Worker registers is documented with its method, and nothing documented is missing. The OAS
 * 3.1 meta-schema leaves schema objects to JSON Schema, so each one is also compiled by Ajv in
 * strict JSON Schema 2020-12 mode (OpenAPI's own `example` keyword allowed).
 */

const doc = openApiDocument("https://clawless.example");

function registeredApiRoutes(): string[] {
  const routes = createApp()
    .routes.filter((r) => r.path.startsWith("/v1/") && r.method !== "ALL")
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

describe("the OpenAPI document", { timeout: 60_000 }, () => {
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

  it("documents exactly the developer and widget API routes the Worker registers", () => {
    const registered = registeredApiRoutes();
    expect(registered).toContain("post /chat/completions");
    expect(registered).toContain("get /usage");
    expect(registered).toContain("post /widget/conversations/{id}/messages");
    expect(documentedRoutes()).toEqual(registered);
  });

  it("documents the widget API under its own tag, with its keys, streams and bodies", () => {
    const widget = documentedRoutes().filter((route) => route.split(" ")[1]!.startsWith("/widget/"));
    expect(widget).toEqual([
      "delete /widget/conversations/{id}",
      "get /widget/conversations",
      "get /widget/conversations/{id}/messages",
      "get /widget/conversations/{id}/turns/{turnId}/events",
      "post /widget/bootstrap",
      "post /widget/conversations",
      "post /widget/conversations/{id}/messages",
      "post /widget/conversations/{id}/messages/{messageId}/feedback",
      "post /widget/conversations/{id}/reset",
      "post /widget/conversations/{id}/turns/{turnId}/tool-results",
      "post /widget/logout",
    ]);
    expect(doc.tags?.map((tag) => tag.name)).toContain("Widget");
    expect(doc.components?.securitySchemes?.publishableKey).toMatchObject({ type: "apiKey", in: "query", name: "key" });
    const paths = doc.paths as Record<string, any>;
    const send = paths["/widget/conversations/{id}/messages"].post;
    expect(send.responses["200"].content["text/event-stream"].schema).toEqual({
      $ref: "#/components/schemas/StreamEvent",
    });
    const bootstrap = doc.components?.schemas?.WidgetBootstrap as any;
    expect(Object.keys(bootstrap.properties).sort()).toEqual(["tenant", "user", "visitor"]);
    const events = doc.components?.schemas?.StreamEvent as any;
    expect(JSON.stringify(events)).toContain('"message.notice"');
  });

  it("gives every operation an id, its key requirement, and the one error shape", () => {
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item ?? {}) as [string, any][]) {
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-zA-Z]+$/);
        if (op.tags.includes("Widget")) {
          expect(path).toMatch(/^\/widget\//);
          for (const requirement of op.security) expect(requirement).toHaveProperty("publishableKey");
        } else {
          expect(op.security, `${method} ${path}`).toEqual([{ secretKey: [] }]);
        }
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
