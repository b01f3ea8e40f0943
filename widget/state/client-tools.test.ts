import { expect, test } from "@playwright/test";
import type { StreamEvent } from "../../protocol";
import { FakeApi } from "../test-support/fake-api";
import { openHostPage, scriptTag, serveWidget } from "../test-support/pages";

/** Client tools in the widget: the page's handlers run for the server's requests, and answer it. */

let api: FakeApi;

test.beforeEach(async ({ page }) => {
  api = new FakeApi();
  await api.install(page);
  await serveWidget(page);
});

/** A turn whose answer first asks the page to run client tools. */
function toolTurn(requests: { call: string; name: string; input?: unknown; confirm?: boolean }[]) {
  return {
    kind: "events" as const,
    events: (content: string, conversationId: string): StreamEvent[] => {
      const messages = api.conversations.get(conversationId)!;
      const [user, start, ...rest] = api.answer(conversationId, messages, content, ["Done."]);
      const turnId = user!.type === "message.user" ? user!.message.id : "";
      return [
        user!,
        start!,
        ...requests.map((r): StreamEvent => ({
          type: "tool.client_request",
          message_id: "m_answer",
          turn_id: turnId,
          call_id: r.call,
          name: r.name,
          input: r.input ?? {},
          confirm: r.confirm ?? false,
          timeout_ms: 30_000,
          status: `Running ${r.name}…`,
        })),
        ...rest,
      ];
    },
  };
}

const open = (page: import("@playwright/test").Page, handlers: string) =>
  openHostPage(page, `<script>window.Clawless = { q: [] };</script>${scriptTag()}<script>${handlers}</script>`);

test("runs the page's handlers and posts their results; a missing handler or a throw is an error result", async ({
  page,
}) => {
  api.replies.push(
    toolTurn([
      { call: "c1", name: "get_cart", input: { detail: true } },
      { call: "c2", name: "not_registered" },
      { call: "c3", name: "broken" },
    ]),
  );
  await open(
    page,
    `Clawless.q.push(["registerTool", "get_cart", async (input) => ({ items: 2, asked: input })]);
    Clawless.q.push(["registerTool", "broken", () => { throw new Error("cart service down"); }]);
    Clawless.q.push(["send", "What's in my cart?"]);`,
  );
  await expect.poll(() => api.toolResults.length).toBe(3);
  const byCall = Object.fromEntries(api.toolResults.map((r) => [(r.body as { call_id: string }).call_id, r.body]));
  expect(byCall.c1).toEqual({ call_id: "c1", output: { items: 2, asked: { detail: true } } });
  expect(byCall.c2).toEqual({ call_id: "c2", error: "This page has no handler for the not_registered tool." });
  expect(byCall.c3).toEqual({ call_id: "c3", error: "broken failed on the page: cart service down" });
  expect(new Set(api.toolResults.map((r) => r.turnId)).size).toBe(1);
  await expect(page.getByRole("dialog").locator("[part~='message-assistant']").last()).toContainText("Done.");
});

test("asks the visitor first when the tool wants confirmation, and reports a refusal", async ({ page }) => {
  api.replies.push(toolTurn([{ call: "c1", name: "apply_coupon", input: { code: "SAVE10" }, confirm: true }]));
  api.replies.push(toolTurn([{ call: "c2", name: "apply_coupon", input: { code: "AGAIN" }, confirm: true }]));
  await open(
    page,
    `window.applied = [];
    Clawless.q.push(["registerTool", "apply_coupon", (input) => { window.applied.push(input.code); return { applied: true }; }]);
    Clawless.q.push(["send", "Apply SAVE10"]);`,
  );
  const confirm = page.locator("clawless-chat").locator("[part='tool-confirm']");
  await expect(confirm).toContainText("The assistant would like to act on this page: Running apply_coupon…");
  expect(api.toolResults).toEqual([]);
  await confirm.getByRole("button", { name: "Allow", exact: true }).click();
  await expect.poll(() => api.toolResults.map((r) => r.body)).toEqual([{ call_id: "c1", output: { applied: true } }]);
  await expect(confirm).toHaveCount(0);

  await page.evaluate(() => (window as any).Clawless.send("Apply AGAIN"));
  await confirm.getByRole("button", { name: "Don't allow" }).click();
  await expect
    .poll(() => api.toolResults.at(-1)?.body)
    .toEqual({ call_id: "c2", error: "The visitor declined to let the assistant use apply_coupon." });
  expect(await page.evaluate(() => (window as any).applied)).toEqual(["SAVE10"]);
});
