import { el } from "./dom";
import { jsonBody, type Endpoint, type OpenApiDocument, type Parameter } from "./openapi";
import type { Schemas } from "./schemas";

/**
 * The "try it" form of one operation: its parameters, a JSON body prefilled with an example, and
 * a request sent with the page's secret key to this origin, the answer shown as it streams in.
 */
export function tryIt(
  entry: Endpoint,
  doc: OpenApiDocument,
  schemas: Schemas,
  keyInput: HTMLInputElement,
): HTMLDetailsElement {
  const params = entry.op.parameters ?? [];
  const inputs = new Map<Parameter, HTMLInputElement>();
  const fields = params.map((p) => {
    const input = el("input", {
      name: p.name,
      placeholder: p.in + (p.required ? ", required" : ""),
      "aria-label": p.name,
    });
    inputs.set(p, input);
    return el("label", { class: "field" }, el("code", {}, p.name), input);
  });
  const bodyMedia = jsonBody(entry.op);
  const body = bodyMedia ? el("textarea", { "aria-label": "Request body (JSON)", spellcheck: "false" }) : null;
  if (body && bodyMedia) body.value = JSON.stringify(schemas.example(bodyMedia.schema ?? {}), null, 2);
  const streams = Object.values(entry.op.responses ?? {}).some((r) => r.content?.["text/event-stream"]);
  const accept = streams ? el("input", { type: "checkbox", "aria-label": "Stream the answer" }) : null;
  const status = el("div", { class: "status", role: "status" });
  const output = el("pre", { "aria-label": "Response" });
  output.hidden = true;

  async function send(): Promise<void> {
    const key = keyInput.value.trim();
    let path = entry.path;
    const query = new URLSearchParams();
    const headers: Record<string, string> = {};
    for (const [p, input] of inputs) {
      const value = input.value.trim();
      if (!value) continue;
      if (p.in === "path") path = path.replace(`{${p.name}}`, encodeURIComponent(value));
      else if (p.in === "query") query.set(p.name, value);
      else if (p.in === "header") headers[p.name] = value;
    }
    if (key) headers.Authorization = `Bearer ${key}`;
    if (body) headers["Content-Type"] = "application/json";
    if (accept?.checked) headers.Accept = "text/event-stream";
    const base = new URL(doc.servers?.[0]?.url ?? "/v1", location.href);
    const url = base.pathname.replace(/\/$/, "") + path + (query.size ? `?${query}` : "");
    status.textContent = `Sending ${entry.method.toUpperCase()} ${url}…`;
    status.classList.remove("error");
    output.hidden = false;
    output.textContent = "";
    try {
      const res = await fetch(url, {
        method: entry.method.toUpperCase(),
        headers,
        body: body ? body.value : undefined,
      });
      status.textContent = `${res.status} ${res.statusText} — ${res.headers.get("content-type") || "no body"}`;
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
      if ((res.headers.get("content-type") ?? "").includes("json")) {
        try {
          output.textContent = JSON.stringify(JSON.parse(text), null, 2);
        } catch {
          // Not JSON after all: the raw text stays.
        }
      }
    } catch (error) {
      status.textContent = `Request failed: ${error instanceof Error ? error.message : String(error)}`;
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
    el("p", {}, el("button", { type: "button", onclick: () => void send() }, "Send request")),
    status,
    output,
  );
}
