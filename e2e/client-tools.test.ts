import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { E2E_FAKE_MODEL, E2E_TOOLS_API } from "../playwright.config";
import { startHostPage } from "./host-page";

/**
 * A client tool round trip through the whole product: the model (a scripted fake OpenAI-compatible
 * upstream behind the tools server, see e2e/tools-server.ts) calls the tenant's client tool, the
 * widget asks the visitor, runs the page's handler, posts the result to the turn, and the model's
 * answer that uses it appears.
 */

test.describe.configure({ mode: "serial" });

async function adminToken(): Promise<string> {
  const vars = await readFile(".dev.vars", "utf8");
  return /^ADMIN_TOKEN=(.*)$/m.exec(vars)![1]!.trim();
}

async function toolsKeys(): Promise<{ publishable: string }> {
  return JSON.parse(await readFile(".wrangler/e2e-tools/demo-keys.json", "utf8"));
}

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
});
test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test("the assistant calls a client tool; the visitor allows it and the page's handler answers", async ({ page }) => {
  const token = await adminToken();
  const patched = await fetch(`${E2E_TOOLS_API}/admin/tenants/tnt_demo`, {
    method: "PATCH",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      config: {
        tools: {
          allow: ["apply_coupon"],
          client: [
            {
              name: "apply_coupon",
              description: "Apply a coupon code to the visitor's cart",
              status_text: "Applying your coupon…",
              confirm: true,
              input_schema: { type: "object", properties: { code: { type: "string" } }, required: ["code"] },
            },
          ],
        },
      },
    }),
  });
  expect(patched.status, await patched.text()).toBe(200);
  const scripted = await fetch(`${E2E_FAKE_MODEL}/__scenarios`, {
    method: "POST",
    body: JSON.stringify({
      id: "e2e",
      openai: [
        { kind: "stream", tools: [{ id: "call_coupon", name: "apply_coupon", args: ['{"code":', '"SAVE10"}'] }] },
        { kind: "stream", text: ["Done: ", "SAVE10 took 10% off your cart."] },
      ],
    }),
  });
  expect(scripted.ok).toBe(true);

  const { publishable } = await toolsKeys();
  const host =
    await startHostPage(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1>
<script>
  window.applied = [];
  window.Clawless = window.Clawless || { q: [] };
  Clawless.q.push(["registerTool", "apply_coupon", function (input) {
    window.applied.push(input.code);
    return { applied: true, discount: "10%" };
  }]);
</script>
<script src="${E2E_TOOLS_API}/widget/v1/clawless.js" data-key="${publishable}" async></script>
</body></html>`);
  try {
    await page.goto(host.url);
    await page.getByRole("button", { name: "Open chat" }).click();
    const dialog = page.getByRole("dialog");
    const input = dialog.getByRole("textbox", { name: "Message" });
    await input.fill("Please apply my coupon SAVE10");
    await input.press("Enter");

    const confirm = page.locator("clawless-chat").locator("[part='tool-confirm']");
    await expect(confirm).toContainText("Applying your coupon…");
    expect(await page.evaluate(() => (window as unknown as { applied: string[] }).applied)).toEqual([]);
    await confirm.getByRole("button", { name: "Allow", exact: true }).click();

    await expect(dialog.locator("[part~='message-assistant']").last()).toContainText("SAVE10 took 10% off your cart.");
    expect(await page.evaluate(() => (window as unknown as { applied: string[] }).applied)).toEqual(["SAVE10"]);
    // The model got the handler's result as the tool call's result.
    const requests = (await (await fetch(`${E2E_FAKE_MODEL}/__scenarios/e2e/requests`)).json()) as {
      body: { messages: { role: string; tool_call_id?: string; content: string }[]; tools?: unknown[] };
    }[];
    expect(requests).toHaveLength(2);
    expect(requests[0]!.body.tools).toHaveLength(1);
    expect(requests[1]!.body.messages.at(-1)).toEqual({
      role: "tool",
      tool_call_id: "call_coupon",
      content: '{"applied":true,"discount":"10%"}',
    });
  } finally {
    await host.close();
  }
});
