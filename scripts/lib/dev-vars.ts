import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, readFile, writeFile } from "node:fs/promises";

const generated = () => randomBytes(32).toString("base64url");

/**
 * Creates .dev.vars from .dev.vars.example when missing, generating the local secrets. An existing
 * .dev.vars gets any generated secret it lacks appended (a secret added to the example later, such
 * as SALES_TOKEN), and is otherwise left alone. Returns the names it generated.
 */
export async function ensureDevVars(path = ".dev.vars"): Promise<string[]> {
  const example = await readFile(".dev.vars.example", "utf8");
  const wanted = [...example.matchAll(/^([A-Z0-9_]+)=__generated__$/gm)].map((m) => m[1]!);
  if (!existsSync(path)) {
    await writeFile(path, example.replace(/__generated__/g, generated), { mode: 0o600 });
    return wanted;
  }
  const current = await readFile(path, "utf8");
  const missing = wanted.filter((name) => !new RegExp(`^${name}=`, "m").test(current));
  if (missing.length > 0) {
    const lines = missing.map((name) => `${name}=${generated()}`).join("\n");
    await appendFile(path, `${current.endsWith("\n") ? "" : "\n"}${lines}\n`);
  }
  return missing;
}
