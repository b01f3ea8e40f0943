/**
 * `npm run bench`: one table of the numbers that matter.
 *   - widget bytes (raw / gzip -9 / brotli) of the script tag's first load and of the panel's open
 *   - widget render cost in Chromium: a 50 KB markdown answer streamed in 2,000 chunks (see
 *     bench/widget-render.ts), main-thread busy time and longest task
 *   - server overhead of a full turn through `wrangler dev` (offline responder), time to first and
 *     last byte, median and p99, next to a bare route that streams the same bytes with no auth,
 *     storage or routing
 *   - server overhead of a turn answered by a real provider SDK against a zero-latency fake
 *     Anthropic upstream (started here, in Node): added latency to the first token, median and p99,
 *     versus reading the same fake upstream directly
 *   - loading a session's context: KV hit versus KV miss (D1), timed inside the Worker
 *   - parsing 100 KB of adversarial pasted text into knowledge snippets (in Node, same V8)
 * Runs its own `wrangler dev` on port 8798 (offline) and 8799 (fake upstream) with fresh local
 * storage in .wrangler/bench and .wrangler/bench-model.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { run } from "../scripts/lib/run";
import { snippetsFromText } from "../server/knowledge/snippets-from-text";
import { startFakeUpstreams } from "../server/test/fake-upstreams/server";
import { measureWidgetRender } from "./widget-render";
import type { BootstrapResponse, ConversationResponse } from "../protocol/widget-api";

const PORT = 8798;
const BASE = `http://127.0.0.1:${PORT}`;
const ORIGIN = "http://localhost:3000";
const TURNS = Number(process.env.BENCH_TURNS ?? 60);
const WARMUP = 8;

const rows: string[][] = [];
const row = (...cells: string[]) => rows.push(cells);

await run("npm", ["run", "build:widget", "--silent"], { quiet: true });
await widgetSizes();
await widgetRender();
await serverOverhead();
await modelOverhead();
knowledgeParse();
printTable(["measure", "value", "detail"], rows);

async function widgetSizes() {
  const loader = await readFile("dist/widget/clawless.js");
  const element = await readFile("dist/widget/clawless-chat.js");
  const sizes = (buf: Buffer) => ({
    raw: buf.byteLength,
    gzip: gzipSync(buf, { level: 9 }).byteLength,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  });
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const first = sizes(loader);
  const open = [first, sizes(element)].reduce((a, b) => ({
    raw: a.raw + b.raw,
    gzip: a.gzip + b.gzip,
    brotli: a.brotli + b.brotli,
  }));
  row(
    "widget: script tag first load",
    `${kb(first.gzip)} gzip`,
    `${kb(first.raw)} raw, ${kb(first.brotli)} brotli (clawless.js)`,
  );
  row(
    "widget: loaded when the panel opens",
    `${kb(open.gzip)} gzip`,
    `${kb(open.raw)} raw, ${kb(open.brotli)} brotli (+ clawless-chat.js)`,
  );
}

async function widgetRender() {
  const { median, runs } = await measureWidgetRender();
  const ms = (n: number) => `${Math.round(n)} ms`;
  row(
    "widget: render 50 KB streamed answer, main-thread busy",
    `${ms(median.busyMs)} median`,
    `target ≤ 600 ms; runs ${runs.map((r) => ms(r.busyMs)).join(", ")}; layout + style ${ms(median.layoutStyleMs)}; wall ${ms(median.wallMs)}; 2,000 chunks of 9–41 chars, one per task (CDP TaskDuration)`,
  );
  row("widget: render, longest main-thread task", ms(median.longestTaskMs), "target ≤ 50 ms (median of 3 traced runs)");
}

/** Starts `npm run dev` (scripts/dev.ts) on `port` with `vars`; resolves with the demo key. */
async function startDev(port: number, persistTo: string, vars: string[]) {
  const dev = spawn(
    "npx",
    [
      "tsx",
      "scripts/dev.ts",
      "--port",
      String(port),
      "--persist-to",
      persistTo,
      "--fresh",
      "--quiet",
      ...vars.flatMap((v) => ["--var", v]),
    ],
    { stdio: ["ignore", "pipe", "inherit"], detached: true },
  );
  let output = "";
  dev.stdout.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<void>((resolve) => dev.on("exit", () => resolve()));
  // Waits for the whole process group to go, so the next measurement has the machine to itself.
  let running = true;
  dev.on("exit", () => (running = false));
  const stop = async () => {
    if (running) process.kill(-dev.pid!, "SIGTERM");
    await exited;
  };
  try {
    await waitFor(() => /Publishable key\s+(pk_\S+)/.test(output), 180_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { key: /Publishable key\s+(pk_\S+)/.exec(output)![1]!, stop };
}

async function serverOverhead() {
  const dev = await startDev(PORT, ".wrangler/bench", ["BENCH_ROUTES:true"]);
  try {
    const key = dev.key;
    const api = (path: string) => `${BASE}/v1/widget${path}?key=${key}`;
    const headers = { Origin: ORIGIN, "Content-Type": "application/json" };
    // A new visitor every 10 turns keeps each one well inside the per-visitor rate limit (60/min).
    let visitorHeaders: Record<string, string> = headers;
    const questions = [
      "How do I embed the widget?",
      "What does it cost?",
      "Does it work offline?",
      "Can I talk to a person?",
    ];

    let conversation = "";
    let chunks: string[] = [];
    const turn = async (i: number) => {
      if (i % 10 === 0) {
        const boot = (await (
          await fetch(api("/bootstrap"), { method: "POST", headers, body: "{}" })
        ).json()) as BootstrapResponse;
        visitorHeaders = { ...headers, "X-Clawless-Visitor": boot.visitor.token };
        const created = (await (
          await fetch(api("/conversations"), { method: "POST", headers: visitorHeaders, body: "{}" })
        ).json()) as ConversationResponse;
        conversation = created.conversation.id;
      }
      return timed(
        api(`/conversations/${conversation}/messages`),
        visitorHeaders,
        JSON.stringify({ content: questions[i % questions.length] }),
      );
    };
    for (let i = 0; i < WARMUP; i++) await turn(i);
    const turns = [];
    for (let i = 0; i < TURNS; i++) turns.push(await turn(i));
    chunks = turns.at(-1)!.deltas;

    const bareBody = JSON.stringify({ chunks });
    for (let i = 0; i < WARMUP; i++) await timed(`${BASE}/bench/bare-stream`, headers, bareBody);
    const bare = [];
    for (let i = 0; i < TURNS; i++) bare.push(await timed(`${BASE}/bench/bare-stream`, headers, bareBody));

    const ms = (n: number) => `${n.toFixed(1)} ms`;
    for (const [label, pick] of [
      ["first byte", (t: Timing) => t.firstByte],
      ["last byte", (t: Timing) => t.lastByte],
    ] as const) {
      const full = turns.map(pick);
      const base = bare.map(pick);
      row(
        `server: turn, time to ${label}`,
        `${ms(percentile(full, 50))} median`,
        `p99 ${ms(percentile(full, 99))}; bare stream ${ms(percentile(base, 50))} median / p99 ${ms(percentile(base, 99))}; overhead ${ms(percentile(full, 50) - percentile(base, 50))} median`,
      );
    }
    row(
      "server: turns measured",
      String(TURNS),
      `after ${WARMUP} warm-up turns; ${chunks.length} text deltas per answer; offline responder`,
    );
  } finally {
    await dev.stop();
  }
}

/**
 * A turn answered through the Anthropic SDK by a fake upstream that answers instantly, so what is
 * measured is the server: auth, storage, routing, the SDK and the SSE relay. Baseline: the same
 * request straight to the fake upstream. Also the session-context load, KV hit versus miss.
 */
async function modelOverhead() {
  const fake = await startFakeUpstreams();
  const text = "Clawless answers from your knowledge base, streams every token, and never loses a message. ".split(" ");
  // One answer per measured turn and direct call, plus the ten turns of the session-load probe.
  const steps = Array.from({ length: (TURNS + WARMUP) * 2 + 10 }, () => ({
    kind: "stream",
    text: text.map((w) => `${w} `),
  }));
  const created = await fetch(`${fake.url}/__scenarios`, {
    method: "POST",
    body: JSON.stringify({ anthropic: steps }),
  });
  const { id } = (await created.json()) as { id: string };
  const baseUrl = `${fake.url}/s/${id}/anthropic`;
  const port = PORT + 1;
  const base = `http://127.0.0.1:${port}`;
  const dev = await startDev(port, ".wrangler/bench-model", [
    "BENCH_ROUTES:true",
    "ANTHROPIC_API_KEY:sk-ant-bench",
    `ANTHROPIC_BASE_URL:${baseUrl}`,
  ]);
  try {
    const api = (path: string) => `${base}/v1/widget${path}?key=${dev.key}`;
    const headers = { Origin: ORIGIN, "Content-Type": "application/json" };
    // A new visitor for every 10 turns keeps each one well inside the per-visitor rate limit (60/min).
    let visitorHeaders: Record<string, string> = headers;
    const newConversation = async () => {
      const boot = (await (
        await fetch(api("/bootstrap"), { method: "POST", headers, body: "{}" })
      ).json()) as BootstrapResponse;
      visitorHeaders = { ...headers, "X-Clawless-Visitor": boot.visitor.token };
      const created = await fetch(api("/conversations"), { method: "POST", headers: visitorHeaders, body: "{}" });
      return ((await created.json()) as ConversationResponse).conversation.id;
    };

    let conversation = "";
    let model = "";
    const turn = async (i: number) => {
      if (i % 10 === 0) conversation = await newConversation();
      const timing = await firstToken(
        api(`/conversations/${conversation}/messages`),
        visitorHeaders,
        JSON.stringify({ content: "What is Clawless?" }),
        /^data: (\{"type":"text\.delta".*)$/m,
      );
      model = /"type":"message\.start","message_id":"[^"]+","model":"([^"]+)"/.exec(timing.body)?.[1] ?? model;
      return timing.firstToken;
    };
    const direct = () =>
      firstToken(
        `${baseUrl}/v1/messages`,
        { "Content-Type": "application/json", Authorization: "Bearer sk-ant-bench", "anthropic-version": "2023-06-01" },
        JSON.stringify({
          model: "claude-haiku-5-5",
          max_tokens: 64,
          stream: true,
          messages: [{ role: "user", content: "hi" }],
        }),
        /^event: content_block_delta$/m,
      ).then((t) => t.firstToken);

    for (let i = 0; i < WARMUP; i++) await turn(i);
    const turns: number[] = [];
    for (let i = 0; i < TURNS; i++) turns.push(await turn(i));
    for (let i = 0; i < WARMUP; i++) await direct();
    const directs: number[] = [];
    for (let i = 0; i < TURNS; i++) directs.push(await direct());
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    const added = (p: number) => percentile(turns, p) - percentile(directs, p);
    row(
      "model turn: added latency to first token",
      `${ms(added(50))} median`,
      `p99 ${ms(added(99))}; turn ${ms(percentile(turns, 50))} / p99 ${ms(percentile(turns, 99))}; fake upstream direct ${ms(percentile(directs, 50))} / p99 ${ms(percentile(directs, 99))}; model ${model}`,
    );

    // Session context load: a conversation with 20 messages, loaded from KV and from D1.
    const probe = await newConversation();
    for (let i = 0; i < 10; i++) {
      await (
        await fetch(api(`/conversations/${probe}/messages`), {
          method: "POST",
          headers: visitorHeaders,
          body: JSON.stringify({ content: `Question ${i}?` }),
        })
      ).text();
    }
    const load = async (cache: "hit" | "miss") => {
      const res = await fetch(`${base}/bench/context-load`, {
        method: "POST",
        headers,
        body: JSON.stringify({ session_id: probe, cache }),
      });
      return (await res.json()) as { ms: number; source: string };
    };
    const samples: Record<"hit" | "miss", number[]> = { hit: [], miss: [] };
    for (let i = 0; i < WARMUP + TURNS; i++) {
      for (const cache of ["hit", "miss"] as const) {
        const result = await load(cache);
        if ((cache === "hit") !== (result.source === "cache")) throw new Error(`expected a KV ${cache}`);
        if (i >= WARMUP) samples[cache].push(result.ms);
      }
    }
    for (const cache of ["hit", "miss"] as const) {
      row(
        `session load: KV ${cache}`,
        `${ms(percentile(samples[cache], 50))} median`,
        `p99 ${ms(percentile(samples[cache], 99))}; 20 messages; ${cache === "hit" ? "KV snapshot" : "KV miss, then D1"}; timed in the Worker`,
      );
    }
  } finally {
    await dev.stop();
    await fake.close();
  }
}

/** The FAQ/section parser on text built to make a backtracking regex explode (2.5 KB once took 17 s). */
function knowledgeParse() {
  const n = 25_000;
  const inputs = [
    "x\n" + " \n".repeat(n) + "Q: x" + " \t".repeat(n) + "y",
    "Q: Open?\nA: Yes." + "\n \t".repeat(n) + "\nQ:" + " ".repeat(n),
    "Q: x\n".repeat(n),
  ];
  const runs = Array.from({ length: 9 }, () => {
    const start = performance.now();
    for (const text of inputs) snippetsFromText(text, "bench");
    return (performance.now() - start) / inputs.length;
  });
  row(
    "knowledge: parse 100 KB adversarial text",
    `${percentile(runs, 50).toFixed(1)} ms median`,
    `p99 ${percentile(runs, 99).toFixed(1)} ms; per 100 KB input, 3 shapes (whitespace runs around Q:/A: lines), 9 runs`,
  );
}

/** Time to the first token (the first match of `marker` in the body), and the whole body. */
async function firstToken(url: string, headers: Record<string, string>, body: string, marker: RegExp) {
  const start = performance.now();
  const res = await fetch(url, { method: "POST", headers, body });
  if (!res.ok || !res.body) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let first = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (!first && marker.test(text)) first = performance.now() - start;
  }
  if (!first) throw new Error(`no first token from ${url}: ${text.slice(0, 300)}`);
  return { firstToken: first, body: text };
}

interface Timing {
  firstByte: number;
  lastByte: number;
  deltas: string[];
}

async function timed(url: string, headers: Record<string, string>, body: string): Promise<Timing> {
  const start = performance.now();
  const res = await fetch(url, { method: "POST", headers, body });
  if (!res.ok || !res.body) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  const reader = res.body.getReader();
  let firstByte = 0;
  let text = "";
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!firstByte) firstByte = performance.now() - start;
    text += decoder.decode(value, { stream: true });
  }
  const lastByte = performance.now() - start;
  const deltas = [...text.matchAll(/^data: (\{"type":"text\.delta".*)$/gm)].map(
    (m) => JSON.parse(m[1]!).text as string,
  );
  return { firstByte, lastByte, deltas };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function waitFor(check: () => boolean, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting for the dev server");
    await new Promise((r) => setTimeout(r, 100));
  }
}

function printTable(header: string[], body: string[][]) {
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log([line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n"));
}
