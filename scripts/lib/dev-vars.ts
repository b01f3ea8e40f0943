import { randomBytes } from "node:crypto";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";

const generate = () => randomBytes(32).toString("base64url");

/**
 * Creates .dev.vars from .dev.vars.example when missing, generating the local secrets. An existing
 * .dev.vars keeps its values, but gains any generated secret added to the example since it was
 * made (e.g. ENCRYPTION_KEY), so an older checkout keeps starting. Returns the names it generated.
 */
export async function ensureDevVars(path = ".dev.vars"): Promise<string[]> {
  const example = await readFile(".dev.vars.example", "utf8");
  const generated = [...example.matchAll(/^([A-Z0-9_]+)=__generated__$/gm)].map((m) => m[1]!);
  if (!existsSync(path)) {
    await writeFile(path, example.replace(/__generated__/g, generate), { mode: 0o600 });
    return generated;
  }
  const current = await readFile(path, "utf8");
  const missing = generated.filter((name) => !new RegExp(`^${name}=`, "m").test(current));
  if (missing.length > 0) {
    const lines = missing.map((name) => `${name}=${generate()}`).join("\n");
    await appendFile(path, `${current.endsWith("\n") ? "" : "\n"}${lines}\n`);
  }
  return missing;
}
