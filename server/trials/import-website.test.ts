import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { importWebsite, snippetsFromHtml } from "./import-website";
import { knowledgeToText, snippetsFromKnowledgeText } from "./knowledge-text";

/**
 * The HTML → snippets half of "import from website" runs here on HTML strings; the real fetch of
 * a page from a local server, and an unreachable one, are covered end to end in e2e/demo.test.ts
 * (a refused connection inside workerd also logs an uncaught runtime error, which is only noise).
 */

const PAGE = `<!doctype html><html><head><title>Northwind — Help</title><style>p{}</style></head><body>
<header><nav><a href="/">Home</a><p>Menu text that is not knowledge</p></nav></header>
<main>
  <h1>Shipping</h1>
  <p>We ship to 42 countries &amp; territories.</p>
  <p>Orders leave our warehouse within 24 hours.</p>
  <h2>Returns</h2>
  <ul><li>Free returns within 60 days.</li><li>Refunds arrive in 5 days.</li></ul>
  <script>var secret = "never knowledge";</script>
</main>
<footer><p>© Northwind</p></footer>
</body></html>`;

describe("importing a page's text", () => {
  it("turns readable sections into snippets, skipping navigation, scripts and footers", async () => {
    const snippets = await snippetsFromHtml(PAGE, "https://northwind.example.com/help");
    expect(snippets.map((s) => s.title)).toEqual(["Shipping", "Returns"]);
    expect(snippets[0]!.content).toBe(
      "We ship to 42 countries & territories.\n\nOrders leave our warehouse within 24 hours.",
    );
    expect(snippets[1]!.content).toContain("Free returns within 60 days.");
    const all = JSON.stringify(snippets);
    expect(all).not.toContain("Menu text");
    expect(all).not.toContain("never knowledge");
    expect(all).not.toContain("© Northwind");
  });

  it("finds nothing in a page without readable text", async () => {
    expect(await snippetsFromHtml("<html><body><script>1</script></body></html>", "https://a.example.com")).toEqual([]);
  });

  it("refuses private, non-web and malformed addresses with a reason, fetching nothing", async () => {
    const result = await importWebsite({ ...env, ENVIRONMENT: "production" }, [
      "https://192.168.1.10/faq",
      "http://northwind.example.com/faq",
      "https://user:pw@northwind.example.com/",
      "http://127.0.0.1:9/",
    ]);
    expect(result).toEqual({
      ok: false,
      problems: [
        "https://192.168.1.10/faq points to a private or local address, which cannot be imported.",
        "http://northwind.example.com/faq must start with https://.",
        "https://user:pw@northwind.example.com/ must not contain a user name or password.",
        "http://127.0.0.1:9/ must start with https://.",
      ],
    });
  });
});

describe("knowledge as editable text", () => {
  it("reads FAQ pairs, plain text and ## topics, and round-trips through the edit form", () => {
    const text = `Q: Do you ship abroad?
A: Yes, to 42 countries.

Q: Can I return items?
A: Yes, within 60 days.

## Gift cards

Gift cards never expire.

They come in 25, 50 and 100 euros.`;
    const snippets = snippetsFromKnowledgeText(text, "Northwind");
    expect(snippets).toEqual([
      { id: "k-1", title: "Do you ship abroad?", content: "Yes, to 42 countries." },
      { id: "k-2", title: "Can I return items?", content: "Yes, within 60 days." },
      { id: "k-3", title: "Gift cards", content: "Gift cards never expire.\n\nThey come in 25, 50 and 100 euros." },
    ]);
    expect(snippetsFromKnowledgeText(knowledgeToText(snippets), "Northwind")).toEqual(snippets);
  });

  it("titles untitled text with the company name", () => {
    expect(snippetsFromKnowledgeText("We open at nine.", "Northwind")).toEqual([
      { id: "k-1", title: "Northwind", content: "We open at nine." },
    ]);
  });
});
