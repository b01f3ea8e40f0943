import { defineConfig } from "vite";

/**
 * Two widget builds into dist/widget (served by the Worker at /widget/v1/*):
 * - default mode: `clawless-chat.js`, the element with lit bundled in, one ES module file;
 * - `--mode loader`: `clawless.js`, the tiny script-tag loader as an IIFE. It imports the element
 *   chunk by a runtime URL, so the bundler must leave that import alone; it runs second and must
 *   not empty the output folder.
 */
export default defineConfig(({ mode }) => {
  const loader = mode === "loader";
  return {
    publicDir: false,
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
