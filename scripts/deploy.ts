/**
 * `npm run deploy` (after `npm run build:widget` and `build:docs`), in an order where every step
 * leaves production working: D1 migrations on the real database; the widget release under
 * `widget/<version>/` (immutable: skipped when that version is already published with the same
 * bytes, refused when with others); the API reference page's script; `wrangler deploy`; and only
 * then the moving `widget/v1/` channel, loader last. Nothing is deleted, so pages pinned to older
 * versions keep working. Prints the release's Subresource Integrity hashes. Needs `wrangler login`
 * and the real ids in wrangler.toml (README).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };
import { DOCS_SCRIPT_FILE, DOCS_SCRIPT_KEY } from "../server/routes/pages/docs/docs-script";
import { capture, run } from "./lib/run";
import {
  MANIFEST,
  pinnedScriptTag,
  publishPlan,
  readWidgetRelease,
  versionUpload,
  type R2Put,
} from "./lib/widget-release";

const WIDGET_DIR = "dist/widget";
const BUCKET = "clawless-files";

async function put({ key, file }: R2Put): Promise<void> {
  const args = ["r2", "object", "put", `${BUCKET}/${key}`, "--file", join(WIDGET_DIR, file.name)];
  await run("npx", ["wrangler", ...args, "--content-type", file.contentType, "--remote"]);
}

/** The manifest already published for this version, or undefined when there is none. */
async function publishedManifest(version: string): Promise<string | undefined> {
  const key = `${BUCKET}/widget/${version}/${MANIFEST}`;
  const result = await capture("npx", ["wrangler", "r2", "object", "get", key, "--remote", "--pipe"]);
  if (result.code === 0) return result.stdout;
  if (/does not exist|NoSuchKey|10007/i.test(result.stdout + result.stderr)) return undefined;
  throw new Error(`could not read ${key}:\n${result.stderr || result.stdout}`);
}

const release = await readWidgetRelease(WIDGET_DIR, pkg.version);
// Every file is uploaded from disk, so the generated manifest goes beside the built files.
for (const file of release.files) await writeFile(join(WIDGET_DIR, file.name), file.body);
const plan = publishPlan(release);

await run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--remote"]);
if (versionUpload(release, await publishedManifest(release.version)) === "upload") {
  for (const upload of plan.version) await put(upload);
} else {
  console.log(`widget ${release.version} is already published with these exact files: not uploaded again.`);
}
await run("npx", [
  ...["wrangler", "r2", "object", "put", `${BUCKET}/${DOCS_SCRIPT_KEY}`, "--file", DOCS_SCRIPT_FILE],
  ...["--content-type", "text/javascript; charset=utf-8", "--remote"],
]);
await run("npx", ["wrangler", "deploy"]);
for (const upload of plan.channel) await put(upload);

console.log(`\nWidget ${release.version} (Subresource Integrity, also at /widget/${release.version}/${MANIFEST}):`);
for (const [name, integrity] of Object.entries(release.manifest.files))
  console.log(`  ${name.padEnd(20)} ${integrity}`);
console.log(`\nPinned embed:\n  ${pinnedScriptTag("https://YOUR-WORKER", release)}\n`);
