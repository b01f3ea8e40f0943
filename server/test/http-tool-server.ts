import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { listenLocal, readBody } from "./node-server";

/**
 * A tenant's HTTP endpoint for the HTTP-tool tests, in Node (vitest global setup):
 *   /echo/...        200 JSON: the method, path, query, headers and body it received
 *   /status/:code    that status with a short body
 *   /hang            headers never come (the tool's timeout fires)
 *   /big             a 2 MB body, streamed without Content-Length
 *   /redirect-away   302 to another host (localhost instead of 127.0.0.1)
 *   /redirect-home   302 to /echo/home on the same host
 *   /redirect-broken 302 to a Location that is not a URL
 *   /escaped/:code   that status with JSON echoing the headers (and each header value as a key),
 *                    every character of every string written as a \uXXXX escape
 *   /slashes/:code   the same JSON with every "/" written as "\/" (as PHP's json_encode does)
 */
export async function startHttpToolServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    const port = (server.address() as AddressInfo).port;
    if (url.pathname.startsWith("/echo")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          method: req.method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: req.headers,
          body: body ? JSON.parse(body) : null,
        }),
      );
      return;
    }
    const escaped = /^\/(escaped|slashes)\/(\d{3})$/.exec(url.pathname);
    if (escaped) {
      const echo = {
        headers: req.headers,
        by_value: Object.fromEntries(Object.values(req.headers).map((v) => [v, "seen"])),
      };
      res.writeHead(Number(escaped[2]), { "Content-Type": "application/json" });
      res.end(escaped[1] === "escaped" ? unicodeEscapedJson(echo) : JSON.stringify(echo).replaceAll("/", "\\/"));
      return;
    }
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (status) {
      res.writeHead(Number(status[1]), { "Content-Type": "text/plain" });
      res.end(`upstream says ${status[1]}`);
      return;
    }
    if (url.pathname === "/hang") return; // the client gives up; closeAllConnections ends it
    if (url.pathname === "/big") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      const chunk = "x".repeat(64 * 1024);
      for (let i = 0; i < 32 && !res.destroyed; i++) {
        await new Promise<void>((resolve) => res.write(chunk, () => resolve()));
      }
      res.end();
      return;
    }
    if (url.pathname === "/redirect-away") {
      res.writeHead(302, { Location: `http://localhost:${port}/echo/away` }).end();
      return;
    }
    if (url.pathname === "/redirect-broken") {
      res.writeHead(302, { Location: "http://[::1/echo" }).end();
      return;
    }
    if (url.pathname === "/redirect-home") {
      res.writeHead(302, { Location: "/echo/home" }).end();
      return;
    }
    res.writeHead(404).end();
  });
  return listenLocal(server, 0);
}

/** JSON of nested objects of strings, every character of every string as a \uXXXX escape. */
function unicodeEscapedJson(value: unknown): string {
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${unicodeEscapedJson(k)}:${unicodeEscapedJson(v)}`);
    return `{${entries.join(",")}}`;
  }
  const text = String(value);
  return `"${[...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"`;
}
