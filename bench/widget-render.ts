/**
 * The widget's render cost in Chromium (the workload of TOOLCHAIN.md "Measuring render cost"): a
 * seeded 50,000-character markdown answer (code fences, a table, headings, lists, quotes) cut at
 * arbitrary positions into 2,000 chunks of 9–41 characters, streamed into `<clawless-chat>` as one
 * assistant message through its real path (fetch body → SSE parser → controller → markdown), one
 * chunk per MessageChannel task. Main-thread busy time is CDP `Performance.getMetrics`
 * TaskDuration (not ScriptDuration, which misses promise callbacks); median of 5 runs. The longest
 * task comes from separate traced runs (median of 3), so tracing does not inflate the busy figures.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "@playwright/test";

const ORIGIN = "http://bench.test";
const RUNS = Number(process.env.BENCH_RENDER_RUNS ?? 5);
const TEXT_LENGTH = 50_000;
const CHUNKS = 2_000;

export interface RenderResult {
  busyMs: number;
  layoutStyleMs: number;
  wallMs: number;
  longestTaskMs: number;
}

export async function measureWidgetRender(): Promise<{ median: RenderResult; runs: RenderResult[] }> {
  const chunks = cut(markdownAnswer(TEXT_LENGTH), CHUNKS);
  const executablePath =
    process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  const browser = await chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const runs: RenderResult[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await run(browser, chunks, false));
    // Traced runs give the longest task; three, as one descheduled task on a busy machine can read long.
    const traced: number[] = [];
    for (let i = 0; i < 3; i++) traced.push((await run(browser, chunks, true)).longestTaskMs);
    const median = (pick: (r: RenderResult) => number) => [...runs.map(pick)].sort((a, b) => a - b)[RUNS >> 1]!;
    return {
      runs,
      median: {
        busyMs: median((r) => r.busyMs),
        layoutStyleMs: median((r) => r.layoutStyleMs),
        wallMs: median((r) => r.wallMs),
        longestTaskMs: traced.sort((a, b) => a - b)[1]!,
      },
    };
  } finally {
    await browser.close();
  }
}

async function run(browser: Browser, chunks: string[], trace: boolean): Promise<RenderResult> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === "/clawless-chat.js") {
        return route.fulfill({ path: "dist/widget/clawless-chat.js", contentType: "text/javascript" });
      }
      return route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><html lang="en"><body style="margin:0">
          <div style="height:800px"><clawless-chat publishable-key="pk_bench" api="${ORIGIN}" mode="inline"></clawless-chat></div>
          <script type="module" src="/clawless-chat.js"></script></body></html>`,
      });
    });
    // tsx (esbuild keepNames) wraps named functions in `__name(...)`; the page needs it too.
    await page.addInitScript("globalThis.__name = (target) => target");
    await page.addInitScript(fakeApi, chunks);
    if (process.env.BENCH_DEBUG) {
      page.on("console", (m) => console.log("console:", m.text()));
      page.on("pageerror", (e) => console.log("pageerror:", e.message));
      page.on("crash", () => console.log("crash"));
    }
    await page.goto(`${ORIGIN}/`);
    await page.getByRole("textbox", { name: "Message" }).waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable", { timeDomain: "timeTicks" });
    const metrics = async () => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      return Object.fromEntries(metrics.map((m: { name: string; value: number }) => [m.name, m.value]));
    };
    if (trace)
      await browser.startTracing(page, {
        categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel"],
      });
    const before = await metrics();
    const wallMs = await page.evaluate(streamAnswer);
    const after = await metrics();
    const longestTaskMs = trace ? longestTask(await browser.stopTracing()) : 0;
    const delta = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
    const rendered = await page.locator("clawless-chat [part~=message-assistant] .bubble").innerText();
    if (rendered.length < TEXT_LENGTH * 0.8) throw new Error(`the answer did not render (${rendered.length} chars)`);
    return {
      busyMs: delta("TaskDuration"),
      layoutStyleMs: delta("LayoutDuration") + delta("RecalcStyleDuration"),
      wallMs,
      longestTaskMs,
    };
  } finally {
    await page.close();
  }
}

/** In the page: sends the question and resolves with the wall time once the answer is drawn. */
function streamAnswer(): Promise<number> {
  return new Promise((resolve) => {
    const element = document.querySelector("clawless-chat") as HTMLElement & { send(text: string): Promise<void> };
    const start = performance.now();
    element.addEventListener("clawless-message", () =>
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start))),
    );
    void element.send("Tell me everything");
  });
}

/**
 * In the page, before the widget loads: the widget API answered locally. The answer's SSE body
 * gets one chunk per MessageChannel task (setTimeout would clamp to 4 ms per nested call).
 */
function fakeApi(chunks: string[]): void {
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });
  const now = new Date().toISOString();
  const message = (seq: number, role: string, content: string) => ({
    id: `m_${seq}`,
    conversation_id: "c_1",
    seq,
    role,
    content,
    status: "complete",
    model: role === "assistant" ? "bench" : null,
    created_at: now,
  });
  const frame = (id: number, event: Record<string, unknown>) =>
    `id: ${id}\nevent: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const method = init?.method ?? "GET";
    const path = url.pathname.replace("/v1/widget", "");
    if (path === "/bootstrap") {
      return json({
        visitor: { id: "v_1", token: "vt_1" },
        tenant: { name: "Bench", greeting: "", suggested_prompts: [], theme: {} },
      });
    }
    if (path === "/conversations" && method === "POST") {
      return json({ conversation: { id: "c_1", created_at: now, updated_at: now, title: null } });
    }
    if (method === "GET") return json({ data: [], has_more: false });
    const content = JSON.parse(String(init?.body)).content as string;
    const encoder = new TextEncoder();
    const frames = [
      frame(1, { type: "message.user", message: message(1, "user", content) }),
      frame(2, { type: "message.start", message_id: "m_2", model: "bench" }),
      ...chunks.map((text, i) => frame(i + 3, { type: "text.delta", message_id: "m_2", text })),
      frame(chunks.length + 3, { type: "message.done", message: message(2, "assistant", chunks.join("")) }),
    ];
    const channel = new MessageChannel();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let next = 0;
        channel.port1.onmessage = () => {
          controller.enqueue(encoder.encode(frames[next++]));
          if (next < frames.length) channel.port2.postMessage(0);
          else controller.close();
        };
        channel.port2.postMessage(0);
      },
    });
    return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
  };
}

/** The longest main-thread task (`RunTask`) of the renderer in a devtools.timeline trace, in ms. */
function longestTask(trace: Buffer): number {
  const events = (JSON.parse(trace.toString("utf8")) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  let longest = 0;
  const tasks: number[] = [];
  for (const event of events) {
    if (event.name !== "RunTask" || event.ph !== "X" || !event.dur) continue;
    if (main && (event.pid !== main.pid || event.tid !== main.tid)) continue;
    longest = Math.max(longest, event.dur / 1000);
    tasks.push(event.dur / 1000);
  }
  if (process.env.BENCH_DEBUG) console.log("longest tasks (ms):", tasks.sort((a, b) => b - a).slice(0, 8));
  return longest;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

/** A seeded markdown answer of exactly `length` characters. */
export function markdownAnswer(length: number): string {
  const random = mulberry32(42);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const words = (n: number) =>
    Array.from({ length: n }, () =>
      pick([
        "widget",
        "stream",
        "token",
        "**bold**",
        "*soft*",
        "`code`",
        "answer",
        "visitor",
        "tenant",
        "latency",
        "the",
        "a",
        "of",
      ]),
    ).join(" ");
  const blocks: string[] = [];
  let size = 0;
  while (size < length) {
    const block = pick([
      () => `## ${words(4)}`,
      () => `${words(40)}. ${words(30)} [docs](https://example.com/${Math.floor(random() * 1000)}).`,
      () => Array.from({ length: 4 }, () => `- ${words(8)}`).join("\n"),
      () => Array.from({ length: 3 }, (_, i) => `${i + 1}. ${words(10)}`).join("\n"),
      () => `> ${words(20)}\n> ${words(12)}`,
      () =>
        "```ts\n" + Array.from({ length: 8 }, (_, i) => `const v${i} = compute("${words(3)}");`).join("\n") + "\n```",
      () =>
        `| name | value | note |\n|---|---|---|\n${Array.from({ length: 5 }, () => `| ${words(1)} | ${Math.floor(random() * 100)} | ${words(3)} |`).join("\n")}`,
    ])();
    blocks.push(block);
    size += block.length + 2;
  }
  return blocks.join("\n\n").slice(0, length);
}

/** `count` chunks of 9–41 characters covering `text`, cut at seeded arbitrary positions. */
export function cut(text: string, count: number): string[] {
  const random = mulberry32(7);
  const sizes = new Array<number>(count).fill(Math.floor(text.length / count));
  sizes[count - 1]! += text.length - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; i < count * 4; i++) {
    const from = Math.floor(random() * count);
    const to = Math.floor(random() * count);
    const amount = Math.floor(random() * 16);
    if (sizes[from]! - amount >= 9 && sizes[to]! + amount <= 41) {
      sizes[from]! -= amount;
      sizes[to]! += amount;
    }
  }
  const chunks: string[] = [];
  let at = 0;
  for (const size of sizes) {
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// `npx tsx bench/widget-render.ts` runs this bench alone (after `npm run build:widget`).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { median, runs } = await measureWidgetRender();
  console.log({ median, runs });
}
