import type { ToolSpec } from "../llm/provider";
import type { SessionRecord } from "../sessions/repository";
import type { Tenant } from "../tenants/tenant";
import { isToolAllowed } from "../tenants/tool-permissions";
import { BUILTIN_TOOLS } from "../tools/builtins";
import { clientTool } from "../tools/client-tool";
import { httpTool } from "../tools/http-tool";
import type { Tool } from "../tools/tool";

/**
 * The tools of one turn: every tool the tenant has (built-ins, its HTTP tools, and its client tools
 * when a browser is there to run them), and which of them this turn may call. Permission is the
 * tenant's allow/deny, narrowed — never widened — by the session's scope and the caller's scope.
 * The model is offered only permitted tools; a call to any other is answered "not permitted".
 */

export interface ToolboxInput {
  tenant: Tenant;
  session: SessionRecord;
  /** The session's stored narrowing (session-scope.ts); null: none. */
  sessionScope: readonly string[] | null;
  /** The caller's narrowing for this turn (e.g. a secret-key API call); null or absent: none. */
  callScope?: readonly string[] | null;
  /** Nesting depth (sessions_send): a nested turn may not send on. */
  depth: number;
  clientPollMs: number;
}

export interface Toolbox {
  /** What the model is offered. */
  specs: ToolSpec[];
  find(name: string): Tool | undefined;
  permitted(name: string): boolean;
}

export function toolbox(input: ToolboxInput): Toolbox {
  const { tools: config } = input.tenant.config;
  const all = new Map<string, Tool>();
  for (const tool of BUILTIN_TOOLS) all.set(tool.name, tool);
  for (const http of config.http) all.set(http.name, httpTool(http));
  // Client tools need the widget: an API session has no browser to run them in.
  if (input.session.channel === "widget") {
    for (const client of config.client) all.set(client.name, clientTool(client, input.clientPollMs));
  }
  const permitted = (name: string) =>
    isToolAllowed(config, name) &&
    (input.sessionScope === null || input.sessionScope.includes(name)) &&
    (!input.callScope || input.callScope.includes(name)) &&
    !(input.depth > 0 && name === "sessions_send");
  const specs = [...all.values()]
    .filter((tool) => permitted(tool.name))
    .map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.input_schema }));
  return { specs, find: (name) => all.get(name), permitted };
}
