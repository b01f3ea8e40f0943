import { readableText } from "../knowledge/readable-text";
import { snippetsFromSections } from "../knowledge/snippets-from-text";
import { OutboundError, outboundPolicy, safeFetch, type OutboundFailure } from "../outbound/safe-fetch";
import type { KnowledgeSnippet } from "../tenants/config";

/**
 * "Import from website": fetch a few pages with the same outbound safety as HTTP tools, keep their
 * readable text, and turn it into knowledge snippets. It succeeds for all pages or fails with a
 * reason per page that the form shows next to the field; nothing is stored either way (the caller
 * decides), so a failed import never leaves a half-made trial.
 */

export const MAX_IMPORT_PAGES = 5;
export const IMPORT_TIMEOUT_MS = 8_000;
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

export type ImportResult = { ok: true; snippets: KnowledgeSnippet[] } | { ok: false; problems: string[] };

const WHY: Record<OutboundFailure, string> = {
  invalid_url: "is not a valid web address",
  scheme_not_allowed: "must start with https://",
  host_not_allowed: "points to a private or local address, which cannot be imported",
  credentials_not_allowed: "must not contain a user name or password",
  timeout: `did not answer within ${IMPORT_TIMEOUT_MS / 1000} seconds`,
  too_large: `is too large (over ${IMPORT_MAX_BYTES / 1024 / 1024} MB)`,
  redirect_not_allowed: "redirects to another site",
  unreachable: "is not reachable",
};

export async function importWebsite(env: Env, urls: readonly string[]): Promise<ImportResult> {
  const pages = await Promise.all(urls.map((url) => importPage(env, url)));
  const problems = pages.flatMap((page) => (page.ok ? [] : [page.problem]));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, snippets: pages.flatMap((page) => (page.ok ? page.snippets : [])) };
}

type PageResult = { ok: true; snippets: KnowledgeSnippet[] } | { ok: false; problem: string };

async function importPage(env: Env, url: string): Promise<PageResult> {
  try {
    const response = await safeFetch(url, {
      ...outboundPolicy(env),
      timeoutMs: IMPORT_TIMEOUT_MS,
      maxBytes: IMPORT_MAX_BYTES,
      headers: { Accept: "text/html,application/xhtml+xml", "User-Agent": "ClawlessImport/1.0" },
    });
    if (response.status < 200 || response.status >= 300) {
      return { ok: false, problem: `${url} answered with HTTP ${response.status}, not a page.` };
    }
    const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "text/html" && type !== "application/xhtml+xml") {
      return { ok: false, problem: `${url} is not an HTML page (it is ${type || "of unknown type"}).` };
    }
    const snippets = await snippetsFromHtml(response.text(), url);
    if (snippets.length === 0) return { ok: false, problem: `${url} has no readable text to learn from.` };
    return { ok: true, snippets };
  } catch (error) {
    if (error instanceof OutboundError) return { ok: false, problem: `${url} ${WHY[error.reason]}.` };
    throw error;
  }
}

/** The HTML → snippets half of an import, on its own so it can be tested without a network. */
export async function snippetsFromHtml(html: string, url: string): Promise<KnowledgeSnippet[]> {
  const page = await readableText(html);
  const host = safeHost(url);
  return snippetsFromSections(
    page.sections.map((s) => ({ ...s, title: s.title || page.title || host })),
    "web",
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "Website";
  }
}
