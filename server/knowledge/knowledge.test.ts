import { describe, expect, it } from "vitest";
import { readableText } from "./readable-text";
import { MAX_SNIPPET_CHARS, snippetsFromSections, snippetsFromText } from "./snippets-from-text";

describe("snippets from pasted text", () => {
  it("makes one snippet per FAQ pair", () => {
    const text =
      "Q: Do you ship abroad?\nA: Yes, to 40 countries.\n\nQ: Can I return items?\nA: Within 30 days.\nKeep the receipt.";
    expect(snippetsFromText(text, "Acme")).toEqual([
      { id: "faq-1", title: "Do you ship abroad?", content: "Yes, to 40 countries." },
      { id: "faq-2", title: "Can I return items?", content: "Within 30 days.\nKeep the receipt." },
    ]);
  });

  it("splits plain text on headings and keeps snippets under the size cap", () => {
    const long = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} about our opening hours.`).join(" ");
    const snippets = snippetsFromText(
      `Welcome to Acme.\n\n# Opening hours\n\n${long}\n\n# Parking\n\nFree parking behind the store.`,
      "Acme",
    );
    expect(snippets[0]).toMatchObject({ title: "Acme", content: "Welcome to Acme." });
    expect(snippets.filter((s) => s.title === "Opening hours").length).toBeGreaterThan(1);
    expect(snippets.at(-1)).toMatchObject({ title: "Parking", content: "Free parking behind the store." });
    expect(snippets.every((s) => s.content.length <= MAX_SNIPPET_CHARS)).toBe(true);
    expect(new Set(snippets.map((s) => s.id)).size).toBe(snippets.length);
  });

  it("returns nothing for blank text", () => {
    expect(snippetsFromText("  \n ", "Acme")).toEqual([]);
  });

  it("ends an answer at the next question, even when the answer is empty", () => {
    expect(snippetsFromText("Q: One?\nA:\nQ: Two?\n\nA: Yes.\n\n\n\nStill two.", "Acme")).toEqual([
      { id: "faq-1", title: "Two?", content: "Yes.\n\nStill two." },
    ]);
  });

  // Each of these made the old single-regex parser backtrack for minutes (2.5 KB took 17 s); a
  // line-by-line parser is linear, so 100,000 characters finish well inside the timeout.
  it("parses 100,000 characters of adversarial text", { timeout: 60_000 }, () => {
    const n = 25_000;
    const whitespaceAroundAQuestion = "x\n" + " \n".repeat(n) + "Q: x" + " \t".repeat(n) + "y";
    expect(whitespaceAroundAQuestion.length).toBeGreaterThanOrEqual(100_000);
    const snippets = snippetsFromText(whitespaceAroundAQuestion, "Acme");
    expect(snippets[0]).toEqual({ id: "text-1", title: "Acme", content: "x" });
    expect(snippets.slice(1).every((s) => s.content.length <= MAX_SNIPPET_CHARS)).toBe(true);
    expect(snippets.at(-1)!.content.endsWith("y")).toBe(true);

    const blankAnswerTail = snippetsFromText("Q: Open?\nA: Yes." + "\n \t".repeat(n) + "\nQ:" + " ".repeat(n), "Acme");
    expect(blankAnswerTail).toEqual([{ id: "faq-1", title: "Open?", content: "Yes." }]);

    const questionsOnly = snippetsFromText("Q: x\n".repeat(n), "Acme");
    expect(questionsOnly.every((s) => s.title === "Acme" && s.content.startsWith("Q: x"))).toBe(true);
  });
});

describe("readable text of a web page", () => {
  it("keeps headings and content, drops navigation, scripts and hidden parts, decodes entities", async () => {
    const html = `<!doctype html><html><head><title>Acme &amp; Co</title><style>p{}</style></head><body>
      <header><nav><a href="/">Home</a> <a href="/shop">Shop</a></nav></header>
      <main>
        <h1>About Acme</h1>
        <p>We sell <b>anvils</b> &mdash; and rockets.<br>Since 1949.</p>
        <script>var secret = "do not index";</script>
        <div hidden><p>Hidden promo</p></div>
        <h2>Delivery</h2>
        <ul><li>Free over $50</li><li>Next-day in town</li></ul>
      </main>
      <footer><p>© Acme</p></footer>
    </body></html>`;
    const page = await readableText(html);
    expect(page.title).toBe("Acme & Co");
    expect(page.sections).toEqual([
      { title: "About Acme", paragraphs: ["We sell anvils — and rockets. Since 1949."] },
      { title: "Delivery", paragraphs: ["Free over $50", "Next-day in town"] },
    ]);
    const snippets = snippetsFromSections(page.sections, "web");
    expect(snippets.map((s) => s.title)).toEqual(["About Acme", "Delivery"]);
    expect(JSON.stringify(snippets)).not.toMatch(/secret|Hidden promo|Home|© Acme/);
  });
});
