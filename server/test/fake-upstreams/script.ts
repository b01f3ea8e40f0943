/**
 * The script language of the fake upstreams, shared by the Node server and the tests in workerd.
 * A scenario has a queue of steps per provider; each model request takes the next step.
 */

export interface ToolScript {
  id: string;
  name: string;
  /** The JSON arguments, cut into the pieces the stream sends. */
  args: string[];
}

export interface StreamStep {
  kind: "stream";
  text?: string[];
  /** Anthropic only: a thinking block before the text. */
  thinking?: string[];
  tools?: ToolScript[];
  usage?: { input_tokens: number; output_tokens: number };
  /**
   * What goes wrong after `after` text pieces: an `error` event (Anthropic `event: error`,
   * OpenAI a data object with `error`), a dropped connection, a stall (nothing more, connection
   * open), or a hold (nothing more until the test releases the scenario, then the rest).
   */
  fail?: { after: number; how: "error" | "drop" | "stall" | "hold"; error_type?: string };
}

export interface StatusStep {
  kind: "status";
  status: number;
  headers?: Record<string, string>;
  error_type?: string;
  message?: string;
}

/** The connection is closed before any response. */
export interface DropStep {
  kind: "drop";
}

export type Step = StreamStep | StatusStep | DropStep;

export interface ScenarioScript {
  /** A fixed id (e.g. for a `wrangler dev` started with the scenario's URL); posting it again replaces it. */
  id?: string;
  anthropic?: Step[];
  openai?: Step[];
}

export interface RecordedRequest {
  provider: "anthropic" | "openai";
  path: string;
  headers: Record<string, string>;
  body: any;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The fake upstreams' control URL, from the global setup. */
    fakeUpstreamUrl: string;
    /** The local endpoint HTTP tools are tested against (see http-tool-server.ts). */
    httpToolServerUrl: string;
  }
}
