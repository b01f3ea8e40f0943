import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../env";
import { parseJsonBody } from "../../http/validation";
import { createSseStream } from "../../streaming/sse";
import { contextLoad } from "./context-load";

/**
 * The benchmark's baseline: streams given text pieces as the same SSE events a turn sends, with
 * no auth, storage or routing. Mounted only when BENCH_ROUTES is "true" (set by `npm run bench`).
 */
export const benchRoutes = new Hono<AppEnv>();

const bodySchema = z.object({ chunks: z.array(z.string()).max(10_000) });

benchRoutes.post("/bare-stream", async (c) => {
  const { chunks } = await parseJsonBody(c, bodySchema, 1024 * 1024);
  const stream = createSseStream();
  const messageId = "msg_bench";
  stream.send({ type: "message.start", message_id: messageId, model: "bench" });
  for (const text of chunks) stream.send({ type: "text.delta", message_id: messageId, text });
  stream.close();
  return stream.response;
});

benchRoutes.post("/context-load", contextLoad);
