import { env } from "cloudflare:workers";
import { call } from "../test/helpers";
import { SALES_COOKIE, salesSessionToken } from "./sales-session";

/** Test helpers for the sales console: form posts from the Worker's own origin, signed in. */

export const WORKER_ORIGIN = "http://clawless.test";

export async function salesCookie(): Promise<string> {
  return `${SALES_COOKIE}=${await salesSessionToken(env)}`;
}

export async function postForm(
  path: string,
  fields: Record<string, string>,
  options: { cookie?: string | null; origin?: string | null } = {},
): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  const cookie = options.cookie === undefined ? await salesCookie() : options.cookie;
  if (cookie) headers.Cookie = cookie;
  if (options.origin !== null) headers.Origin = options.origin ?? WORKER_ORIGIN;
  return call(path, { method: "POST", headers, body: new URLSearchParams(fields).toString(), redirect: "manual" });
}

export async function getPage(path: string, cookie: string | null = null): Promise<Response> {
  const signedIn = cookie === null ? await salesCookie() : cookie;
  return call(path, { headers: signedIn ? { Cookie: signedIn } : {}, redirect: "manual" });
}

export const FAQ = `Q: Do you ship internationally?
A: Yes, Northwind ships to 42 countries. Delivery takes 3 to 7 working days.

Q: What is your return policy?
A: Returns are free within 60 days, no questions asked.`;

export const validTrial = (overrides: Record<string, string> = {}) => ({
  company: "Northwind Outfitters",
  website_url: "https://northwind.example.com",
  brand_color: "#0F766E",
  logo_url: "",
  greeting: "",
  suggested_prompts: "",
  knowledge: FAQ,
  import_urls: "",
  model: "offline",
  ...overrides,
});

/** Creates a trial through the console; returns its share id. */
export async function createTrialViaForm(overrides: Record<string, string> = {}): Promise<string> {
  const res = await postForm("/demo/console/trials", validTrial(overrides));
  if (res.status !== 303) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return res.headers.get("location")!.split("/").pop()!;
}
