/**
 * The npm package as a consumer receives it: built, packed with `npm pack`, and unpacked into a
 * fresh project outside the repository, where nothing resolves from the repository's
 * node_modules unless linked on purpose (lit, and the frameworks of the examples). Node-side,
 * for the package's tests; no network: nothing is installed from a registry.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WIDGET = join(ROOT, "widget");

/** Real work (vite, tsc, npm) on a machine that may be busy. */
const TIMEOUT_MS = 120_000;

export interface PackedWidget {
  tarball: string;
  /** The paths inside the tarball, as `npm pack` lists them (relative to the package folder). */
  files: string[];
}

/** Builds the package (`npm run build:npm`) and packs it into `destination`. */
export function buildAndPack(destination: string): PackedWidget {
  execFileSync("npm", ["run", "--silent", "build:npm"], { cwd: ROOT, stdio: "ignore", timeout: TIMEOUT_MS });
  // The build ran just above, so the package's own prepack (the same build) is skipped here.
  const report = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], {
    cwd: WIDGET,
    encoding: "utf8",
    timeout: TIMEOUT_MS,
  });
  const [packed] = JSON.parse(report) as { filename: string; files: { path: string }[] }[];
  if (!packed) throw new Error(`npm pack reported nothing: ${report}`);
  return { tarball: join(destination, packed.filename), files: packed.files.map((file) => file.path).sort() };
}

/**
 * A consumer project in a new temporary folder: the unpacked tarball as node_modules/clawless,
 * and each of `linked` as a symlink to the repository's installed copy.
 */
export function makeConsumer(tarball: string, linked: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "clawless-consumer-"));
  const installed = join(dir, "node_modules", "clawless");
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"], { timeout: TIMEOUT_MS });
  for (const name of linked) {
    const link = join(dir, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), link, "dir");
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  return dir;
}

/** What a strict consumer compiles with: library types checked too (`skipLibCheck: false`). */
const STRICT_CONSUMER = {
  target: "ES2022",
  module: "ESNext",
  moduleResolution: "Bundler",
  lib: ["ES2022", "DOM", "DOM.Iterable"],
  jsx: "react-jsx",
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  types: [],
};

/**
 * Writes `files` into a folder of the consumer and runs the repository's `tsc` on them with
 * {@link STRICT_CONSUMER}. Returns tsc's output and whether it passed.
 */
export function typecheckConsumer(
  consumer: string,
  folder: string,
  files: Record<string, string>,
): { ok: boolean; output: string } {
  const dir = join(consumer, folder);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const tsconfig = { compilerOptions: STRICT_CONSUMER, include: Object.keys(files) };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  try {
    const output = execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8", timeout: TIMEOUT_MS });
    return { ok: true, output };
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout ?? ""}${stderr ?? ""}` };
  }
}
