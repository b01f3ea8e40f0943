import { createServer, type ServerResponse } from "node:http";
import { listenLocal, readBody } from "../node-server";
import type { RecordedRequest, ScenarioScript, Step, StreamStep } from "./script";

/**
 * Fake model upstreams for tests, in Node: the Anthropic Messages API and the OpenAI chat
 * completions API, speaking their exact streaming wire formats (and error bodies), so the real
 * SDKs run against them. Tests script a scenario through the control API and get its own base
 * URLs (the scenario id is in the path), so tests and test files never share a queue:
 *   POST /__scenarios                  {id?, anthropic?: Step[], openai?: Step[]} → {id}
 *   GET  /__scenarios/:id/requests     what the SDKs sent (headers and JSON bodies)
 *   POST /__scenarios/:id/release      lets a held stream go on
 *   /s/:id/anthropic/v1/messages       Anthropic (base URL without /v1, as the SDK wants)
 *   /s/:id/openai/v1/chat/completions  OpenAI (base URL ending in /v1, as the client wants)
 */

interface Scenario {
  queues: Record<"anthropic" | "openai", Step[]>;
  requests: RecordedRequest[];
  released: boolean;
  waiting: (() => void)[];
}

export async function startFakeUpstreams(port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const scenarios = new Map<string, Scenario>();
  let counter = 0;

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const body = await readBody(req);
      if (req.method === "POST" && url.pathname === "/__scenarios") {
        const script = JSON.parse(body) as ScenarioScript;
        const id = script.id && /^\w{1,64}$/.test(script.id) ? script.id : `sc${++counter}`;
        scenarios.set(id, {
          queues: { anthropic: [...(script.anthropic ?? [])], openai: [...(script.openai ?? [])] },
          requests: [],
          released: false,
          waiting: [],
        });
        return json(res, 200, { id });
      }
      const control = /^\/__scenarios\/(\w+)\/(requests|release)$/.exec(url.pathname);
      if (control) {
        const scenario = scenarios.get(control[1]!);
        if (!scenario) return json(res, 404, { error: "no such scenario" });
        if (control[2] === "requests") return json(res, 200, scenario.requests);
        scenario.released = true;
        for (const wake of scenario.waiting.splice(0)) wake();
        return json(res, 200, { released: true });
      }
      const model = /^\/s\/(\w+)\/(anthropic|openai)\/v1\/(messages|chat\/completions)$/.exec(url.pathname);
      const scenario = model ? scenarios.get(model[1]!) : undefined;
      if (!model || !scenario) return json(res, 404, { error: "unknown path" });
      const provider = model[2] as "anthropic" | "openai";
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const parsed = body ? JSON.parse(body) : null;
      scenario.requests.push({ provider, path: url.pathname, headers, body: parsed });
      const step = scenario.queues[provider].shift();
      if (!step) return errorResponse(res, provider, 500, "api_error", "fake upstream: no scripted response left");
      const waitForRelease = () =>
        scenario.released ? Promise.resolve() : new Promise<void>((resolve) => scenario.waiting.push(resolve));
      if (step.kind === "drop") return req.socket.destroy();
      if (step.kind === "status") {
        return errorResponse(res, provider, step.status, step.error_type, step.message, step.headers);
      }
      const model_ = String(parsed?.model ?? "fake-model");
      if (provider === "anthropic") await streamAnthropic(res, step, model_, waitForRelease);
      else await streamOpenAi(res, step, model_, waitForRelease);
    } catch (error) {
      if (!res.headersSent) json(res, 500, { error: String(error) });
      else res.destroy();
    }
  });
  return listenLocal(server, port);
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

function errorResponse(
  res: ServerResponse,
  provider: "anthropic" | "openai",
  status: number,
  type = ERROR_TYPES[status] ?? "api_error",
  message = `fake upstream says ${status}`,
  headers: Record<string, string> = {},
) {
  const body =
    provider === "anthropic"
      ? { type: "error", error: { type, message }, request_id: "req_fake" }
      : { error: { message, type, param: null, code: null } };
  res.writeHead(status, { "Content-Type": "application/json", "request-id": "req_fake", ...headers });
  res.end(JSON.stringify(body));
}

type Frame = { event?: string; data: unknown };

/** Writes frames in order; after `fail.after` text pieces, fails as scripted. */
async function writeStream(
  res: ServerResponse,
  frames: Frame[],
  textIndexes: number[],
  fail: StreamStep["fail"],
  onError: () => Frame,
  waitForRelease: () => Promise<void>,
) {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", "request-id": "req_fake" });
  const failAt = fail ? (textIndexes[fail.after] ?? frames.length - 1) : -1;
  for (let i = 0; i < frames.length; i++) {
    if (i === failAt && fail) {
      if (fail.how === "error") return res.end(encode(onError()));
      if (fail.how === "drop") return res.destroy();
      if (fail.how === "stall") return; // the client's timeout closes the connection
      await waitForRelease();
    }
    if (res.destroyed) return;
    // Wait for each frame to be flushed, so a scripted drop happens after what came before it.
    await new Promise<void>((resolve) => res.write(encode(frames[i]!), () => resolve()));
  }
  res.end();
}

const encode = (frame: Frame) =>
  `${frame.event ? `event: ${frame.event}\n` : ""}data: ${typeof frame.data === "string" ? frame.data : JSON.stringify(frame.data)}\n\n`;

async function streamAnthropic(res: ServerResponse, step: StreamStep, model: string, wait: () => Promise<void>) {
  const frames: Frame[] = [];
  const textIndexes: number[] = [];
  const usage = step.usage ?? { input_tokens: 25, output_tokens: 10 };
  const push = (data: { type: string } & Record<string, unknown>) => frames.push({ event: data.type, data });
  push({
    type: "message_start",
    message: {
      id: "msg_fake",
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input_tokens, output_tokens: 1 },
    },
  });
  frames.push({ event: "ping", data: { type: "ping" } });
  let index = 0;
  if (step.thinking) {
    push({ type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } });
    for (const thinking of step.thinking) {
      push({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking } });
    }
    push({ type: "content_block_delta", index, delta: { type: "signature_delta", signature: "sig_fake" } });
    push({ type: "content_block_stop", index });
    index++;
  }
  if (step.text) {
    push({ type: "content_block_start", index, content_block: { type: "text", text: "" } });
    for (const text of step.text) {
      textIndexes.push(frames.length);
      push({ type: "content_block_delta", index, delta: { type: "text_delta", text } });
    }
    push({ type: "content_block_stop", index });
    index++;
  }
  for (const tool of step.tools ?? []) {
    push({
      type: "content_block_start",
      index,
      content_block: { type: "tool_use", id: tool.id, name: tool.name, input: {} },
    });
    for (const partial_json of tool.args) {
      push({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json } });
    }
    push({ type: "content_block_stop", index });
    index++;
  }
  push({
    type: "message_delta",
    delta: { stop_reason: step.tools?.length ? "tool_use" : "end_turn", stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  push({ type: "message_stop" });
  const onError = () => ({
    event: "error",
    data: { type: "error", error: { type: step.fail?.error_type ?? "overloaded_error", message: "Overloaded" } },
  });
  await writeStream(res, frames, textIndexes, step.fail, onError, wait);
}

async function streamOpenAi(res: ServerResponse, step: StreamStep, model: string, wait: () => Promise<void>) {
  const frames: Frame[] = [];
  const textIndexes: number[] = [];
  const chunk = (delta: Record<string, unknown>, finish_reason: string | null = null) => ({
    data: {
      id: "chatcmpl-fake",
      object: "chat.completion.chunk",
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, delta, finish_reason }],
    },
  });
  frames.push(chunk({ role: "assistant", content: "" }));
  for (const content of step.text ?? []) {
    textIndexes.push(frames.length);
    frames.push(chunk({ content }));
  }
  (step.tools ?? []).forEach((tool, index) => {
    tool.args.forEach((args, i) => {
      const fn = i === 0 ? { name: tool.name, arguments: args } : { arguments: args };
      frames.push(
        chunk({ tool_calls: [{ index, ...(i === 0 ? { id: tool.id, type: "function" } : {}), function: fn }] }),
      );
    });
  });
  frames.push(chunk({}, step.tools?.length ? "tool_calls" : "stop"));
  const usage = step.usage ?? { input_tokens: 25, output_tokens: 10 };
  frames.push({
    data: {
      id: "chatcmpl-fake",
      object: "chat.completion.chunk",
      created: 1_700_000_000,
      model,
      choices: [],
      usage: {
        prompt_tokens: usage.input_tokens,
        completion_tokens: usage.output_tokens,
        total_tokens: usage.input_tokens + usage.output_tokens,
      },
    },
  });
  frames.push({ data: "[DONE]" });
  const onError = () => ({ data: { error: { message: "fake upstream failed mid-stream", type: "server_error" } } });
  await writeStream(res, frames, textIndexes, step.fail, onError, wait);
}
