import { expect, test } from "@playwright/test";
import { FakeApi } from "../test-support/fake-api";
import { openHostPage, scriptTag, serveWidget } from "../test-support/pages";

test("streamed markdown becomes DOM, and only safe links are live", async ({ page }) => {
  const api = new FakeApi();
  await api.install(page);
  await serveWidget(page);
  api.replies.push({
    kind: "answer",
    chunks: [
      "Here is **bo",
      "ld** text, a [safe link](https://exa",
      "mple.com/docs), [bad](javascript:alert(1)) and [worse](data:text/html,<b>x</b>).\n\n```",
      "js\nconst a = '<b>1</b>';\n```\n- first\n- sec",
      "ond item\n",
    ],
  });
  await openHostPage(page, scriptTag());
  await page.getByRole("button", { name: "Open chat" }).click();
  const input = page.getByRole("textbox", { name: "Message" });
  await input.fill("Show me markdown");
  await input.press("Enter");

  const answer = page.locator("clawless-chat [part~=message-assistant]");
  await expect(answer.getByRole("listitem")).toHaveText(["first", "second item"]);
  await expect(answer.locator("strong")).toHaveText("bold");
  const link = answer.getByRole("link", { name: "safe link" });
  await expect(link).toHaveAttribute("href", "https://example.com/docs");
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  await expect(answer.getByRole("link")).toHaveCount(1);
  await expect(answer).toContainText("bad");
  await expect(answer.locator("pre code")).toHaveText("const a = '<b>1</b>';\n");
  await expect(answer.locator("b")).toHaveCount(0);
});

test("bare URLs and URL-labelled links become single plain-text links", async ({ page }) => {
  const api = new FakeApi();
  await api.install(page);
  await serveWidget(page);
  api.replies.push({
    kind: "answer",
    chunks: ["Docs: https://example.com/docs and [https://example.com/a](https://example.com/a)."],
  });
  await openHostPage(page, scriptTag());
  await page.getByRole("button", { name: "Open chat" }).click();
  const input = page.getByRole("textbox", { name: "Message" });
  await input.fill("Links?");
  await input.press("Enter");

  const answer = page.locator("clawless-chat [part~=message-assistant]");
  await expect(answer.getByRole("link")).toHaveText(["https://example.com/docs", "https://example.com/a"]);
  await expect(answer.locator("a a")).toHaveCount(0);
});
