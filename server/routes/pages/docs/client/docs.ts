import { el, inline, prose } from "./dom";
import { endpoints, jsonBody, type Endpoint, type OpenApiDocument, type Parameter, type Response } from "./openapi";
import { Schemas } from "./schemas";
import { tryIt } from "./try-it";

/**
 * The reference page's script (served as /docs/docs.js, built by `vite build --mode docs`): loads
 * /openapi.json and renders a navigation by tag and, per operation, its description, parameters,
 * request body, responses and a "try it" form. The secret key stays in the tab's sessionStorage.
 */

const KEY_STORAGE = "clawless-docs-key";

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no #${id}.`);
  return node as T;
}

function anchor(entry: Endpoint): string {
  return entry.op.operationId || (entry.method + entry.path).replace(/[^a-zA-Z0-9]+/g, "-");
}

function renderNav(nav: HTMLElement, ops: Endpoint[]): void {
  const byTag = new Map<string, Endpoint[]>();
  for (const entry of ops) {
    const tag = entry.op.tags?.[0] || "Other";
    byTag.set(tag, [...(byTag.get(tag) ?? []), entry]);
  }
  for (const [tag, entries] of byTag) {
    nav.append(el("h2", {}, tag));
    for (const entry of entries) {
      nav.append(
        el(
          "a",
          { href: `#${anchor(entry)}` },
          el("span", { class: `method ${entry.method}` }, entry.method),
          " ",
          entry.op.summary || entry.path,
        ),
      );
    }
  }
}

function parametersTable(params: Parameter[], schemas: Schemas): HTMLTableElement | null {
  if (!params.length) return null;
  return el(
    "table",
    {},
    el(
      "thead",
      {},
      el("tr", {}, el("th", {}, "Parameter"), el("th", {}, "In"), el("th", {}, "Type"), el("th", {}, "Description")),
    ),
    el(
      "tbody",
      {},
      params.map((p) =>
        el(
          "tr",
          {},
          el("td", {}, el("code", {}, p.name), p.required ? el("span", { class: "req" }, " required") : null),
          el("td", {}, p.in),
          el("td", {}, el("code", {}, schemas.typeLabel(p.schema ?? {}))),
          el("td", {}, inline(p.description || (p.schema && schemas.resolve(p.schema).description) || "")),
        ),
      ),
    ),
  );
}

function responsesList(responses: Record<string, Response> | undefined, schemas: Schemas): HTMLTableElement {
  return el(
    "table",
    {},
    el(
      "tbody",
      {},
      Object.entries(responses ?? {}).map(([status, response]) =>
        el(
          "tr",
          {},
          el("td", {}, el("code", {}, status)),
          el(
            "td",
            {},
            inline(response.description ?? ""),
            Object.entries(response.content ?? {}).map(([type, media]) =>
              el(
                "details",
                {},
                el("summary", {}, type, " — ", schemas.typeLabel(media.schema ?? {})),
                el("div", { class: "schema" }, schemas.tree(media.schema ?? {})),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function renderOperation(
  entry: Endpoint,
  doc: OpenApiDocument,
  schemas: Schemas,
  keyInput: HTMLInputElement,
): HTMLElement {
  const { op } = entry;
  const bodyMedia = jsonBody(op);
  const params = op.parameters ?? [];
  return el(
    "section",
    { class: "op", id: anchor(entry) },
    el(
      "h3",
      {},
      el("span", { class: `method ${entry.method}` }, entry.method),
      el("span", { class: "path" }, entry.path),
      el("span", { class: "summary" }, op.summary ?? ""),
    ),
    prose(op.description),
    params.length ? el("h4", {}, "Parameters") : null,
    parametersTable(params, schemas),
    bodyMedia ? el("h4", {}, "Request body") : null,
    bodyMedia ? el("div", { class: "schema" }, schemas.tree(bodyMedia.schema ?? {})) : null,
    el("h4", {}, "Responses"),
    responsesList(op.responses, schemas),
    tryIt(entry, doc, schemas, keyInput),
  );
}

async function main(): Promise<void> {
  const keyInput = byId<HTMLInputElement>("api-key");
  keyInput.value = sessionStorage.getItem(KEY_STORAGE) ?? "";
  keyInput.addEventListener("input", () => sessionStorage.setItem(KEY_STORAGE, keyInput.value));
  const content = byId("content");
  let doc: OpenApiDocument;
  try {
    const res = await fetch("/openapi.json");
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    doc = (await res.json()) as OpenApiDocument;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    content.replaceChildren(el("p", { class: "error" }, `Could not load /openapi.json: ${message}`));
    return;
  }
  document.title = `${doc.info.title} reference`;
  const ops = endpoints(doc);
  const schemas = new Schemas(doc);
  renderNav(byId("nav"), ops);
  content.replaceChildren(
    el(
      "div",
      { class: "intro" },
      el("h2", {}, doc.info.title, " ", el("small", {}, `v${doc.info.version}`)),
      prose(doc.info.description),
    ),
    ...ops.map((entry) => renderOperation(entry, doc, schemas, keyInput)),
  );
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

void main();
