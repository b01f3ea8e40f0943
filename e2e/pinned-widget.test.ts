import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import pkg from "../package.json" with { type: "json" };
import { E2E_API } from "../playwright.config";
import { demoKeys, startHostPage } from "./host-page";

/**
 * A customer pins one widget release (`/widget/<version>/…`) with Subresource Integrity, under a
 * Content-Security-Policy that requires it. `require-sri-for` is gone from browsers; a hash-only
 * `script-src` is how a page requires SRI today: an external script runs only when its `integrity`
 * names a hash the policy lists, and its bytes have that hash. The pinned file is the element
 * module (one file, no imports of its own), whose hash the Worker publishes in integrity.json.
 */

const FILE = "clawless-chat.js";
const PINNED = `${E2E_API}/widget/${pkg.version}/${FILE}`;

/** The hash the Worker publishes for the pinned file. */
async function publishedIntegrity(): Promise<string> {
  const res = await fetch(`${E2E_API}/widget/${pkg.version}/integrity.json`);
  expect(res.status).toBe(200);
  const manifest = (await res.json()) as { version: string; files: Record<string, string> };
  expect(manifest.version).toBe(pkg.version);
  return manifest.files[FILE]!;
}

/** Scripts only by hash; the widget's API calls; Lit's styles (inline, in its shadow root). */
function sriPolicy(hash: string): string {
  return `default-src 'none'; script-src '${hash}'; connect-src ${E2E_API}; style-src 'unsafe-inline'`;
}

/** A customer's page that pins the widget with `integrity` (or forgets to) under `sriPolicy(policyHash)`. */
async function hostPinnedPage(integrity: string | undefined, policyHash: string) {
  const { publishable } = await demoKeys();
  const sri = integrity === undefined ? "" : ` integrity="${integrity}" crossorigin="anonymous"`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pinned shop</title>
<script type="module" src="${PINNED}"${sri}></script></head>
<body><h1>Pinned shop</h1><clawless-chat publishable-key="${publishable}" api="${E2E_API}"></clawless-chat></body></html>`;
  return startHostPage(html, { "Content-Security-Policy": sriPolicy(policyHash) });
}

/** Resolves with the browser's own console report of a block that matches. */
function consoleError(page: Page, pattern: RegExp): Promise<string> {
  return page
    .waitForEvent("console", { predicate: (msg) => msg.type() === "error" && pattern.test(msg.text()) })
    .then((msg) => msg.text());
}

test("the pinned widget loads and chats under a CSP that admits scripts only by their SRI hash", async ({ page }) => {
  const integrity = await publishedIntegrity();
  const pinned = await fetch(PINNED);
  const body = new Uint8Array(await pinned.arrayBuffer());
  expect(integrity).toBe(`sha384-${createHash("sha384").update(body).digest("base64")}`);
  expect(pinned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect(pinned.headers.get("access-control-allow-origin")).toBe("*");

  const host = await hostPinnedPage(integrity, integrity);
  try {
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(msg.text());
    });
    await page.goto(host.url);
    await page.getByRole("button", { name: "Open chat" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("Clawless demo assistant");
    const input = dialog.getByRole("textbox", { name: "Message" });
    await input.fill("How do I embed the widget on my site?");
    await input.press("Enter");
    await expect(dialog.locator("[part~='message-assistant']").last()).toContainText("Paste one script tag");
    expect(problems).toEqual([]);
  } finally {
    await host.close();
  }
});

test("a pinned hash that the served file does not have keeps the widget from running", async ({ page }) => {
  // The page pinned (in its tag and its policy) a hash that the bytes served do not have.
  const pinnedElsewhere = `sha384-${createHash("sha384").update("not the published widget").digest("base64")}`;
  const host = await hostPinnedPage(pinnedElsewhere, pinnedElsewhere);
  try {
    const blocked = consoleError(page, /integrity/i);
    await page.goto(host.url);
    expect(await blocked).toContain(PINNED);
    expect(await page.evaluate(() => customElements.get("clawless-chat"))).toBeUndefined();
  } finally {
    await host.close();
  }
});

test("the policy refuses the widget without integrity, so a page cannot forget to pin it", async ({ page }) => {
  const host = await hostPinnedPage(undefined, await publishedIntegrity());
  try {
    const refused = consoleError(page, /Content Security Policy/i);
    await page.goto(host.url);
    expect(await refused).toContain(PINNED);
    expect(await page.evaluate(() => customElements.get("clawless-chat"))).toBeUndefined();
  } finally {
    await host.close();
  }
});
