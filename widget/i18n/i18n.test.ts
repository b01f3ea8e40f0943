import { expect, test } from "@playwright/test";
import { FakeApi } from "../test-support/fake-api";
import { openHostPage, scriptTag, serveWidget } from "../test-support/pages";

let api: FakeApi;

test.beforeEach(async ({ page }) => {
  api = new FakeApi();
  await api.install(page);
  await serveWidget(page);
});

test.describe("a Spanish browser", () => {
  test.use({ locale: "es-MX" });

  test("gets Spanish strings without configuration", async ({ page }) => {
    await openHostPage(page, scriptTag());
    await page.getByRole("button", { name: "Abrir chat" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("textbox", { name: "Mensaje" })).toHaveAttribute(
      "placeholder",
      "Escribe tu mensaje…",
    );
    await expect(dialog.getByRole("button", { name: "Nueva conversación" })).toBeVisible();
    await expect(page.locator("clawless-chat .root")).toHaveAttribute("lang", "es");
  });

  test("data-locale overrides the browser's language", async ({ page }) => {
    await openHostPage(page, scriptTag('data-locale="de"'));
    await page.getByRole("button", { name: "Chat öffnen" }).click();
    await expect(page.getByRole("dialog").getByRole("button", { name: "Schließen" })).toBeVisible();
  });
});

test.describe("an unsupported browser language", () => {
  test.use({ locale: "pt-BR" });

  test("falls back to English", async ({ page }) => {
    await openHostPage(page, scriptTag());
    await expect(page.getByRole("button", { name: "Open chat" })).toBeVisible();
  });
});

test("every locale labels the launcher in its own language", async ({ page }) => {
  const expected: Record<string, string> = {
    en: "Open chat",
    es: "Abrir chat",
    de: "Chat öffnen",
    fr: "Ouvrir le chat",
    ja: "チャットを開く",
    ar: "فتح الدردشة",
  };
  await openHostPage(page, scriptTag());
  await expect(page.getByRole("button", { name: "Open chat" })).toBeVisible();
  for (const [locale, label] of Object.entries(expected)) {
    await page.locator("clawless-chat").evaluate((element, value) => element.setAttribute("locale", value), locale);
    await expect(page.getByRole("button", { name: label })).toBeVisible();
  }
});

test("Arabic is laid out right to left", async ({ page }) => {
  await openHostPage(page, scriptTag('data-locale="ar"'));
  await page.getByRole("button", { name: "فتح الدردشة" }).click();
  const dialog = page.getByRole("dialog");
  const input = dialog.getByRole("textbox", { name: "الرسالة" });
  await input.fill("مرحبا");
  await input.press("Enter");
  await expect(dialog.getByRole("listitem")).toHaveCount(2);
  await expect(page.locator("clawless-chat .root")).toHaveAttribute("dir", "rtl");
  const panel = (await dialog.boundingBox())!;
  const user = (await page.locator("clawless-chat [part~=message-user] .bubble").boundingBox())!;
  const answer = (await page.locator("clawless-chat [part~=message-assistant] .bubble").boundingBox())!;
  // Mirrored: the visitor's messages sit on the left, the assistant's on the right.
  expect(user.x - panel.x).toBeLessThan(panel.x + panel.width - (user.x + user.width));
  expect(answer.x + answer.width).toBeGreaterThan(user.x + user.width);
  await expect(page.locator("clawless-chat [part=header]")).toHaveCSS("direction", "rtl");
});
