import { randomBytes } from "node:crypto";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";

/** Creates .dev.vars from .dev.vars.example when missing, generating the local secrets. */
export async function ensureDevVars(path = ".dev.vars"): Promise<boolean> {
  if (existsSync(path)) return false;
  await copyFile(".dev.vars.example", path);
  const text = await readFile(path, "utf8");
  await writeFile(
    path,
    text.replace(/__generated__/g, () => randomBytes(32).toString("base64url")),
    { mode: 0o600 },
  );
  return true;
}
