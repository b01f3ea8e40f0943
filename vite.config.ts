import { defineConfig, type Plugin } from "vite";

/**
 * Widget builds:
 * - default mode: `dist/widget/clawless-chat.js`, the element with lit bundled in, one ES module
 *   file (served by the Worker at /widget/v1/*);
 * - `--mode loader`: `dist/widget/clawless.js`, the tiny script-tag loader as an IIFE. It imports
 *   the element chunk by a runtime URL, so the bundler must leave that import alone; it runs
 *   second and must not empty the output folder;
 * - `--mode npm`: `widget/dist/index.js`, the npm package `clawless` (widget/ is its workspace):
 *   the element and typed API for bundlers, with protocol/'s constants bundled in and lit left as
 *   an import so an app's own copy is shared (and Node resolves lit's server build during SSR).
 * - `--mode docs`: `dist/docs/docs.js`, the API reference page's script (server/routes/pages/docs/client/),
 *   one ES module the Worker serves at /docs/docs.js (see server/routes/pages/docs/docs-script.ts).
 */

/**
 * The minifier leaves template literals alone, so Lit's html`` and css`` keep their source
 * indentation. For the element's view and style files this drops indentation after line breaks
 * (whitespace runs in HTML render the same) and, in stylesheets, the spaces around CSS
 * punctuation. Scoped to widget/chat/, whose strings hold no whitespace that matters.
 */
function compactTemplates(): Plugin {
  return {
    name: "clawless-compact-templates",
    transform(code, id) {
      if (!/[\\/]widget[\\/]chat[\\/].*\.ts$/.test(id) || id.endsWith(".test.ts")) return null;
      const compact = code.replace(/\n\s+/g, "\n");
      return id.endsWith(".styles.ts") ? compact.replace(/\s*([{};,])\s*/g, "$1").replace(/:[ \t]+/g, ":") : compact;
    },
  };
}
export default defineConfig(({ mode }) => {
  if (mode === "npm") {
    return {
      publicDir: false,
      build: {
        outDir: "widget/dist",
        emptyOutDir: false,
        sourcemap: true,
        minify: false,
        target: "es2022",
        lib: { entry: "widget/index.ts", formats: ["es"], fileName: () => "index.js" },
        rolldownOptions: { external: [/^lit(\/|$)/, /^@lit\//], output: { codeSplitting: false } },
      },
    };
  }
  if (mode === "docs") {
    return {
      publicDir: false,
      build: {
        outDir: "dist/docs",
        emptyOutDir: true,
        sourcemap: false,
        minify: true,
        target: "es2022",
        lib: { entry: "server/routes/pages/docs/client/docs.ts", formats: ["es"], fileName: () => "docs.js" },
        rolldownOptions: { output: { codeSplitting: false, minify: true } },
      },
    };
  }
  const loader = mode === "loader";
  return {
    publicDir: false,
    plugins: [compactTemplates()],
    build: {
      outDir: "dist/widget",
      emptyOutDir: !loader,
      sourcemap: false,
      minify: true,
      target: "es2022",
      reportCompressedSize: true,
      lib: loader
        ? { entry: "widget/loader.ts", formats: ["iife"], name: "ClawlessLoader", fileName: () => "clawless.js" }
        : { entry: "widget/index.ts", formats: ["es"], fileName: () => "clawless-chat.js" },
      // Lib mode keeps whitespace in ES output for downstream tree-shaking; this file ships as is.
      rolldownOptions: { output: { codeSplitting: false, minify: true } },
    },
  };
});
