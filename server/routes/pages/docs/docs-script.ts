/**
 * The reference page's script, served as /docs/docs.js. It builds every node with
 * createElement/textContent (document text never becomes markup), resolves `$ref`s into the
 * document's components, and sends "try it" requests with fetch, reading streamed answers as they
 * arrive. Plain modern JavaScript for evergreen browsers; kept here as text so the Worker serves
 * it without a build step.
 */
export const DOCS_SCRIPT = String.raw`
const KEY_STORAGE = "clawless-docs-key";
const METHODS = ["get", "post", "put", "patch", "delete"];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Paragraphs, bullet lists and inline code from the document's small markdown. */
function prose(text) {
  const out = [];
  let list = null;
  for (const line of String(text || "").split("\n")) {
    const bullet = /^\s*[*-]\s+(.*)$/.exec(line);
    if (bullet) {
      if (!list) out.push((list = el("ul")));
      list.append(el("li", {}, inline(bullet[1])));
    } else if (line.trim()) {
      list = null;
      out.push(el("p", {}, inline(line)));
    } else {
      list = null;
    }
  }
  return out;
}

function inline(text) {
  const parts = [];
  const pattern = /\x60([^\x60]+)\x60|\*\*([^*]+)\*\*/g;
  let last = 0;
  let match;
  while ((match = pattern.exec(text))) {
    parts.push(text.slice(last, match.index));
    parts.push(match[1] !== undefined ? el("code", {}, match[1]) : el("strong", {}, match[2]));
    last = pattern.lastIndex;
  }
  parts.push(text.slice(last));
  return parts;
}

let spec = null;

function resolve(schema) {
  let current = schema;
  for (let i = 0; current && current.$ref && i < 20; i++) {
    const name = current.$ref.split("/").pop();
    current = spec.components && spec.components.schemas ? spec.components.schemas[name] : null;
  }
  return current || {};
}

function typeLabel(schema) {
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.anyOf || schema.oneOf;
  if (variants) return variants.map(typeLabel).join(" | ");
  let type = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type || "any";
  if (type === "array" && schema.items) type = typeLabel(schema.items) + "[]";
  return type;
}

/** A schema as a tree of fields, a few levels deep. */
function schemaTree(schema, depth = 0, seen = new Set()) {
  const ref = schema && schema.$ref;
  if (ref && seen.has(ref)) return null;
  const next = new Set(seen);
  if (ref) next.add(ref);
  const s = resolve(schema);
  if (depth > 5) return null;
  const variants = s.anyOf || s.oneOf;
  if (variants && variants.some((v) => resolve(v).properties)) {
    return el(
      "ul",
      {},
      variants.map((v, i) => el("li", {}, el("span", { class: "type" }, "variant " + (i + 1) + ": " + typeLabel(v)), schemaTree(v, depth + 1, next))),
    );
  }
  const target = s.type === "array" && s.items ? resolve(s.items) : s;
  if (!target.properties) return null;
  const required = new Set(target.required || []);
  return el(
    "ul",
    {},
    Object.entries(target.properties).map(([name, prop]) =>
      el(
        "li",
        {},
        el("span", { class: "name" }, name),
        el("span", { class: "type" }, typeLabel(prop)),
        required.has(name) ? el("span", { class: "req" }, "required") : null,
        resolve(prop).description ? el("span", { class: "desc" }, "— ", inline(resolve(prop).description)) : null,
        schemaTree(prop, depth + 1, next),
      ),
    ),
  );
}

/** An example value: the schema's own example, else one made from required fields. */
function example(schema, depth = 0) {
  const s = resolve(schema);
  if (s.example !== undefined) return s.example;
  if (s.examples && s.examples.length) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (depth > 4) return null;
  if (s.enum) return s.enum[0];
  if (s.const !== undefined) return s.const;
  const variants = s.anyOf || s.oneOf;
  if (variants) return example(variants[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === "object" || s.properties) {
    const out = {};
    for (const name of s.required || []) out[name] = example(s.properties[name], depth + 1);
    return out;
  }
  if (type === "array") return [example(s.items || {}, depth + 1)];
  if (type === "string") return "";
  if (type === "integer" || type === "number") return 0;
  if (type === "boolean") return false;
  return null;
}

function operations() {
  const ops = [];
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const method of METHODS) if (item[method]) ops.push({ path, method, op: item[method] });
  }
  return ops;
}

function anchor(entry) {
  return entry.op.operationId || (entry.method + entry.path).replace(/[^a-zA-Z0-9]+/g, "-");
}

function renderNav(ops) {
  const nav = document.getElementById("nav");
  const byTag = new Map();
  for (const entry of ops) {
    const tag = (entry.op.tags && entry.op.tags[0]) || "Other";
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push(entry);
  }
  for (const [tag, entries] of byTag) {
    nav.append(el("h2", {}, tag));
    for (const entry of entries) {
      nav.append(el("a", { href: "#" + anchor(entry) }, el("span", { class: "method " + entry.method }, entry.method), " ", entry.op.summary || entry.path));
    }
  }
}

function parametersTable(params) {
  if (!params.length) return null;
  return el(
    "table",
    {},
    el("thead", {}, el("tr", {}, el("th", {}, "Parameter"), el("th", {}, "In"), el("th", {}, "Type"), el("th", {}, "Description"))),
    el(
      "tbody",
      {},
      params.map((p) =>
        el(
          "tr",
          {},
          el("td", {}, el("code", {}, p.name), p.required ? el("span", { class: "req" }, " required") : null),
          el("td", {}, p.in),
          el("td", {}, el("code", {}, typeLabel(p.schema || {}))),
          el("td", {}, inline(p.description || (p.schema && resolve(p.schema).description) || "")),
        ),
      ),
    ),
  );
}

function responsesList(responses) {
  return el(
    "table",
    {},
    el(
      "tbody",
      {},
      Object.entries(responses || {}).map(([status, response]) => {
        const types = Object.entries(response.content || {});
        return el(
          "tr",
          {},
          el("td", {}, el("code", {}, status)),
          el(
            "td",
            {},
            inline(response.description || ""),
            types.map(([type, media]) =>
              el("details", {}, el("summary", {}, type, " — ", typeLabel(media.schema || {})), el("div", { class: "schema" }, schemaTree(media.schema || {}))),
            ),
          ),
        );
      }),
    ),
  );
}

function tryIt(entry) {
  const params = entry.op.parameters || [];
  const inputs = new Map();
  const fields = params.map((p) => {
    const input = el("input", { name: p.name, placeholder: p.in + (p.required ? ", required" : ""), "aria-label": p.name });
    inputs.set(p, input);
    return el("label", { class: "field" }, el("code", {}, p.name), input);
  });
  const bodyMedia = entry.op.requestBody && entry.op.requestBody.content && entry.op.requestBody.content["application/json"];
  const body = bodyMedia ? el("textarea", { "aria-label": "Request body (JSON)", spellcheck: "false" }) : null;
  if (body) body.value = JSON.stringify(example(bodyMedia.schema || {}), null, 2);
  const streams = Object.values(entry.op.responses || {}).some((r) => r.content && r.content["text/event-stream"]);
  const accept = streams ? el("input", { type: "checkbox", "aria-label": "Stream the answer" }) : null;
  const status = el("div", { class: "status", role: "status" });
  const output = el("pre", { "aria-label": "Response" });
  output.hidden = true;

  async function send() {
    const key = document.getElementById("api-key").value.trim();
    let path = entry.path;
    const query = new URLSearchParams();
    const headers = {};
    for (const [p, input] of inputs) {
      const value = input.value.trim();
      if (!value) continue;
      if (p.in === "path") path = path.replace("{" + p.name + "}", encodeURIComponent(value));
      else if (p.in === "query") query.set(p.name, value);
      else if (p.in === "header") headers[p.name] = value;
    }
    if (key) headers.Authorization = "Bearer " + key;
    if (body) headers["Content-Type"] = "application/json";
    if (accept && accept.checked) headers.Accept = "text/event-stream";
    const base = new URL(spec.servers && spec.servers[0] ? spec.servers[0].url : "/v1", location.href);
    const url = base.pathname.replace(/\/$/, "") + path + (query.size ? "?" + query : "");
    status.textContent = "Sending " + entry.method.toUpperCase() + " " + url + "…";
    status.classList.remove("error");
    output.hidden = false;
    output.textContent = "";
    try {
      const res = await fetch(url, { method: entry.method.toUpperCase(), headers, body: body ? body.value : undefined });
      status.textContent = res.status + " " + res.statusText + " — " + (res.headers.get("content-type") || "no body");
      if (!res.ok) status.classList.add("error");
      if (!res.body) return;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let text = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
        output.textContent = text;
      }
      if ((res.headers.get("content-type") || "").includes("json")) {
        try {
          output.textContent = JSON.stringify(JSON.parse(text), null, 2);
        } catch {}
      }
    } catch (error) {
      status.textContent = "Request failed: " + error.message;
      status.classList.add("error");
    }
  }

  return el(
    "details",
    { class: "try" },
    el("summary", {}, "Try it"),
    fields,
    body ? el("h4", {}, "Body") : null,
    body,
    accept ? el("label", { class: "field" }, el("span", {}, "Accept: text/event-stream"), accept) : null,
    el("p", {}, el("button", { type: "button", onclick: send }, "Send request")),
    status,
    output,
  );
}

function renderOperation(entry) {
  const { op } = entry;
  const bodyMedia = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
  const params = op.parameters || [];
  return el(
    "section",
    { class: "op", id: anchor(entry) },
    el("h3", {}, el("span", { class: "method " + entry.method }, entry.method), el("span", { class: "path" }, entry.path), el("span", { class: "summary" }, op.summary || "")),
    prose(op.description),
    params.length ? el("h4", {}, "Parameters") : null,
    parametersTable(params),
    bodyMedia ? el("h4", {}, "Request body") : null,
    bodyMedia ? el("div", { class: "schema" }, schemaTree(bodyMedia.schema || {})) : null,
    el("h4", {}, "Responses"),
    responsesList(op.responses),
    tryIt(entry),
  );
}

async function main() {
  const keyInput = document.getElementById("api-key");
  keyInput.value = sessionStorage.getItem(KEY_STORAGE) || "";
  keyInput.addEventListener("input", () => sessionStorage.setItem(KEY_STORAGE, keyInput.value));
  const content = document.getElementById("content");
  try {
    const res = await fetch("/openapi.json");
    if (!res.ok) throw new Error("HTTP " + res.status);
    spec = await res.json();
  } catch (error) {
    content.replaceChildren(el("p", { class: "error" }, "Could not load /openapi.json: " + error.message));
    return;
  }
  document.title = spec.info.title + " reference";
  const ops = operations();
  renderNav(ops);
  content.replaceChildren(
    el("div", { class: "intro" }, el("h2", {}, spec.info.title, " ", el("small", {}, "v" + spec.info.version)), prose(spec.info.description)),
    ...ops.map(renderOperation),
  );
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

main();
`;
