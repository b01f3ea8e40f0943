import { expect, test, type Page } from "@playwright/test";
import { FakeApi } from "../test-support/fake-api";
import { openHostPage, scriptTag, serveWidget } from "../test-support/pages";

let api: FakeApi;

test.beforeEach(async ({ page }) => {
  api = new FakeApi();
  await api.install(page);
  await serveWidget(page);
});

async function openChat(page: Page) {
  await openHostPage(page, scriptTag('data-open="true"'));
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("Hi! How can we help you today?")).toBeVisible();
  return dialog;
}

async function send(page: Page, text: string) {
  const input = page.getByRole("dialog").getByRole("textbox", { name: "Message" });
  await input.fill(text);
  await input.press("Enter");
}

const CHUNKS = ["One, ", "two, ", "three, ", "four, ", "five."];

test("a dropped stream resumes after the last event id: nothing lost, nothing repeated", async ({ page }) => {
  // message.user, message.start and two deltas arrive; then the connection drops.
  api.replies.push({ kind: "drop", chunks: CHUNKS, after: 4 });
  const dialog = await openChat(page);
  await send(page, "Count to five");
  const answer = page.locator("clawless-chat [part~=message-assistant] .bubble");
  await expect(answer).toHaveText("One, two, three, four, five.");
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  const resume = api.requests.find((request) => /\/turns\/[^/]+\/events$/.test(request.path))!;
  expect(resume.method).toBe("GET");
  expect(resume.headers["last-event-id"]).toBe("4");
  await expect(page.locator("clawless-chat [aria-live=polite]")).toHaveText("One, two, three, four, five.");
});

test("without a resume endpoint, the finished answer is loaded from history instead", async ({ page }) => {
  api.resumeSupported = false;
  api.replies.push({ kind: "drop", chunks: CHUNKS, after: 4 });
  const dialog = await openChat(page);
  await send(page, "Count to five");
  await expect(page.locator("clawless-chat [part~=message-assistant] .bubble")).toHaveText(
    "One, two, three, four, five.",
  );
  await expect(page.locator("clawless-chat [part~=message]")).toHaveCount(2);
  await expect(dialog.getByRole("alert")).toHaveCount(0);
});

test("offline, messages wait in a queue and are sent in order on reconnect", async ({ page, context }) => {
  const dialog = await openChat(page);
  await context.setOffline(true);
  await expect(dialog.getByRole("status")).toContainText("You are offline");
  await send(page, "First while offline");
  await send(page, "Second while offline");
  const users = page.locator("clawless-chat [part~=message-user]");
  await expect(users).toHaveCount(2);
  await expect(users.first()).toContainText("Waiting for connection");
  expect(api.sentContents).toEqual([]);

  await context.setOffline(false);
  await expect(dialog.getByRole("status")).toHaveCount(0);
  await expect(page.locator("clawless-chat [part~=message-assistant] .bubble")).toHaveText([
    "You said: First while offline",
    "You said: Second while offline",
  ]);
  expect(api.sentContents).toEqual(["First while offline", "Second while offline"]);
  await expect(dialog.getByText("Waiting for connection")).toHaveCount(0);
});

test("a network failure shows a clear message with Retry", async ({ page }) => {
  const dialog = await openChat(page);
  await page.route("http://api.test/v1/widget/conversations?*", (route) => route.abort("connectionreset"), {
    times: 1,
  });
  await send(page, "Hello?");
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("Could not reach the assistant");
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(page.locator("clawless-chat [part~=message-assistant] .bubble")).toHaveText("You said: Hello?");
  await expect(page.locator("clawless-chat [part~=message-user]")).toHaveCount(1);
});

test("rate limits say how long to wait; quota errors say so kindly, never the raw error", async ({ page }) => {
  api.replies.push({ kind: "http-error", status: 429, type: "rate_limited", message: "Too many.", retryAfter: 12 });
  api.replies.push({ kind: "http-error", status: 429, type: "quota_exceeded", message: "Monthly quota hit." });
  const dialog = await openChat(page);
  await send(page, "Hi");
  const alert = dialog.getByRole("alert");
  await expect(alert).toHaveText(/Please try again in 12 seconds\./);
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(alert).toContainText("reached its usage limit");
  await expect(alert).not.toContainText("Monthly quota hit");
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(page.locator("clawless-chat [part~=message-assistant] .bubble")).toHaveText("You said: Hi");
});
