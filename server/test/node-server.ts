import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Shared by the Node-side test servers (fake model upstreams, the HTTP tool endpoint). */

/** Listens on 127.0.0.1 (port 0: any free one); `close` also ends kept-alive and stalled streams. */
export async function listenLocal(server: Server, port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.on("data", (chunk: Buffer) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}
