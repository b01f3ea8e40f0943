import { html as honoHtml, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

/**
 * The one way the Worker's pages write markup: hono's `html` tagged template, which escapes every
 * interpolated value (`& < > " '`, so text and quoted attribute values alike) unless the value is
 * itself markup made by `html`. Arrays render as their items, concatenated; `false`, null and
 * undefined render nothing. Typed synchronous on purpose: a page never interpolates a promise
 * (hono would then return one), and a stray one throws here instead of rendering "[object Promise]".
 */

export type Html = HtmlEscapedString;

export type HtmlValue = string | number | false | null | undefined | Html | readonly HtmlValue[];

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  const out = honoHtml(strings, ...values);
  if (out instanceof Promise) throw new TypeError("A page template was given a promise; await it first.");
  return out;
}

/** Markup shown as text (the embed snippet in a `<pre>`): its source, escaped where it is used. */
export function sourceOf(markup: Html): string {
  return String(markup);
}

/**
 * Markup written in this codebase (a stylesheet, an icon, a hint with `<code>`), never from input.
 * Kept apart from `html` so each use is visible in review.
 */
export function trusted(markup: string): Html {
  return raw(markup);
}
