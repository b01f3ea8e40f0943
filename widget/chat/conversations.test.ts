import { expect, test, type Page } from "@playwright/test";
import { FakeApi, PUBLISHABLE_KEY } from "../test-support/fake-api";
import { openHostPage, scriptTag, serveWidget } from "../test-support/pages";

let api: FakeApi;

test.beforeEach(async ({ page }) => {
  api = new FakeApi();
  await api.install(page);
  await serveWidget(page);
  // A clipboard that records what was written: the host page is not a secure context.
  await page.addInitScript(() => {
    const copied: string[] = ((window as unknown as { __copied: string[] }).__copied = []);
    Object.defineProperty(navigator, "clipboard", {
      value: { writeText: (text: string) => (copied.push(text), Promise.resolve()) },
    });
  });
});

const copied = (page: Page) => page.evaluate(() => (window as unknown as { __copied: string[] }).__copied);

async function send(page: Page, text: string) {
  const input = page.getByRole("dialog").getByRole("textbox", { name: "Message" });
  await input.fill(text);
  await input.press("Enter");
}

test("the conversation list shows past conversations and opens one; New conversation starts afresh", async ({
  page,
}) => {
  await openHostPage(page, scriptTag('data-open="true"'));
  const dialog = page.getByRole("dialog");
  await send(page, "About shipping");
  await expect(dialog.getByRole("listitem")).toHaveCount(2);
  await dialog.getByRole("button", { name: "New conversation" }).click();
  await expect(dialog.getByText("Hi! How can we help you today?")).toBeVisible();
  await send(page, "About returns");
  await expect(dialog.getByRole("listitem").last()).toContainText("You said: About returns");

  await dialog.getByRole("button", { name: "Conversations" }).click();
  const list = dialog.getByRole("list", { name: "Conversations" });
  await expect(list.getByRole("button")).toHaveCount(2);
  await expect(list.getByRole("button").first()).toContainText("About returns");
  await expect(list.getByRole("button", { name: /About returns/ })).toHaveAttribute("aria-current", "true");
  await list.getByRole("button", { name: /About shipping/ }).click();
  await expect(dialog.getByRole("listitem").last()).toContainText("You said: About shipping");
  await expect(dialog.getByRole("listitem")).toHaveCount(2);
  expect(await page.evaluate((key) => localStorage.getItem(`clawless:${key}:conversation`), PUBLISHABLE_KEY)).toBe(
    "c_1",
  );
});

test("older messages load when scrolling up, keeping the visitor's place", async ({ page }) => {
  await page.addInitScript((key) => {
    localStorage.setItem(`clawless:${key}:visitor`, "vt_1");
    localStorage.setItem(`clawless:${key}:conversation`, "c_long");
  }, PUBLISHABLE_KEY);
  api.seed("vt_1", 120, "c_long");
  await openHostPage(page, scriptTag('data-open="true"'));
  const dialog = page.getByRole("dialog");
  const messages = page.locator("clawless-chat [part~=message]");
  await expect(messages).toHaveCount(50);
  await expect(messages.last()).toContainText("Message number 120");
  // Starts at the latest message.
  await expect(dialog.getByRole("button", { name: "Jump to latest" })).toHaveCount(0);
  const anchor = dialog.getByText("Message number 71", { exact: true });
  await page.locator("clawless-chat [part=messages]").evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(messages).toHaveCount(100);
  await expect(messages.first()).toContainText("Message number 21");
  // The message that was at the top is still in view, not thrown to the bottom.
  await expect(anchor).toBeInViewport();
  await page.locator("clawless-chat [part=messages]").evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(messages).toHaveCount(120);
  await expect(dialog.getByRole("button", { name: "Load earlier messages" })).toHaveCount(0);
});

test("scrolled up, new text does not pull the visitor down; Jump to latest does", async ({ page }) => {
  await page.addInitScript((key) => {
    localStorage.setItem(`clawless:${key}:visitor`, "vt_1");
    localStorage.setItem(`clawless:${key}:conversation`, "c_long");
  }, PUBLISHABLE_KEY);
  api.seed("vt_1", 30, "c_long");
  await openHostPage(page, scriptTag('data-open="true"'));
  const dialog = page.getByRole("dialog");
  const scroller = page.locator("clawless-chat [part=messages]");
  await expect(page.locator("clawless-chat [part~=message]")).toHaveCount(30);
  let release = () => {};
  await page.route("http://api.test/v1/widget/conversations/*/messages?*", async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    await new Promise<void>((resolve) => (release = resolve));
    return route.fallback();
  });
  await send(page, "New question");
  await expect(dialog.getByRole("button", { name: "Stop" })).toBeVisible();
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  const jump = dialog.getByRole("button", { name: "Jump to latest" });
  await expect(jump).toBeVisible();
  release();
  await expect(page.locator("clawless-chat [part~=message]")).toHaveCount(32);
  await expect(dialog.getByRole("button", { name: "Send" })).toBeVisible();
  expect(await scroller.evaluate((el) => el.scrollTop)).toBe(0);
  await jump.click();
  await expect(jump).toBeHidden();
  await expect(dialog.getByText("You said: New question")).toBeInViewport();
});

test("copy, thumbs up and thumbs down on an answer; feedback reaches the server", async ({ page }) => {
  await openHostPage(page, scriptTag('data-open="true"'));
  const dialog = page.getByRole("dialog");
  await send(page, "Rate me");
  const answer = page.locator("clawless-chat [part~=message-assistant]");
  await expect(answer).toContainText("You said: Rate me");
  await answer.getByRole("button", { name: "Copy message" }).click();
  await expect(answer.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await copied(page)).toEqual(["You said: Rate me"]);

  const up = answer.getByRole("button", { name: "Helpful", exact: true });
  const down = answer.getByRole("button", { name: "Not helpful" });
  await up.click();
  await expect(up).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => api.feedback.get("m_c_1_2")).toBe("up");
  await down.click();
  await expect(down).toHaveAttribute("aria-pressed", "true");
  await expect(up).toHaveAttribute("aria-pressed", "false");
  await expect.poll(() => api.feedback.get("m_c_1_2")).toBe("down");
  await down.click();
  await expect(down).toHaveAttribute("aria-pressed", "false");
  await expect.poll(() => api.feedback.get("m_c_1_2")).toBeNull();
  await expect(dialog.getByRole("alert")).toHaveCount(0);
});

test("code blocks have a copy button that copies the code only", async ({ page }) => {
  api.replies.push({ kind: "answer", chunks: ["Run:\n\n```sh\nnpm inst", "all clawless\n```\nDone."] });
  await openHostPage(page, scriptTag('data-open="true"'));
  await send(page, "How do I install?");
  const answer = page.locator("clawless-chat [part~=message-assistant]");
  await expect(answer).toContainText("Done.");
  await answer.getByRole("button", { name: "Copy code" }).click();
  await expect(answer.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await copied(page)).toEqual(["npm install clawless\n"]);
});

test("a proactive greeting pops up after the delay; it opens the chat, or can be dismissed", async ({ page }) => {
  await openHostPage(page, scriptTag('data-greeting-delay="0.05"'));
  const greeting = page.getByRole("button", { name: "Hi! How can we help you today?" });
  await expect(greeting).toBeVisible();
  await page.getByRole("button", { name: "Dismiss" }).click();
  await expect(greeting).toBeHidden();

  await page.reload();
  await expect(greeting).toBeVisible();
  await greeting.click();
  await expect(page.getByRole("dialog", { name: "Acme Support" })).toBeVisible();
  await expect(greeting).toBeHidden();
});

test("no proactive greeting without the attribute", async ({ page }) => {
  await openHostPage(page, scriptTag());
  await page.getByRole("button", { name: "Open chat" }).click();
  await page.getByRole("button", { name: "Close chat" }).click();
  await expect(page.getByRole("button", { name: "Open chat" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Dismiss" })).toHaveCount(0);
});
