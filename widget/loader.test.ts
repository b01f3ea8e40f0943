import { expect, test } from "@playwright/test";
import { FakeApi } from "./test-support/fake-api";
import { openHostPage, scriptTag, serveWidget, WIDGET_ORIGIN } from "./test-support/pages";

let api: FakeApi;

test.beforeEach(async ({ page }) => {
  api = new FakeApi();
  await api.install(page);
  await serveWidget(page);
});

test("the script tag loads the element and shows the launcher", async ({ page }) => {
  await openHostPage(page, scriptTag());
  await expect(page.getByRole("button", { name: "Open chat" })).toBeVisible();
  await expect(page.locator("clawless-chat")).toHaveCount(1);
  await expect(page.locator("clawless-chat")).toHaveAttribute("api", "http://api.test");
  expect(await page.evaluate(() => Object.keys(window).filter((key) => /clawless/i.test(key)))).toEqual(["Clawless"]);
});

test("loading the script twice adds one widget", async ({ page }) => {
  await openHostPage(page, scriptTag() + scriptTag());
  await expect(page.getByRole("button", { name: "Open chat" })).toBeVisible();
  await expect(page.locator("clawless-chat")).toHaveCount(1);
});

test("calls made before the script loaded are replayed", async ({ page }) => {
  await openHostPage(
    page,
    `<script>
      window.__events = [];
      window.Clawless = window.Clawless || { q: [] };
      ["open", "close", "toggle", "send", "on", "off", "destroy"].forEach(function (m) {
        Clawless[m] = Clawless[m] || function () { Clawless.q.push([m].concat([].slice.call(arguments))); };
      });
      Clawless.on("open", function (e) { window.__events.push(e.type); });
      Clawless.on("ready", function (e) { window.__events.push(e.type); });
      Clawless.open();
    </script>${scriptTag()}`,
  );
  const dialog = page.getByRole("dialog", { name: "Acme Support" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("Hi! How can we help you today?")).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __events: string[] }).__events))
    .toEqual(expect.arrayContaining(["clawless-open", "clawless-ready"]));
});

test("the global API controls the widget once loaded", async ({ page }) => {
  await openHostPage(page, scriptTag());
  await page.evaluate(() => window.Clawless!.send!("Hello from the page"));
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("listitem").last()).toContainText("You said: Hello from the page");
  await page.evaluate(() => window.Clawless!.close!());
  await expect(dialog).toBeHidden();
  await page.evaluate(() => window.Clawless!.destroy!());
  await expect(page.locator("clawless-chat")).toHaveCount(0);
  expect(await page.evaluate(() => "Clawless" in window)).toBe(false);
});

test("works under a CSP without unsafe-eval or inline scripts", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) violations.push(message.text());
  });
  await openHostPage(page, `<script>window.__inline = 1</script>${scriptTag()}`, {
    csp: `script-src ${WIDGET_ORIGIN}`,
  });
  await page.getByRole("button", { name: "Open chat" }).click();
  const input = page.getByRole("textbox", { name: "Message" });
  await input.fill("Does this work?");
  await input.press("Enter");
  await expect(page.getByRole("dialog").getByRole("listitem").last()).toContainText("You said: Does this work?");
  // The policy really is in force: the page's own inline script was refused.
  expect(await page.evaluate(() => (window as unknown as { __inline?: number }).__inline)).toBeUndefined();
  expect(violations.filter((text) => !text.includes("inline"))).toEqual([]);
});

test("host page CSS does not reach the widget, and the widget adds no global styles", async ({ page }) => {
  await openHostPage(page, scriptTag(), {
    head: `<style>* { color: red !important; font-size: 40px; font-family: serif }</style>`,
  });
  const before = await page.evaluate(() => ({
    sheets: document.styleSheets.length,
    adopted: document.adoptedStyleSheets.length,
    head: document.head.children.length,
  }));
  await page.getByRole("button", { name: "Open chat" }).click();
  const greeting = page.getByText("Hi! How can we help you today?");
  await expect(greeting).toBeVisible();
  const style = await greeting.evaluate((element) => {
    const computed = getComputedStyle(element);
    return { color: computed.color, fontSize: computed.fontSize, fontFamily: computed.fontFamily };
  });
  expect(style.color).not.toBe("rgb(255, 0, 0)");
  expect(style.fontSize).toBe("15px");
  expect(style.fontFamily).not.toBe("serif");
  const after = await page.evaluate(() => ({
    sheets: document.styleSheets.length,
    adopted: document.adoptedStyleSheets.length,
    head: document.head.children.length,
  }));
  expect(after).toEqual(before);
});
