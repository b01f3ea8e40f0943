import { expect, test } from "@playwright/test";
import { FakeApi } from "../test-support/fake-api";
import { openHostPage, scriptTag, serveWidget } from "../test-support/pages";

let api: FakeApi;

test.beforeEach(async ({ page }) => {
  api = new FakeApi();
  await api.install(page);
  await serveWidget(page);
});

const WHITE = "rgb(255, 255, 255)";
const DARK = "rgb(23, 25, 29)";

test("light by default, dark on request", async ({ page }) => {
  await openHostPage(page, scriptTag('data-open="true"'));
  const panel = page.locator("clawless-chat [part=panel]");
  await expect(panel).toHaveCSS("background-color", WHITE);
  await page.locator("clawless-chat").evaluate((element) => element.setAttribute("theme", "dark"));
  await expect(panel).toHaveCSS("background-color", DARK);
  await expect(panel).toHaveCSS("color", "rgb(232, 234, 237)");
});

test("auto follows the visitor's colour scheme", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await openHostPage(page, scriptTag('data-open="true" data-theme="auto"'));
  const panel = page.locator("clawless-chat [part=panel]");
  await expect(panel).toHaveCSS("background-color", DARK);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(panel).toHaveCSS("background-color", WHITE);
});

test("the tenant theme sets accent, radius, font, logo and title", async ({ page }) => {
  await page.route("https://cdn.test/**", (route) =>
    route.fulfill({
      contentType: "image/svg+xml",
      body: '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
    }),
  );
  api.tenant.theme = {
    accent_color: "#ffd60a",
    title: "Acme Help",
    logo_url: "https://cdn.test/logo.svg",
    radius: 4,
    font: "Georgia, serif",
  };
  await openHostPage(page, scriptTag('data-open="true"'));
  await expect(page.getByRole("dialog", { name: "Acme Help" })).toBeVisible();
  const header = page.locator("clawless-chat [part=header]");
  await expect(header).toHaveCSS("background-color", "rgb(255, 214, 10)");
  // A light accent gets dark text, for contrast.
  await expect(header).toHaveCSS("color", "rgb(17, 17, 17)");
  await expect(page.locator("clawless-chat [part=panel]")).toHaveCSS("border-radius", "4px");
  await expect(page.locator("clawless-chat [part=panel]")).toHaveCSS("font-family", "Georgia, serif");
  await expect(header.locator("img")).toHaveAttribute("src", "https://cdn.test/logo.svg");
});

test("every documented part can be styled from the page", async ({ page }) => {
  const parts = [
    "launcher",
    "panel",
    "header",
    "messages",
    "message",
    "message-user",
    "message-assistant",
    "composer",
    "input",
    "send",
    "suggestion",
  ];
  await openHostPage(page, scriptTag('data-open="true"'), {
    head: `<style>${parts.map((part) => `clawless-chat::part(${part})`).join(",")} { outline: 3px solid rgb(1, 2, 3) }</style>`,
  });
  const styled = () =>
    page.locator("clawless-chat").evaluate((element, names) => {
      const root = element.shadowRoot!;
      return names.filter((name) => {
        const node = root.querySelector(`[part~="${name}"]`);
        return node && getComputedStyle(node).outlineColor === "rgb(1, 2, 3)";
      });
    }, parts);
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Where is my order?" })).toBeVisible();
  const before = await styled();
  await dialog.getByRole("textbox", { name: "Message" }).fill("Hello");
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(dialog.getByRole("listitem")).toHaveCount(2);
  expect(new Set([...before, ...(await styled())])).toEqual(new Set(parts));
});
