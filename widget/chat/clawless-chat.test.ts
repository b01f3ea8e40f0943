import { expect, test, type Page } from "@playwright/test";
import { FakeApi, PUBLISHABLE_KEY } from "../test-support/fake-api";
import { openHostPage, scriptTag, serveWidget } from "../test-support/pages";

let api: FakeApi;

test.beforeEach(async ({ page }) => {
  api = new FakeApi();
  await api.install(page);
  await serveWidget(page);
});

async function openChat(page: Page, attributes = "") {
  await openHostPage(page, scriptTag(attributes));
  await page.getByRole("button", { name: "Open chat" }).click();
  const dialog = page.getByRole("dialog", { name: "Acme Support" });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function send(page: Page, text: string) {
  const input = page.getByRole("textbox", { name: "Message" });
  await input.fill(text);
  await input.press("Enter");
}

test("opening shows the greeting and suggested prompts; a prompt sends itself", async ({ page }) => {
  const dialog = await openChat(page);
  await expect(dialog.getByText("Hi! How can we help you today?")).toBeVisible();
  const suggestion = dialog.getByRole("button", { name: "Where is my order?" });
  await expect(suggestion).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();
  await suggestion.click();
  await expect(dialog.getByRole("listitem").last()).toContainText("You said: Where is my order?");
  expect(api.sentContents).toEqual(["Where is my order?"]);
});

test("a streamed answer is assembled from its text deltas and announced once", async ({ page }) => {
  api.replies.push({ kind: "answer", chunks: ["We are ", "open from ", "9 to 5, ", "Monday to Friday."] });
  const dialog = await openChat(page);
  await page.evaluate(() => {
    const events: unknown[] = ((window as unknown as { __messages: unknown[] }).__messages = []);
    document.addEventListener("clawless-message", (event) =>
      events.push((event as CustomEvent).detail.message.content),
    );
  });
  await send(page, "When are you open?");
  const answer = dialog.getByRole("listitem").last();
  await expect(answer).toContainText("We are open from 9 to 5, Monday to Friday.");
  await expect(dialog.getByRole("listitem")).toHaveCount(2);
  await expect(page.locator("clawless-chat [aria-live=polite]")).toHaveText(
    "We are open from 9 to 5, Monday to Friday.",
  );
  expect(await page.evaluate(() => (window as unknown as { __messages: unknown[] }).__messages)).toEqual([
    "We are open from 9 to 5, Monday to Friday.",
  ]);
  // The stream request carried the key in the query and the visitor token in the header.
  const post = api.requests.find((request) => request.path.endsWith("/messages"))!;
  expect(post.headers["x-clawless-visitor"]).toBe("vt_1");
  expect(post.headers["content-type"]).toBe("application/json");
});

test("model and visitor text is shown as text, never run as HTML", async ({ page }) => {
  const attack = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
  api.replies.push({
    kind: "answer",
    chunks: ["Here: <img src=x ", `onerror="window.__pwned=1">`, "<script>window.__pwned=2</script>"],
  });
  const dialog = await openChat(page);
  await send(page, attack);
  const answer = dialog.getByRole("listitem").last();
  await expect(answer).toContainText(`Here: ${attack}`);
  await expect(dialog.getByRole("listitem").first()).toContainText(attack);
  expect(await page.locator("clawless-chat img, clawless-chat script").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("Enter sends and Shift+Enter inserts a newline", async ({ page }) => {
  const dialog = await openChat(page);
  const input = page.getByRole("textbox", { name: "Message" });
  await input.pressSequentially("line one");
  await input.press("Shift+Enter");
  await input.pressSequentially("line two");
  await expect(input).toHaveValue("line one\nline two");
  expect(api.sentContents).toEqual([]);
  await input.press("Enter");
  await expect(dialog.getByRole("listitem").last()).toContainText("You said: line one");
  await expect(input).toHaveValue("");
  expect(api.sentContents).toEqual(["line one\nline two"]);
});

test("Escape closes the panel and focus returns to the launcher", async ({ page }) => {
  const dialog = await openChat(page);
  const input = page.getByRole("textbox", { name: "Message" });
  await expect(input).toBeFocused();
  await input.press("Escape");
  await expect(dialog).toBeHidden();
  const launcher = page.getByRole("button", { name: "Open chat" });
  await expect(launcher).toBeFocused();
  await expect(launcher).toHaveAttribute("aria-expanded", "false");
});

test("a reload restores the conversation from history", async ({ page }) => {
  api.replies.push({ kind: "answer", chunks: ["Your order ", "ships today."] });
  const dialog = await openChat(page);
  await send(page, "Where is my order?");
  await expect(dialog.getByRole("listitem").last()).toContainText("Your order ships today.");
  expect(await page.evaluate((key) => localStorage.getItem(`clawless:${key}:conversation`), PUBLISHABLE_KEY)).toBe(
    "c_1",
  );

  await page.reload();
  await page.getByRole("button", { name: "Open chat" }).click();
  const items = page.getByRole("dialog").getByRole("listitem");
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText("Where is my order?");
  await expect(items.last()).toContainText("Your order ships today.");
  const bootstraps = api.requests.filter((request) => request.path.endsWith("/bootstrap"));
  expect(bootstraps.map((request) => request.headers["x-clawless-visitor"])).toEqual([undefined, "vt_1"]);
});

test("a forgotten conversation starts fresh instead of failing", async ({ page }) => {
  await page.addInitScript((key) => localStorage.setItem(`clawless:${key}:conversation`, "c_gone"), PUBLISHABLE_KEY);
  const dialog = await openChat(page);
  await expect(dialog.getByText("Hi! How can we help you today?")).toBeVisible();
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  expect(
    await page.evaluate((key) => localStorage.getItem(`clawless:${key}:conversation`), PUBLISHABLE_KEY),
  ).toBeNull();
});

test("an error event shows its message with Retry, which sends again", async ({ page }) => {
  api.replies.push({
    kind: "events",
    events: (content, conversationId) => {
      const [user, start] = api.answer(conversationId, api.conversations.get(conversationId)!, content, ["x"]);
      return [
        user!,
        start!,
        { type: "error", error: { type: "model_error", message: "The model is unavailable right now." } },
      ];
    },
  });
  const dialog = await openChat(page);
  await send(page, "Hello?");
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("The model is unavailable right now.");
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(alert).toBeHidden();
  await expect(dialog.getByRole("listitem").last()).toContainText("You said: Hello?");
  expect(api.sentContents).toEqual(["Hello?", "Hello?"]);
});

test("a 429 shows a friendly message with Retry", async ({ page }) => {
  api.replies.push({ kind: "http-error", status: 429, type: "rate_limited", message: "Rate limit exceeded." });
  const dialog = await openChat(page);
  await send(page, "Hi");
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("too quickly");
  await expect(alert).not.toContainText("Rate limit exceeded");
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(dialog.getByRole("listitem").last()).toContainText("You said: Hi");
  await expect(dialog.getByRole("listitem")).toHaveCount(2);
});

test("a stream that ends early with no answer stored reports a lost connection; Retry reloads history", async ({
  page,
}) => {
  api.resumeSupported = false;
  let finish = () => {};
  api.replies.push({
    kind: "events",
    events: (content, conversationId) => {
      const messages = api.conversations.get(conversationId)!;
      const [user, start, delta] = api.answer(conversationId, messages, content, ["Partial"]);
      // The server finishes and stores the turn later, after this connection dropped.
      const answer = api.message(conversationId, 2, "assistant", "Partial, then complete.");
      finish = () => messages.push(answer);
      return [user!, start!, delta!];
    },
  });
  const dialog = await openChat(page);
  await send(page, "Tell me");
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("connection was lost");
  await expect(dialog.getByRole("listitem").last()).toContainText("Answer interrupted.");
  finish();
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(dialog.getByRole("listitem").last()).toContainText("Partial, then complete.");
  await expect(dialog.getByRole("listitem")).toHaveCount(2);
});

test("Stop aborts a pending answer and the composer can send again", async ({ page }) => {
  api.replies.push({ kind: "hang" });
  const dialog = await openChat(page);
  await send(page, "Slow question");
  // Stop once the (hanging) message request is out, not while the conversation is still being created.
  await expect
    .poll(() => api.requests.some((request) => request.method === "POST" && request.path.endsWith("/messages")))
    .toBe(true);
  const stop = dialog.getByRole("button", { name: "Stop" });
  await stop.click();
  await expect(stop).toBeHidden();
  await send(page, "Another one");
  await expect(dialog.getByRole("listitem").last()).toContainText("You said: Another one");
});

test("the page's custom properties override the tenant theme", async ({ page }) => {
  api.tenant.theme = { accent_color: "#ff8800", title: "Acme Help" };
  await openHostPage(page, scriptTag());
  await page.getByRole("button", { name: "Open chat" }).click();
  const header = page.locator("clawless-chat").locator("[part=header]");
  await expect(page.getByRole("dialog", { name: "Acme Help" })).toBeVisible();
  await expect(header).toHaveCSS("background-color", "rgb(255, 136, 0)");
  await page.addStyleTag({ content: "clawless-chat { --clawless-accent: rgb(0, 128, 0); }" });
  await expect(header).toHaveCSS("background-color", "rgb(0, 128, 0)");
});

test("inline mode fills its container without a launcher", async ({ page }) => {
  await openHostPage(
    page,
    `<div id="chat" style="height: 500px">${""}</div>${scriptTag('data-mode="inline" data-target="#chat"')}`,
  );
  const dialog = page.getByRole("dialog", { name: "Acme Support" });
  await expect(dialog.getByText("Hi! How can we help you today?")).toBeVisible();
  await expect(page.getByRole("button", { name: "Open chat" })).toHaveCount(0);
  const box = await dialog.boundingBox();
  expect(box?.height).toBe(500);
});
