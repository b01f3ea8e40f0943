import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { webcrypto } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL, LOADER, MANIFEST, publishPlan, readWidgetRelease, versionUpload } from "./widget-release";

/** The widget release as `npm run deploy` and the local seed publish it, from a built folder. */

let dir: string;
const LOADER_SOURCE = "(function(){/* loader */})();\n";
const CHUNK_SOURCE = "export function attachGlobalApi(){}\n";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "clawless-widget-"));
  await writeFile(join(dir, LOADER), LOADER_SOURCE);
  await writeFile(join(dir, "clawless-chat.js"), CHUNK_SOURCE);
  // A manifest left by an earlier deploy is regenerated, never taken as a file of the release.
  await writeFile(join(dir, MANIFEST), "{}");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function sri(text: string): Promise<string> {
  const digest = await webcrypto.subtle.digest("SHA-384", new TextEncoder().encode(text));
  return `sha384-${Buffer.from(digest).toString("base64")}`;
}

describe("a widget release", () => {
  it("publishes the SHA-384 Subresource Integrity of every built file in integrity.json", async () => {
    const release = await readWidgetRelease(dir, "1.2.3");
    expect(release.manifest).toEqual({
      version: "1.2.3",
      files: { [LOADER]: await sri(LOADER_SOURCE), "clawless-chat.js": await sri(CHUNK_SOURCE) },
    });
    const manifestFile = release.files.find((file) => file.name === MANIFEST)!;
    expect(JSON.parse(new TextDecoder().decode(manifestFile.body))).toEqual(release.manifest);
    expect(manifestFile.contentType).toBe("application/json; charset=utf-8");
    const loader = release.files.find((file) => file.name === LOADER)!;
    expect(loader.contentType).toBe("text/javascript; charset=utf-8");
    // workerd (the local seed puts these through getPlatformProxy) accepts no node Buffer.
    expect(loader.body.constructor).toBe(Uint8Array);
  });

  it("uploads every file of the version before switching the channel, the channel's loader last, and deletes nothing", async () => {
    const plan = publishPlan(await readWidgetRelease(dir, "1.2.3"));
    const names = ["clawless-chat.js", LOADER, MANIFEST];
    expect(plan.version.map((put) => put.key).sort()).toEqual(names.map((name) => `widget/1.2.3/${name}`).sort());
    expect(plan.channel.map((put) => put.key).sort()).toEqual(names.map((name) => `widget/${CHANNEL}/${name}`).sort());
    expect(plan.channel.at(-1)!.key).toBe(`widget/${CHANNEL}/${LOADER}`);
  });

  it("is uploaded once: the same bytes again are skipped, other bytes under a published version are refused", async () => {
    const release = await readWidgetRelease(dir, "1.2.3");
    const published = JSON.stringify(release.manifest);
    expect(versionUpload(release, undefined)).toBe("upload");
    expect(versionUpload(release, published)).toBe("already-published");

    await writeFile(join(dir, "clawless-chat.js"), "export function attachGlobalApi(){ /* changed */ }\n");
    const rebuilt = await readWidgetRelease(dir, "1.2.3");
    expect(() => versionUpload(rebuilt, published)).toThrow(/already published with other content.*Bump "version"/s);
    await writeFile(join(dir, "clawless-chat.js"), CHUNK_SOURCE);
  });

  it("needs a built loader", async () => {
    const empty = await mkdtemp(join(tmpdir(), "clawless-widget-empty-"));
    await expect(readWidgetRelease(empty, "1.2.3")).rejects.toThrow(/npm run build:widget/);
    await rm(empty, { recursive: true, force: true });
  });
});
