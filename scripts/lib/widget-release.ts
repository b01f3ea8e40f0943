/**
 * One widget release as it goes into R2, shared by `npm run deploy` and the local seed so both
 * publish the same way. A release is the built files of dist/widget under `widget/<version>/`
 * (immutable once published: pages pin them with Subresource Integrity) plus `integrity.json`,
 * the SRI hash of every file; the moving channel `widget/v1/` is switched only after the whole
 * version is in place, its loader last, and nothing is ever deleted.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** The moving channel the default script tag loads (`/widget/v1/clawless.js`). */
export const CHANNEL = "v1";
/** The script-tag loader: switched last, so it never points at a half-updated channel. */
export const LOADER = "clawless.js";
export const MANIFEST = "integrity.json";

const CONTENT_TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json; charset=utf-8",
};

export interface WidgetFile {
  name: string;
  body: Uint8Array;
  contentType: string;
  /** The Subresource Integrity value, `sha384-<base64>`. */
  integrity: string;
}

/** What `/widget/<version>/integrity.json` holds. */
export interface IntegrityManifest {
  version: string;
  files: Record<string, string>;
}

export interface WidgetRelease {
  version: string;
  /** The built files and, last, the manifest. */
  files: WidgetFile[];
  manifest: IntegrityManifest;
}

export interface R2Put {
  key: string;
  file: WidgetFile;
}

export function subresourceIntegrity(body: Uint8Array): string {
  return `sha384-${createHash("sha384").update(body).digest("base64")}`;
}

function widgetFile(name: string, body: Uint8Array): WidgetFile {
  const extension = name.split(".").pop() ?? "";
  const contentType = CONTENT_TYPES[extension];
  if (!contentType) throw new Error(`No content type for widget file ${name}`);
  return { name, body, contentType, integrity: subresourceIntegrity(body) };
}

/** Reads a built widget (`npm run build:widget`) as the release `version`. */
export async function readWidgetRelease(dir: string, version: string): Promise<WidgetRelease> {
  const names = (await readdir(dir)).filter((name) => name !== MANIFEST).sort();
  if (!names.includes(LOADER)) throw new Error(`${dir} has no ${LOADER}: run npm run build:widget first`);
  // A plain Uint8Array, not node's Buffer: the local seed hands it to workerd, which takes no Buffer.
  const read = async (name: string) => new Uint8Array(await readFile(join(dir, name)));
  const built = await Promise.all(names.map(async (name) => widgetFile(name, await read(name))));
  const manifest: IntegrityManifest = {
    version,
    files: Object.fromEntries(built.map((file) => [file.name, file.integrity])),
  };
  const manifestFile = widgetFile(MANIFEST, new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
  return { version, files: [...built, manifestFile], manifest };
}

/**
 * The R2 writes that publish a release, in order: every file of `widget/<version>/` first, then
 * the channel, whose loader comes last. There are no deletes: older versions stay servable.
 */
export function publishPlan(release: WidgetRelease): { version: R2Put[]; channel: R2Put[] } {
  const put = (prefix: string) => (file: WidgetFile) => ({ key: `widget/${prefix}/${file.name}`, file });
  const loaderLast = [...release.files].sort((a, b) => Number(a.name === LOADER) - Number(b.name === LOADER));
  return { version: release.files.map(put(release.version)), channel: loaderLast.map(put(CHANNEL)) };
}

/**
 * Whether the version still has to be uploaded, given the manifest already published under its
 * name (if any). A published version is never overwritten with other bytes: pages pin its hashes.
 */
export function versionUpload(release: WidgetRelease, published: string | undefined): "upload" | "already-published" {
  if (published === undefined) return "upload";
  const hashes = (manifest: IntegrityManifest) => JSON.stringify(Object.entries(manifest.files).sort());
  if (hashes(JSON.parse(published) as IntegrityManifest) === hashes(release.manifest)) return "already-published";
  throw new Error(
    `widget ${release.version} is already published with other content, and pages pin its hashes. ` +
      `Bump "version" in package.json and deploy again.`,
  );
}

/** The pinned script tag for a release, as the README shows it. */
export function pinnedScriptTag(origin: string, release: WidgetRelease, publishableKey = "pk_live_…"): string {
  const integrity = release.manifest.files[LOADER];
  return (
    `<script src="${origin}/widget/${release.version}/${LOADER}" integrity="${integrity}" ` +
    `crossorigin="anonymous" data-key="${publishableKey}" async></script>`
  );
}
