import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { E2E_API } from "../playwright.config";

/**
 * The sales trial, end to end against `wrangler dev`: sign in, create a trial from pasted FAQ,
 * see the branded preview and chat with it, import knowledge from a page on a local server, open
 * the share link in a fresh browser and chat there, read the transcript as the salesperson, end
 * the trial, run the cron and see the ended page. Screenshots of the preview land in test-results/.
 */

const FAQ = `Q: Do you ship internationally?
A: Yes, Northwind ships to 42 countries. Delivery takes 3 to 7 working days.

Q: What is your return policy?
A: Returns are free within 60 days, no questions asked.

Q: Do you offer gift cards?
A: Yes, gift cards come in 25, 50 and 100 euros and never expire.`;

const HELP_PAGE = `<!doctype html><html><head><title>Northwind help</title></head><body>
<nav><a href="/">Home</a></nav>
<main><h1>Visiting our store</h1>
<h2>Opening hours</h2><p>The Northwind flagship store in Bergen is open Monday to Saturday, from 9:00 to 18:00.</p>
<h2>Repairs</h2><p>We repair tents and jackets bought from us for free during the first two years.</p></main>
</body></html>`;

async function salesPasscode(): Promise<string> {
  const vars = await readFile(".dev.vars", "utf8");
  const match = /^SALES_TOKEN=(.+)$/m.exec(vars);
  if (!match) throw new Error("SALES_TOKEN missing from .dev.vars (npm run dev generates it)");
  return match[1]!.trim();
}

/** The prospect's website: a help page to import, and a file that is not HTML. */
async function startProspectSite(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url === "/help") res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(HELP_PAGE);
    else if (req.url === "/prices.json") res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: open a server, note its port, close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function ask(page: Page, question: string, expected: string | RegExp) {
  const dialog = page.getByRole("dialog");
  if (!(await dialog.isVisible())) await page.getByRole("button", { name: "Open chat" }).click();
  const input = dialog.getByRole("textbox", { name: "Message" });
  await input.fill(question);
  await input.press("Enter");
  await expect(dialog.locator("[part~='message-assistant']").last()).toContainText(expected);
}

let site: Awaited<ReturnType<typeof startProspectSite>>;
test.beforeAll(async () => {
  site = await startProspectSite();
});
test.afterAll(async () => {
  await site.close();
});

test("a salesperson creates, shows, shares, follows up on and ends a branded trial", async ({ page, browser }) => {
  test.slow(); // many steps, two browser contexts: three times the configured timeout
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });

  await test.step("sign in with the sales passcode", async () => {
    await page.goto(`${E2E_API}/demo`);
    await page.getByLabel("Sales passcode").fill("wrong-passcode");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("That passcode is not right")).toBeVisible();
    await page.screenshot({ path: "test-results/demo-landing-sign-in.png", fullPage: true });
    await page.getByLabel("Sales passcode").fill(await salesPasscode());
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Trials" })).toBeVisible();
  });

  await test.step("a form with a mistake keeps what was typed and says what to fix", async () => {
    await page.getByRole("link", { name: "+ New trial" }).click();
    await page.getByLabel("Company name").fill("Northwind Outfitters");
    await page.getByLabel("Website", { exact: true }).fill("not a website");
    await page.getByLabel("Knowledge", { exact: true }).fill(FAQ);
    await page.getByRole("button", { name: "Create trial" }).click();
    await expect(page.locator("#err-website_url")).toHaveText("Enter the site's address, like https://example.com.");
    await expect(page.getByLabel("Company name")).toHaveValue("Northwind Outfitters");
    await expect(page.getByLabel("Knowledge", { exact: true })).toHaveValue(FAQ);
    await page.screenshot({ path: "test-results/demo-console-new-trial.png", fullPage: true });
  });

  await test.step("create the trial from pasted FAQ", async () => {
    await page.getByLabel("Website", { exact: true }).fill(site.origin);
    await page.getByLabel("Brand colour").fill("#0f766e");
    await page.getByRole("button", { name: "Create trial" }).click();
    await expect(page.getByRole("heading", { name: "Northwind Outfitters" })).toBeVisible();
    await expect(page.getByText(/Active · ends/)).toBeVisible();
  });

  const shareUrl = await page.getByLabel("Share link").inputValue();
  expect(shareUrl).toMatch(new RegExp(`^${E2E_API}/demo/t/trl_[0-9A-Za-z]{22}$`));
  await expect(page.getByLabel("Embed snippet")).toContainText(`${E2E_API}/widget/v1/clawless.js`);

  await test.step("the console shows the live preview, with a desktop/mobile toggle", async () => {
    const frame = page.frameLocator("iframe[title^='Preview of']");
    await expect(frame.getByRole("heading", { name: /Welcome to Northwind Outfitters/ })).toBeVisible();
    await expect(frame.getByRole("button", { name: "Open chat" })).toBeVisible();
    const iframe = page.locator("iframe[title^='Preview of']");
    const desktopWidth = (await iframe.boundingBox())!.width;
    await page.getByText("Mobile", { exact: true }).click();
    await expect.poll(async () => (await iframe.boundingBox())!.width).toBeLessThan(420);
    expect(desktopWidth).toBeGreaterThan(600);
    await page.screenshot({ path: "test-results/demo-console-trial.png", fullPage: false });
  });

  await test.step("the branded preview answers from the FAQ", async () => {
    const preview = await page.context().newPage();
    preview.on("pageerror", (error) => pageErrors.push(error.message));
    await preview.setViewportSize({ width: 1280, height: 800 });
    await preview.goto(shareUrl);
    await expect(preview.getByRole("heading", { name: /Welcome to Northwind Outfitters/ })).toBeVisible();
    await preview.screenshot({ path: "test-results/demo-preview-desktop.png" });
    await preview.screenshot({ path: "test-results/demo-preview-desktop-full.png", fullPage: true });
    await ask(preview, "Do you ship internationally?", "42 countries");
    await preview.screenshot({ path: "test-results/demo-preview-desktop-chat.png" });
    await preview.close();
  });

  await test.step("importing from the website explains failures and then adds the page's knowledge", async () => {
    const importField = page.getByLabel("Import more from the website");
    await importField.fill(`${site.origin}/prices.json`);
    await page.getByRole("button", { name: "Save and update the assistant" }).click();
    await expect(page.locator("#err-import_urls")).toContainText("is not an HTML page (it is application/json)");
    const port = await closedPort();
    await importField.fill(`http://127.0.0.1:${port}/faq`);
    await page.getByRole("button", { name: "Save and update the assistant" }).click();
    await expect(page.locator("#err-import_urls")).toContainText("is not reachable");
    await importField.fill(`${site.origin}/help`);
    await page.getByRole("button", { name: "Save and update the assistant" }).click();
    await expect(page.getByRole("status")).toContainText("Saved");
    await expect(page.getByLabel("Knowledge", { exact: true })).toHaveValue(/## Opening hours/);
  });

  await test.step("the prospect opens the share link in a fresh browser and chats", async () => {
    const prospect = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const phone = await prospect.newPage();
    phone.on("pageerror", (error) => pageErrors.push(error.message));
    await phone.goto(shareUrl);
    await expect(phone.getByRole("heading", { name: /Welcome to Northwind Outfitters/ })).toBeVisible();
    await phone.screenshot({ path: "test-results/demo-preview-mobile.png" });
    // The page's own call to action opens the widget (static preview.js → Clawless.open()).
    await phone.getByRole("button", { name: "Chat with our assistant" }).click();
    await expect(phone.getByRole("dialog")).toBeVisible();
    await ask(phone, "When is the store open?", "Monday to Saturday");
    await ask(phone, "What is your return policy?", "free within 60 days");
    await phone.screenshot({ path: "test-results/demo-preview-mobile-chat.png" });
    await prospect.close();
  });

  await test.step("the salesperson sees the conversation and its transcript", async () => {
    await page.getByRole("link", { name: "← All trials" }).click();
    // This run's trial (a retry on the same server would list an earlier one too): its site's origin.
    const row = page.getByRole("row", { name: /Northwind Outfitters/ }).filter({ hasText: new URL(site.origin).host });
    await expect(row).toContainText("2");
    await page.screenshot({ path: "test-results/demo-console-trials.png" });
    await row.getByRole("link", { name: "Northwind Outfitters" }).click();
    await expect(page.locator("[data-stat=conversations]")).toHaveText("2");
    await expect(page.locator("[data-stat=messages]")).toHaveText("6");
    const transcript = page.locator("details.transcript", { hasText: "When is the store open?" });
    await transcript.locator("summary").click();
    await expect(transcript).toContainText("What is your return policy?");
    await expect(transcript).toContainText("free within 60 days");
    await page.screenshot({ path: "test-results/demo-console-transcript.png", fullPage: true });
  });

  await test.step("ending the trial and running the daily cron leaves a friendly ended page", async () => {
    await page.getByRole("button", { name: "End trial now" }).click();
    await expect(page.getByText("This trial has ended")).toBeVisible();
    const cron = await page.request.get(`${E2E_API}/__scheduled?cron=${encodeURIComponent("17 3 * * *")}`);
    expect(cron.ok()).toBe(true);
    const prospect = await browser.newContext();
    const later = await prospect.newPage();
    const response = await later.goto(shareUrl);
    expect(response!.status()).toBe(200);
    await expect(later.getByRole("heading", { name: "This trial has ended" })).toBeVisible();
    await later.screenshot({ path: "test-results/demo-trial-ended.png" });
    await prospect.close();
    await page.reload();
    await expect(page.locator("[data-stat=conversations]")).toHaveText("0");
  });

  expect(pageErrors).toEqual([]);
  expect(cspViolations).toEqual([]);
});
