/**
 * The second `wrangler dev` of the end-to-end tests, for tools: a model is needed that calls tools,
 * so this one's OpenAI-compatible provider points (through `--var`) at the fake upstream started
 * here, scripted by the test through the fake's control API under the fixed scenario id `e2e`.
 * The first server (offline responder) keeps the other tests independent of any model.
 * It waits for the first server, whose dev script builds the widget this one reuses (--skip-build).
 */
import { spawn } from "node:child_process";
import { startFakeUpstreams } from "../server/test/fake-upstreams/server";

const port = Number(process.env.E2E_PORT ?? 8799);
const toolsPort = port + 1;
const fakePort = port + 2;

const fake = await startFakeUpstreams(fakePort);
for (let i = 0; i < 600; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
  } catch {
    // the first server is still starting
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const child = spawn(
  "npx",
  [
    "tsx",
    "scripts/dev.ts",
    "--port",
    String(toolsPort),
    "--persist-to",
    ".wrangler/e2e-tools",
    "--fresh",
    "--quiet",
    "--skip-build",
    "--var",
    "OPENAI_API_KEY:sk-e2e-fake",
    "--var",
    `OPENAI_BASE_URL:${fake.url}/s/e2e/openai/v1`,
    "--var",
    "TOOL_CLIENT_POLL_MS:50",
  ],
  { stdio: "inherit" },
);
const stop = () => {
  child.kill("SIGTERM");
  void fake.close();
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, stop);
child.on("exit", (code) => {
  void fake.close().then(() => process.exit(code ?? 0));
});
