import { ar } from "./ar";
import { de } from "./de";
import { en, type Strings } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { ja } from "./ja";

export type { Strings };

const TABLES: Record<string, Strings> = { en, es, de, fr, ja, ar };
const RTL = new Set(["ar"]);

export interface Locale {
  /** The language actually used, e.g. `es` for a request of `es-MX`. */
  lang: string;
  dir: "ltr" | "rtl";
  t: Strings;
}

/**
 * The first supported language among `requested` (the `locale` attribute) and then the
 * browser's preferences; English when none is supported.
 */
export function resolveLocale(requested: string | undefined): Locale {
  const candidates = [requested, ...(typeof navigator === "undefined" ? [] : (navigator.languages ?? []))];
  for (const candidate of candidates) {
    const lang = candidate?.toLowerCase().split(/[-_]/)[0];
    if (lang && TABLES[lang]) return { lang, dir: RTL.has(lang) ? "rtl" : "ltr", t: TABLES[lang] };
  }
  return { lang: "en", dir: "ltr", t: en };
}

/** Fills `{n}` in a string. */
export const format = (text: string, n: number | string): string => text.replace("{n}", String(n));
