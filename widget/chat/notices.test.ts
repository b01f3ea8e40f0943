import { expect, test } from "@playwright/test";
import type { NoticeCode, StreamEvent } from "../../protocol";
import { FakeApi } from "../test-support/fake-api";
import { openHostPage, scriptTag, serveWidget } from "../test-support/pages";

/** The server's `message.notice` events reach the visitor as a short, translated line under the answer. */

let api: FakeApi;

test.beforeEach(async ({ page }) => {
  api = new FakeApi();
  await api.install(page);
  await serveWidget(page);
});

/** A normal answer whose stream carries a notice right after `message.start`, as the server sends it. */
function answerWithNotice(code: NoticeCode, text: string) {
  return {
    kind: "events" as const,
    events: (content: string, conversationId: string): StreamEvent[] => {
      const [user, start, ...rest] = api.answer(conversationId, api.conversations.get(conversationId)!, content, [
        text,
      ]);
      const notice: StreamEvent = {
        type: "message.notice",
        message_id: start!.type === "message.start" ? start.message_id : "",
        code,
        message: "claude-haiku-5-5 was unavailable, so gpt-5-mini answered.",
      };
      return [user!, start!, notice, ...rest];
    },
  };
}

async function ask(page: import("@playwright/test").Page, text: string, locale = "") {
  await openHostPage(page, scriptTag(locale ? `data-locale="${locale}"` : ""));
  await page.locator("clawless-chat").evaluate((element) => ((element as HTMLElement & { open: boolean }).open = true));
  const dialog = page.getByRole("dialog");
  const input = dialog.getByRole("textbox");
  await input.fill(text);
  await input.press("Enter");
  return dialog;
}

test("a fallback notice shows under the answer, in the visitor's language, without the server's model names", async ({
  page,
}) => {
  api.replies.push(answerWithNotice("fallback", "We open at nine."));
  const dialog = await ask(page, "When do you open?");
  const answer = dialog.getByRole("listitem").last();
  await expect(answer).toContainText("We open at nine.");
  await expect(answer.locator("[part~=note]")).toHaveText("Answered by a backup model.");
  await expect(answer).not.toContainText("gpt-5-mini");
  // The visitor's own message has no note.
  await expect(dialog.getByRole("listitem").first().locator("[part~=note]")).toHaveCount(0);
});

test("a tool-limit notice is translated too", async ({ page }) => {
  api.replies.push(answerWithNotice("tool_limit", "Ich habe nachgesehen."));
  const dialog = await ask(page, "Wo ist meine Bestellung?", "de");
  await expect(dialog.getByRole("listitem").last().locator("[part~=note]")).toHaveText(
    "Die Antwort endete am Limit des Assistenten.",
  );
});
