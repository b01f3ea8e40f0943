/**
 * `npm run dev`: everything local, offline, from a fresh clone.
 *   1. .dev.vars from .dev.vars.example when missing (with generated secrets)
 *   2. the widget bundle and the API reference page's script (Vite)
 *   3. D1 migrations, applied locally
 *   4. the demo tenant, seeded idempotently (its keys kept in <persist>/demo-keys.json)
 *   5. the widget bundle and the reference page's script put into local R2
 *   6. `wrangler dev` on http://127.0.0.1:8787, then the demo URL and keys printed
 * Flags: --port N, --persist-to DIR (default .wrangler/state), --fresh (wipe local data first),
 * --quiet (less output; used by the e2e tests and the benchmark), --var NAME:VALUE (passed on),
 * --test-scheduled (passed on: `GET /__scheduled?cron=...` runs the cron handler; e2e tests),
 * --skip-build (use the widget and script already in dist/: a second dev server beside a first one).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ensureDevVars } from "./lib/dev-vars";
import { run, wranglerEnv } from "./lib/run";
import { seedLocal } from "./lib/seed";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8787" },
    "persist-to": { type: "string", default: ".wrangler/state" },
    fresh: { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
    var: { type: "string", multiple: true, default: [] },
    "test-scheduled": { type: "boolean", default: false },
    "skip-build": { type: "boolean", default: false },
  },
});
const port = Number(values.port);
const persistTo = values["persist-to"];
const quiet = values.quiet;
const log = (line: string) => console.log(line);
const step = (line: string) => quiet || log(`\x1b[2m› ${line}\x1b[0m`);

if (values.fresh && existsSync(persistTo)) await rm(persistTo, { recursive: true, force: true });

step("secrets: .dev.vars");
const generated = await ensureDevVars();
if (generated.length) log(`Generated into .dev.vars: ${generated.join(", ")}.`);

if (!values["skip-build"]) {
  step("widget and docs script: vite build");
  await run("npx", ["vite", "build", "--logLevel", "warn"], { quiet });
  await run("npx", ["vite", "build", "--mode", "loader", "--logLevel", "warn"], { quiet });
  await run("npx", ["vite", "build", "--mode", "docs", "--logLevel", "warn"], { quiet });
}

step("D1: migrations");
await run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
  quiet: true,
});

step("seed: demo tenant, widget bundle and docs script into R2");
const demo = await seedLocal(persistTo);

step(`wrangler dev on port ${port}`);
const varArgs = values.var.flatMap((v) => ["--var", v]);
const child = spawn(
  "npx",
  [
    "wrangler",
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--persist-to",
    persistTo,
    "--show-interactive-dev-session=false",
    ...varArgs,
    ...(values["test-scheduled"] ? ["--test-scheduled"] : []),
  ],
  { stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit", env: wranglerEnv() },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));

const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 600; i++) {
  try {
    if ((await fetch(`${base}/health`)).ok) break;
  } catch {
    // not listening yet
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}
log(`
  Clawless is running locally (offline responder; add a provider key to .dev.vars for a real model).

  Demo page         ${base}/demo   (sales console: passcode = SALES_TOKEN in .dev.vars)
  Widget script     ${base}/widget/v1/clawless.js
  API reference     ${base}/docs   (OpenAI-compatible: baseURL ${base}/v1 with the secret key)
  Publishable key   ${demo.publishable}
  Secret key        ${demo.secret}

  Embed:  <script src="${base}/widget/v1/clawless.js" data-key="${demo.publishable}" async></script>
`);
