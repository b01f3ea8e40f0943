import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildAndPack, makeConsumer, ROOT, typecheckConsumer, WIDGET, type PackedWidget } from "./packed-widget";

/**
 * The npm package `clawless` (the widget/ workspace), checked as it is published: the tarball's
 * contents, its manifest, an SSR import in plain Node, and consumer projects that type-check the
 * package (strict, `skipLibCheck: false`, no zod installed) and the README's React and Vue
 * examples. One build and one pack serve every test: parallel builds would race on widget/dist.
 */

let temp: string;
let packed: PackedWidget;
let consumer: string;

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), "clawless-pack-"));
  packed = buildAndPack(temp);
  consumer = makeConsumer(packed.tarball, ["lit", "@types/react", "vue"]);
}, 240_000);

afterAll(() => {
  for (const dir of [temp, consumer]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const installed = (path: string) => join(consumer, "node_modules", "clawless", path);
const manifest = () =>
  JSON.parse(readFileSync(join(WIDGET, "package.json"), "utf8")) as Record<string, unknown> & {
    version: string;
  };

describe("the tarball (npm pack)", () => {
  test("holds the manifest, the ES module with its map, and .d.ts files only", () => {
    expect(packed.files).toContain("package.json");
    expect(packed.files).toContain("dist/index.js");
    expect(packed.files).toContain("dist/types/widget/index.d.ts");
    const unexpected = packed.files.filter(
      (path) =>
        !/^(package\.json|README\.md|dist\/index\.js(\.map)?|dist\/types\/(widget|protocol)\/[\w/.-]+\.d\.ts)$/.test(
          path,
        ),
    );
    expect(unexpected).toEqual([]);
    expect(packed.files.filter((path) => /test|examples|server|schemas|\.ts$(?<!\.d\.ts)/.test(path))).toEqual([]);
  });

  test("its source map covers only widget/ and protocol/ sources: no server code, no zod", () => {
    const map = JSON.parse(readFileSync(installed("dist/index.js.map"), "utf8")) as { sources: string[] };
    expect(map.sources.length).toBeGreaterThan(0);
    const outside = map.sources.filter(
      (source) => !/^(\.\.\/)+(widget|protocol)\//.test(source) && !/^\.\.\/[\w-]+/.test(source),
    );
    expect(outside).toEqual([]);
    expect(map.sources.filter((source) => /server|schemas|node_modules|zod|\.test\./.test(source))).toEqual([]);
  });

  test("its .d.ts import only lit and files inside the package", () => {
    const specifiers = packed.files
      .filter((path) => path.endsWith(".d.ts"))
      .flatMap((path) =>
        [...readFileSync(installed(path), "utf8").matchAll(/(?:from|import\()\s*["']([^"']+)["']/g)].map(
          (match) => [path, match[1]] as const,
        ),
      );
    expect(specifiers.length).toBeGreaterThan(0);
    const bare = specifiers.filter(([, specifier]) => !specifier?.startsWith("."));
    expect(bare.filter(([, specifier]) => !/^lit(\/|$)/.test(specifier ?? ""))).toEqual([]);
    // Relative imports stay inside dist/types (tsc in the consumer tests proves they resolve).
    expect(specifiers.filter(([, specifier]) => /server|schemas/.test(specifier ?? ""))).toEqual([]);
  });
});

test("the manifest names the ES module and its types, declares side effects, and depends on lit only", () => {
  const pkg = manifest();
  expect(pkg.name).toBe("clawless");
  expect(pkg.private).toBeUndefined();
  expect(pkg.type).toBe("module");
  expect(pkg.exports).toEqual({
    ".": { types: "./dist/types/widget/index.d.ts", import: "./dist/index.js" },
    "./package.json": "./package.json",
  });
  // Importing the module registers <clawless-chat>: bundlers must keep it even when nothing is used.
  expect(pkg.sideEffects).toEqual(["./dist/index.js"]);
  expect(Object.keys(pkg.dependencies as object)).toEqual(["lit"]);
  expect(pkg.peerDependencies).toBeUndefined();
  expect(pkg.optionalDependencies).toBeUndefined();
  // lit stays an import (the app's own copy is shared), not bundled in.
  expect(readFileSync(installed("dist/index.js"), "utf8")).toMatch(/from "lit"/);
  // /widget/<version>/ on the Worker and the npm release carry the same widget.
  const worker = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  expect(pkg.version).toBe(worker.version);
});

test("importing the installed package in plain Node (SSR) touches no browser global", () => {
  // customElements is left out: lit's Node build installs its own SSR shim of it, by design.
  const probe = `
    const globals = () => ({ window: typeof window, document: typeof document, localStorage: typeof localStorage });
    const before = globals();
    const module = await import("clawless");
    console.log(JSON.stringify({ before, after: globals(), exports: Object.keys(module).sort(), element: typeof module.ClawlessChat }));
  `;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", probe], {
    cwd: consumer,
    encoding: "utf8",
    timeout: 120_000,
  });
  const result = JSON.parse(output) as Record<string, unknown> & { before: Record<string, string> };
  expect(result.exports).toEqual(["ClawlessChat", "attachGlobalApi", "defineClawlessChat"]);
  expect(result.element).toBe("function");
  expect(result.before.window).toBe("undefined");
  expect(result.before.document).toBe("undefined");
  expect(result.after).toEqual(result.before);
});

describe("a consumer project type-checks against the packed types (strict, skipLibCheck off, no zod)", () => {
  test("using the element and the typed API", () => {
    const usage = `
      import { ClawlessChat, defineClawlessChat, type ClawlessEventMap, type ClawlessGlobal, type Message } from "clawless";
      defineClawlessChat();
      const chat: ClawlessChat = document.createElement("clawless-chat");
      chat.publishableKey = "pk_test_123";
      chat.mode = "inline";
      const show = (detail: ClawlessEventMap["message"]): Message => detail.message;
      const open = (api: Partial<ClawlessGlobal>) => api.open?.();
      export { show, open };
    `;
    const result = typecheckConsumer(consumer, "usage", { "main.ts": usage });
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });

  test("and rejects a misuse (the types are real, not any)", () => {
    const misuse = `
      import { ClawlessChat } from "clawless";
      const chat: ClawlessChat = document.createElement("clawless-chat");
      chat.mode = "sidebar";
    `;
    const result = typecheckConsumer(consumer, "misuse", { "main.ts": misuse });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/main\.ts.*error TS2322/);
  });

  test.each([
    ["React", "react/help.tsx", "help.tsx"],
    ["Vue", "vue/help.ts", "help.ts"],
  ])("the README's %s example", (_framework, example, name) => {
    const source = readFileSync(join(WIDGET, "examples", example), "utf8");
    const result = typecheckConsumer(consumer, example.split("/")[0] ?? name, { [name]: source });
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
    // The README shows exactly the code that compiles here.
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(source.trim());
  });
});
