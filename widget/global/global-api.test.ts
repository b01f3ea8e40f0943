import { expect, test, type Page } from "@playwright/test";
import { FakeApi, PUBLISHABLE_KEY } from "../test-support/fake-api";
import { openHostPage, scriptTag, serveWidget } from "../test-support/pages";

let api: FakeApi;

test.beforeEach(async ({ page }) => {
  api = new FakeApi();
  await api.install(page);
  await serveWidget(page);
});

/** The snippet a page uses to call `Clawless` before the script tag has run (see docs/widget.md). */
const QUEUE_STUB = `<script>
  window.__events = [];
  window.Clawless = window.Clawless || { q: [] };
  ["open","close","toggle","send","setInput","identify","logout","newConversation","registerTool","on","off","destroy"].forEach(function (m) {
    Clawless[m] = Clawless[m] || function () { Clawless.q.push([m].concat([].slice.call(arguments))); };
  });
  ["ready","open","close","message","message:sent","error","unread"].forEach(function (name) {
    Clawless.on(name, function (e) { window.__events.push(name + " " + JSON.stringify(e.detail.count ?? e.detail.message?.content ?? e.detail.type ?? "")); });
  });
</script>`;

const events = (page: Page) => page.evaluate(() => (window as unknown as { __events: string[] }).__events);
const storageKey = (name: string) => `clawless:${PUBLISHABLE_KEY}:${name}`;

test("every method can be called before the script loads, and events reach on() listeners", async ({ page }) => {
  await openHostPage(
    page,
    `${QUEUE_STUB}<script>
      Clawless.registerTool("lookup_order", function (input) { return { status: "shipped", input: input }; });
      Clawless.identify("user-jwt-1");
      Clawless.send("Queued hello");
    </script>${scriptTag()}`,
  );
  const dialog = page.getByRole("dialog", { name: "Acme Support" });
  await expect(dialog.getByRole("listitem").last()).toContainText("You said: Queued hello");
  await expect
    .poll(() => events(page))
    .toEqual(
      expect.arrayContaining([
        'ready ""',
        'open ""',
        'message:sent "Queued hello"',
        'message "You said: Queued hello"',
      ]),
    );
  // The identity was presented at bootstrap; the user's visitor token carries it from then on.
  const withIdentity = api.requests.filter(
    (request) => (request.body as { identity_token?: string } | undefined)?.identity_token === "user-jwt-1",
  );
  expect(withIdentity.map((request) => request.path)).toEqual(["/v1/widget/bootstrap"]);
  expect(api.requests.at(-1)!.headers["x-clawless-visitor"]).toBe("vt_user_user-jwt-1");
  // Registered tools are kept on the element for client tools to call.
  const result = await page.evaluate(() =>
    (document.querySelector("clawless-chat") as unknown as { tools: Map<string, (i: unknown) => unknown> }).tools.get(
      "lookup_order",
    )!({ id: 7 }),
  );
  expect(result).toEqual({ status: "shipped", input: { id: 7 } });
});

test("setInput opens the panel with the text ready to edit, not sent", async ({ page }) => {
  await openHostPage(page, `${QUEUE_STUB}<script>Clawless.setInput("I need help with ");</script>${scriptTag()}`);
  const input = page.getByRole("textbox", { name: "Message" });
  await expect(input).toHaveValue("I need help with ");
  await expect(input).toBeFocused();
  await input.press("End");
  await input.pressSequentially("returns");
  await input.press("Enter");
  await expect(page.getByRole("dialog").getByRole("listitem").last()).toContainText(
    "You said: I need help with returns",
  );
  expect(api.sentContents).toEqual(["I need help with returns"]);
});

test("open, close, toggle, newConversation, off and destroy work once loaded", async ({ page }) => {
  await openHostPage(page, `${QUEUE_STUB}${scriptTag()}`);
  await expect(page.getByRole("button", { name: "Open chat" })).toBeVisible();
  await page.evaluate(() => window.Clawless!.toggle!());
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await page.evaluate(() => window.Clawless!.send!("First"));
  await expect(dialog.getByRole("listitem")).toHaveCount(2);
  await page.evaluate(() => window.Clawless!.newConversation!());
  await expect(dialog.getByRole("listitem")).toHaveCount(0);
  await expect(dialog.getByText("Hi! How can we help you today?")).toBeVisible();
  expect(await page.evaluate((key) => localStorage.getItem(key), storageKey("conversation"))).toBeNull();
  await page.evaluate(() => window.Clawless!.close!());
  await expect(dialog).toBeHidden();
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { __off: string[] }).__off = []);
    const listener = () => seen.push("open");
    window.Clawless!.on!("open", listener);
    window.Clawless!.off!("open", listener);
    window.Clawless!.open!();
  });
  await expect(dialog).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __off: string[] }).__off)).toEqual([]);
  expect(await events(page)).toEqual(expect.arrayContaining(['close ""']));
  await page.evaluate(() => window.Clawless!.destroy!());
  await expect(page.locator("clawless-chat")).toHaveCount(0);
  expect(await page.evaluate(() => "Clawless" in window)).toBe(false);
});

test("identify switches to the user's visitor; logout forgets everything and starts anonymous", async ({ page }) => {
  await openHostPage(page, `${QUEUE_STUB}${scriptTag('data-open="true"')}`);
  const dialog = page.getByRole("dialog");
  await page.evaluate(() => window.Clawless!.send!("As a guest"));
  await expect(dialog.getByRole("listitem")).toHaveCount(2);

  await page.evaluate(() => window.Clawless!.identify!("jwt-ada"));
  // A new bootstrap presents the identity; the server answers with the user's own visitor.
  await expect
    .poll(() => page.evaluate((key) => localStorage.getItem(key), storageKey("visitor")))
    .toBe("vt_user_jwt-ada");
  await expect(dialog.getByRole("listitem")).toHaveCount(0);
  await page.evaluate(() => window.Clawless!.send!("As Ada"));
  await expect(dialog.getByRole("listitem").last()).toContainText("You said: As Ada");
  const last = api.requests.at(-1)!;
  expect(last.headers["x-clawless-visitor"]).toBe("vt_user_jwt-ada");

  await page.evaluate(() => window.Clawless!.logout!());
  await expect(dialog.getByRole("listitem")).toHaveCount(0);
  // The server is asked to revoke the user's token, not just the page to forget it.
  await expect
    .poll(() =>
      api.requests.filter((request) => request.path.endsWith("/logout")).map((r) => r.headers["x-clawless-visitor"]),
    )
    .toEqual(["vt_user_jwt-ada"]);
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), storageKey("visitor"))).toBe("vt_2");
  expect(await page.evaluate((key) => localStorage.getItem(key), storageKey("conversation"))).toBeNull();
  const bootstrap = api.requests.filter((request) => request.path.endsWith("/bootstrap")).at(-1)!;
  expect(bootstrap.body).toEqual({});
  expect(bootstrap.headers["x-clawless-visitor"]).toBeUndefined();
});

test("an answer that finishes while the panel is closed counts as unread until opened", async ({ page }) => {
  let release = () => {};
  api.replies.push({
    kind: "events",
    events: (content, conversationId) =>
      api.answer(conversationId, api.conversations.get(conversationId)!, content, ["Here you go."]),
  });
  await openHostPage(page, `${QUEUE_STUB}${scriptTag()}`);
  await page.evaluate(() => window.Clawless!.send!("Question"));
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("listitem")).toHaveCount(2);
  // Close, then have an answer arrive: send one more and close before it is answered.
  await page.route("http://api.test/v1/widget/conversations/*/messages?*", async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    await new Promise<void>((resolve) => (release = resolve));
    return route.fallback();
  });
  await page.evaluate(() => window.Clawless!.send!("Another"));
  await expect(dialog.getByRole("button", { name: "Stop" })).toBeVisible();
  await page.evaluate(() => window.Clawless!.close!());
  release();
  const launcher = page.getByRole("button", { name: "Open chat, 1 unread" });
  await expect(launcher).toBeVisible();
  await expect(page.locator("clawless-chat [part=badge]")).toHaveText("1");
  await launcher.click();
  await expect(page.getByRole("button", { name: "Close chat" })).toBeVisible();
  await expect(page.locator("clawless-chat [part=badge]")).toHaveCount(0);
  expect(await events(page)).toEqual(expect.arrayContaining(["unread 1", "unread 0"]));
});
