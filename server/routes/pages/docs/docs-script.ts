/**
 * Where the API reference page's script lives. Its source is TypeScript in ./client/, built by
 * `vite build --mode docs` into DOCS_SCRIPT_FILE and put into R2 under DOCS_SCRIPT_KEY the way the
 * widget bundle is (`npm run dev` seeds it, `npm run deploy` uploads it); the Worker serves it
 * same-origin at /docs/docs.js (./routes.ts), so the page keeps `script-src 'self'`.
 */
export const DOCS_SCRIPT_FILE = "dist/docs/docs.js";
export const DOCS_SCRIPT_KEY = "docs/docs.js";
