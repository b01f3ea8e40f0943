import { expect, test } from "@playwright/test";
import { E2E_API } from "../playwright.config";
import { demoKeys, hostPageHtml, startHostPage } from "./host-page";

/**
 * The whole product through the front door: a page on another origin with only the script tag,
 * the widget loaded from the Worker (`wrangler dev`), answers from the demo tenant's knowledge
 * via the offline responder, and the conversation restored after a reload.
 */

let host: Awaited<ReturnType<typeof startHostPage>>;

test.beforeAll(async () => {
  host = await startHostPage(hostPageHtml((await demoKeys()).publishable));
});

test.afterAll(async () => {
  await host.close();
});

// Any uncaught error in the page (ours or the widget's) fails the test that caused it.
let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
});
test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test("a visitor asks a question, sees the streamed answer, and finds it again after a reload", async ({ page }) => {
  const sse: string[] = [];
  page.on("response", (response) => {
    if (response.headers()["content-type"]?.startsWith("text/event-stream")) sse.push(response.url());
  });
  await page.goto(host.url);

  await page.getByRole("button", { name: "Open chat" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Clawless demo assistant");

  const input = dialog.getByRole("textbox", { name: "Message" });
  await input.fill("How do I embed the widget on my site?");
  await input.press("Enter");

  const answer = dialog.locator("[part~='message-assistant']").last();
  await expect(answer).toContainText("Paste one script tag into your site");
  await expect(dialog.locator("[part~='message-user']").last()).toHaveText(/How do I embed the widget/);
  expect(sse).toHaveLength(1);
  expect(new URL(sse[0]!).origin).not.toBe(new URL(host.url).origin);

  await page.reload();
  await page.getByRole("button", { name: "Open chat" }).click();
  const restored = page.getByRole("dialog");
  await expect(restored.locator("[part~='message-user']")).toHaveText([/How do I embed the widget/]);
  await expect(restored.locator("[part~='message-assistant']").last()).toContainText("Paste one script tag");
});

test("the answer says so when the knowledge base has nothing on the question", async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole("button", { name: "Open chat" }).click();
  const input = page.getByRole("dialog").getByRole("textbox", { name: "Message" });
  await input.fill("What is the airspeed velocity of an unladen swallow?");
  await input.press("Enter");
  await expect(page.getByRole("dialog").locator("[part~='message-assistant']").last()).toContainText(
    "couldn't find anything",
  );
});

test("the demo page served by the Worker chats under its strict CSP", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await page.goto(`${E2E_API}/demo`);
  await page.getByRole("button", { name: "Open chat" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Does it work offline?" }).click();
  await expect(dialog.locator("[part~='message-assistant']").last()).toContainText("offline responder");
  expect(violations).toEqual([]);
});
