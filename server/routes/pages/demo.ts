import { Hono, type Context } from "hono";
import { csrf } from "hono/csrf";
import { DEMO_PAGE_CSP, renderDemoPage, type SignInState } from "../../../demo/page";
import { DEMO_TENANT_ID } from "./demo-tenant-id";
import type { AppEnv } from "../../env";
import { readForm } from "../../trials/form-body";
import { trialRoutes } from "./trials";
import {
  attemptSalesSignIn,
  endSalesSession,
  hasSalesSession,
  salesSignInConfigured,
  startSalesSession,
} from "../../trials/sales-session";
import { publishableKey } from "../../trials/tenant-ops";

/**
 * /demo: the product page with the demo tenant's widget on it, which is also the sales console's
 * sign-in; the console and the trials' share links are mounted below it (server/trials/).
 */
export const demoRoutes = new Hono<AppEnv>();

// Every form post under /demo must come from a page of this origin (Origin or Sec-Fetch-Site),
// on top of the session cookie being SameSite=Lax: cross-site form posts are refused with 403.
demoRoutes.use("*", csrf());

async function landing(
  c: Context<AppEnv>,
  sales: Partial<SignInState> = {},
  status: 200 | 401 | 429 = 200,
  headers: Record<string, string> = {},
) {
  const html = renderDemoPage({
    origin: new URL(c.req.url).origin,
    publishableKey: await publishableKey(c.env.DB, DEMO_TENANT_ID),
    sales: {
      signedIn: await hasSalesSession(c),
      configured: salesSignInConfigured(c.env),
      ...sales,
    },
  });
  return c.html(html, status, { "Content-Security-Policy": DEMO_PAGE_CSP, "Cache-Control": "no-store", ...headers });
}

demoRoutes.get("/", (c) =>
  landing(c, c.req.query("signed_out") === "1" ? { notice: "Please sign in to open the sales console." } : {}),
);

demoRoutes.post("/sign-in", async (c) => {
  const { passcode = "" } = await readForm(c, 4096);
  const attempt = await attemptSalesSignIn(c.env, c.req.raw.headers, passcode);
  if (attempt.outcome === "throttled") {
    const error = "Too many sign-in attempts. Wait a while, then try again.";
    return landing(c, { signedIn: false, error }, 429, { "Retry-After": String(attempt.retryAfterSeconds) });
  }
  if (attempt.outcome === "wrong_passcode") {
    return landing(c, { signedIn: false, error: "That passcode is not right. Try again." }, 401);
  }
  await startSalesSession(c);
  return c.redirect("/demo/console", 303);
});

demoRoutes.post("/sign-out", (c) => {
  endSalesSession(c);
  return c.redirect("/demo", 303);
});

demoRoutes.route("/", trialRoutes);
