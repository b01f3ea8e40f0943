/**
 * `npm run deploy` (after `npm run build:widget`): applies D1 migrations to the real database,
 * uploads the widget bundle to the real R2 bucket (widget/v1/ and widget/<version>/), then runs
 * `wrangler deploy`. Needs `wrangler login` and the real ids in wrangler.toml (see README).
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };
import { run } from "./lib/run";

const WIDGET_DIR = "dist/widget";
const BUCKET = "clawless-files";

await run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--remote"]);
for (const file of await readdir(WIDGET_DIR)) {
  for (const version of ["v1", pkg.version]) {
    await run("npx", [
      "wrangler",
      "r2",
      "object",
      "put",
      `${BUCKET}/widget/${version}/${file}`,
      "--file",
      join(WIDGET_DIR, file),
      "--content-type",
      "text/javascript; charset=utf-8",
      "--remote",
    ]);
  }
}
await run("npx", ["wrangler", "deploy"]);
