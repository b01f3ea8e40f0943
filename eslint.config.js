// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

const ZOD_FREE =
  "Zod stays out of the widget bundle: import the plain types and constants of protocol/, not protocol/schemas/.";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "widget/dist/",
      ".wrangler/",
      "node_modules/",
      "test-results/",
      "playwright-report/",
      "worker-configuration.d.ts",
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name='innerHTML']",
          message: "Never assign HTML strings: build DOM nodes or use Lit templates.",
        },
      ],
    },
  },
  {
    // Tests read JSON bodies loosely; production code keeps to the zod-inferred and protocol types.
    files: ["**/*.test.ts", "**/test/**", "**/test-support/**", "**/test-support.ts", "e2e/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The README's framework examples augment React's JSX namespace, as React's own docs do.
    files: ["widget/examples/**"],
    rules: { "@typescript-eslint/no-namespace": "off" },
  },
  {
    // The widget reaches the server only through the shared protocol's types and zod-free constants.
    files: ["widget/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/server", "**/server/**"],
              message: "The widget imports only protocol/ from outside widget/.",
            },
            { group: ["zod", "zod/*", "@hono/*", "**/protocol/schemas", "**/protocol/schemas/**"], message: ZOD_FREE },
          ],
        },
      ],
    },
  },
  {
    // The API reference page's script runs in the browser: it reads /openapi.json, not server code.
    files: ["server/routes/pages/docs/client/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["../*", "hono", "hono/*", "zod", "zod/*"], message: "The docs client imports only ./." },
          ],
        },
      ],
    },
  },
  {
    files: ["protocol/**/*.ts"],
    ignores: ["protocol/schemas/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/server", "**/server/**", "**/widget", "**/widget/**"],
              message: "protocol/ depends on nothing.",
            },
            { group: ["zod", "zod/*", "@hono/*", "**/schemas", "**/schemas/**"], message: ZOD_FREE },
          ],
        },
      ],
    },
  },
);
