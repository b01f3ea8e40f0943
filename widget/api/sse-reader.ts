/**
 * Server-Sent Events over a fetch body (EventSource cannot POST). Parsing is incremental: each
 * chunk is scanned once and only an unfinished line is carried over, so the cost per chunk does
 * not grow with the length of the stream.
 */

export interface SseFrame {
  id: string | undefined;
  event: string;
  data: string;
}

/** The line-level parser of the SSE wire format (WHATWG HTML, "event stream interpretation"). */
export class SseParser {
  #partialLine = "";
  #skipLineFeed = false;
  #data: string[] = [];
  #event = "";
  #lastId: string | undefined;

  /** Feeds decoded text; returns the frames it completed. */
  push(chunk: string): SseFrame[] {
    const frames: SseFrame[] = [];
    let start = 0;
    if (this.#skipLineFeed && chunk.startsWith("\n")) start = 1;
    this.#skipLineFeed = false;
    for (let i = start; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      const line = this.#partialLine + chunk.slice(start, i);
      this.#partialLine = "";
      if (code === 13) {
        if (i + 1 === chunk.length) this.#skipLineFeed = true;
        else if (chunk.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
      const frame = this.#line(line);
      if (frame) frames.push(frame);
    }
    this.#partialLine += chunk.slice(start);
    return frames;
  }

  #line(line: string): SseFrame | undefined {
    if (line === "") {
      if (this.#data.length === 0) {
        this.#event = "";
        return undefined;
      }
      const frame = { id: this.#lastId, event: this.#event || "message", data: this.#data.join("\n") };
      this.#data = [];
      this.#event = "";
      return frame;
    }
    if (line.startsWith(":")) return undefined; // a comment, e.g. `: heartbeat`
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.#data.push(value);
    else if (field === "event") this.#event = value;
    else if (field === "id" && !value.includes("\0")) this.#lastId = value;
    return undefined;
  }
}

/** Yields the frames of an SSE response body until it ends (an unterminated last frame is dropped). */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseFrame> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
