import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { FakeApi } from "./test-support/fake-api";
import { openHostPage, scriptTag, serveWidget } from "./test-support/pages";

/**
 * axe-core (WCAG 2.1 A/AA rules, colour contrast included) over the widget in each mode and
 * theme, with a conversation on screen: zero violations.
 */

let api: FakeApi;

test.beforeEach(async ({ page }) => {
  api = new FakeApi();
  await api.install(page);
  await serveWidget(page);
  api.replies.push({
    kind: "answer",
    chunks: [
      "Sure. **Hours**: 9–5.\n\n- Mon\n- Tue\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[Docs](https://example.com)",
    ],
  });
});

async function audit(page: Page) {
  const results = await new AxeBuilder({ page })
    .include("clawless-chat")
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function converse(page: Page) {
  const dialog = page.getByRole("dialog");
  const input = dialog.getByRole("textbox");
  await input.fill("What are your hours?");
  await input.press("Enter");
  await expect(dialog.locator("[part~=message-assistant]")).toHaveCount(1);
  await expect(dialog.getByRole("button", { name: /^(Helpful|مفيد)$/ })).toBeVisible();
}

for (const theme of ["light", "dark"] as const) {
  test.describe(`${theme} theme`, () => {
    test("launcher, closed", async ({ page }) => {
      await openHostPage(page, scriptTag(`data-theme="${theme}" data-greeting-delay="0"`));
      await expect(page.getByRole("button", { name: "Hi! How can we help you today?" })).toBeVisible();
      await audit(page);
    });

    test("launcher, open with a conversation", async ({ page }) => {
      await openHostPage(page, scriptTag(`data-theme="${theme}" data-open="true"`));
      await audit(page);
      await converse(page);
      await audit(page);
    });

    test("inline", async ({ page }) => {
      await openHostPage(
        page,
        `<main id="chat" style="height: 560px"></main>${scriptTag(`data-theme="${theme}" data-mode="inline" data-target="#chat"`)}`,
      );
      await expect(page.getByRole("dialog")).toBeVisible();
      await converse(page);
      await audit(page);
    });

    test("fullscreen", async ({ page }) => {
      await openHostPage(page, scriptTag(`data-theme="${theme}" data-mode="fullscreen" data-open="true"`));
      await converse(page);
      await audit(page);
    });

    test("right to left (Arabic)", async ({ page }) => {
      await openHostPage(page, scriptTag(`data-theme="${theme}" data-locale="ar" data-open="true"`));
      await converse(page);
      await audit(page);
    });
  });
}
