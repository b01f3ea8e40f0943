/* global process, console */
// `npm install`'s prepare step: points git at .husky/ for a developer's clone. Skipped where nobody
// commits (CI, production installs) and where husky is absent (`npm ci --omit=dev`), so that an
// install never fails because of hooks. HUSKY=0 skips it too (e.g. in a second git worktree, whose
// repository config is shared with the main checkout).
if (process.env.CI || process.env.NODE_ENV === "production" || process.env.HUSKY === "0") process.exit(0);
let husky;
try {
  husky = (await import("husky")).default;
} catch {
  process.exit(0);
}
const message = husky();
if (message) console.log(`husky: ${message}`);
