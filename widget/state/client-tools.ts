import type { ToolResult } from "../api/client";
import type { ToolClientRequestEvent } from "../../protocol";
import type { ClawlessToolHandler } from "../global/contract";

export type ClientToolRequest = ToolClientRequestEvent;

/** Time kept back from the server's deadline so the answer arrives before the turn gives up. */
const MARGIN_MS = 1_000;

export interface ClientToolHost {
  handler(name: string): ClawlessToolHandler | undefined;
  /** Asks the visitor; resolves true to run the tool. */
  confirm(request: ClientToolRequest): Promise<boolean>;
}

/**
 * Runs a client tool the server asked for: the page's handler (after the visitor's OK when the
 * tool wants one), bounded by the call's timeout. Always resolves with something to post back —
 * a result, or the reason there is none (no handler, declined, threw, too slow) — so the turn never
 * waits for nothing.
 */
export async function runClientTool(host: ClientToolHost, request: ClientToolRequest): Promise<ToolResult> {
  const handler = host.handler(request.name);
  if (!handler) return { error: `This page has no handler for the ${request.name} tool.` };
  if (request.confirm && !(await host.confirm(request))) {
    return { error: `The visitor declined to let the assistant use ${request.name}.` };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const budget = Math.max(0, request.timeout_ms - MARGIN_MS);
  const timeout = new Promise<ToolResult>((resolve) => {
    timer = setTimeout(() => resolve({ error: `${request.name} did not finish in time on the page.` }), budget);
  });
  const run = (async (): Promise<ToolResult> => {
    try {
      const output = await handler(request.input);
      return { output: output === undefined ? null : JSON.parse(JSON.stringify(output)) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { error: `${request.name} failed on the page: ${message}` };
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
