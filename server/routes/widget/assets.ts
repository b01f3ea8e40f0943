import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { r2Response } from "./r2-response";

/**
 * Serves the widget bundles from R2: `/widget/v1/clawless.js` (the current release of major
 * version 1, briefly cached) and `/widget/<x.y.z>/…` (one exact release, immutable, with its
 * Subresource Integrity hashes in `integrity.json`). Any site may load them, so they carry
 * `Access-Control-Allow-Origin: *` (the loader imports its chunk as an ES module, and a pinned tag
 * with `integrity` needs `crossorigin="anonymous"`, both CORS loads) and
 * `Cross-Origin-Resource-Policy: cross-origin` (pages isolated with COEP may embed them too).
 */
export const widgetAssetRoutes = new Hono<AppEnv>();

const CONTENT_TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  map: "application/json; charset=utf-8",
  json: "application/json; charset=utf-8",
};

const VERSION = /^(v\d+|\d+\.\d+\.\d+)$/;
const FILE = /^[a-z0-9][a-z0-9._-]*\.(js|mjs|css|map|json)$/i;

widgetAssetRoutes.get("/:version/:file", async (c) => {
  const { version, file } = c.req.param();
  if (!VERSION.test(version) || !FILE.test(file)) throw notFound("Widget file");
  const object = await c.env.FILES.get(`widget/${version}/${file}`, {
    onlyIf: c.req.raw.headers,
  });
  if (!object) throw notFound("Widget file");
  return r2Response(object, {
    "Content-Type": CONTENT_TYPES[file.split(".").pop()!.toLowerCase()] ?? "application/octet-stream",
    "Cache-Control": version.startsWith("v") ? "public, max-age=300" : "public, max-age=31536000, immutable",
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
  });
});
