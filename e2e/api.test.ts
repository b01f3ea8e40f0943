import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { E2E_API } from "../playwright.config";
import { demoKeys } from "./host-page";

/**
 * The developer's front door against `wrangler dev`: the README's `openai` snippet as written
 * (plain and streamed, with a session), and the reference page at /docs rendering the OpenAPI
 * document under its CSP and sending a real request with the demo tenant's secret key.
 */

test("the official openai client works with baseURL <clawless>/v1", async () => {
  const { secret } = await demoKeys();
  const client = new OpenAI({ apiKey: secret, baseURL: `${E2E_API}/v1` });
  const completion = await client.chat.completions.create({
    model: "auto",
    messages: [{ role: "user", content: "How do I embed the widget?" }],
  });
  expect(completion.object).toBe("chat.completion");
  expect(completion.choices[0]!.message.content).toBeTruthy();

  const session = (await (
    await fetch(`${E2E_API}/v1/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
      body: "{}",
    })
  ).json()) as { session: { id: string } };
  const stream = await client.chat.completions.create(
    { model: "auto", messages: [{ role: "user", content: "How do I embed the widget?" }], stream: true },
    { headers: { "X-Clawless-Session": session.session.id } },
  );
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
  expect(text).toContain("script tag");
});

test("/docs renders the API reference under its CSP and tries a request", async ({ page }) => {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  const response = await page.goto(`${E2E_API}/docs`);
  expect(response!.headers()["content-security-policy"]).toContain("script-src 'self'");

  await expect(page.getByRole("heading", { name: /Clawless API v1/ })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Operations" });
  await expect(nav.getByRole("link", { name: /Create a chat completion/ })).toBeVisible();
  await expect(nav.getByRole("link", { name: /List sessions/ })).toBeVisible();

  await page.getByLabel("Secret key").fill((await demoKeys()).secret);
  const operation = page.locator("section#createChatCompletion");
  await operation.getByText("Try it").click();
  const body = operation.getByRole("textbox", { name: "Request body (JSON)" });
  await expect(body).toHaveValue(/"model": "auto"/);
  await operation.getByRole("button", { name: "Send request" }).click();
  await expect(operation.getByRole("status")).toHaveText(/^200 /);
  await expect(operation.getByLabel("Response")).toContainText('"object": "chat.completion"');

  await page.screenshot({ path: "test-results/api-docs.png", fullPage: false });
  expect(problems).toEqual([]);
});
