import madge from "madge";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The layout stays acyclic: no file imports itself through others, and no folder does either
 * (a folder imports another if any of its files does, type-only imports included). A folder cycle
 * means two capabilities can no longer be read, tested or moved apart; the fix is to move the
 * shared piece below both, not to add an exception. Tests and test helpers are left out: they may
 * reach across layers. Also checked here, on the real graph: the widget never imports the server
 * (eslint.config.js forbids it per file; this catches what a lint override would let through).
 */

const ROOTS = ["server", "widget", "protocol", "demo", "scripts"];
const NOT_PRODUCTION = [/\.test\.ts$/, /test-support\//, /test-helpers\.ts$/, /server\/test\//, /(^|\/)dist\//];

/** A file's folder; server/'s own root files (app, config, env, index) are each their own node. */
function folderOf(file: string): string {
  const slash = file.lastIndexOf("/");
  const folder = file.slice(0, slash);
  return folder === "server" ? `server/[${file.slice(slash + 1).replace(/\.ts$/, "")}]` : folder;
}

/** Strongly connected components with more than one member (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe("architecture", () => {
  let graph: Record<string, string[]>;
  let fileCycles: string[][];

  beforeAll(async () => {
    const result = await madge(ROOTS, {
      fileExtensions: ["ts"],
      tsConfig: "tsconfig.json",
      excludeRegExp: NOT_PRODUCTION,
    });
    graph = result.obj();
    fileCycles = result.circular();
  }, 60_000);

  it("reads the whole tree", () => {
    for (const root of ROOTS) expect(Object.keys(graph).some((file) => file.startsWith(`${root}/`))).toBe(true);
    expect(graph["server/index.ts"]).toContain("server/app.ts");
  });

  it("has no import cycle between files", () => {
    expect(fileCycles.map((cycle) => cycle.join(" > "))).toEqual([]);
  });

  it("has no import cycle between folders", () => {
    const edges = new Map<string, Set<string>>();
    const because = new Map<string, string[]>(); // "a → b" → the files of a that import b
    for (const [file, imports] of Object.entries(graph)) {
      for (const imported of imports) {
        const [from, to] = [folderOf(file), folderOf(imported)];
        if (from === to) continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
        const edge = `${from} → ${to}`;
        if (!because.get(edge)?.includes(file)) because.set(edge, [...(because.get(edge) ?? []), file]);
      }
    }
    // Each cycle with the edges that close it and the files making each edge, to say what to move.
    const explained = cycles(edges).map((component) =>
      [...because].filter(([edge]) => component.some((a) => component.some((b) => edge === `${a} → ${b}`))),
    );
    expect(explained).toEqual([]);
  });

  it("keeps the widget off the server: it imports only protocol/ from outside widget/", () => {
    const offending = Object.entries(graph).flatMap(([file, imports]) =>
      file.startsWith("widget/")
        ? imports
            .filter((imported) => !imported.startsWith("widget/") && !imported.startsWith("protocol/"))
            .map((imported) => `${file} → ${imported}`)
        : [],
    );
    expect(offending).toEqual([]);
  });
});
