import type { TenantTheme } from "../../protocol";

/**
 * The tenant's theme as private custom properties on the widget's root. The public
 * `--clawless-*` properties set by the page win over these (see the styles' fallback chains).
 */
export function tenantThemeVars(theme: TenantTheme | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  const accent = theme?.accent_color;
  if (accent && CSS.supports("color", accent)) {
    vars["--_tenant-accent"] = accent;
    vars["--_tenant-accent-contrast"] = contrastFor(accent);
  }
  if (typeof theme?.radius === "number" && theme.radius >= 0 && theme.radius <= 32) {
    vars["--_tenant-radius"] = `${theme.radius}px`;
  }
  if (theme?.font && CSS.supports("font-family", theme.font)) vars["--_tenant-font"] = theme.font;
  return vars;
}

/** Black or white text on the accent, whichever contrasts more (WCAG relative luminance). */
function contrastFor(color: string): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return "#ffffff";
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const channel = parseInt(full.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  // Contrast with white is 1.05 / (L + 0.05), with black (L + 0.05) / 0.05: equal at L ≈ 0.179.
  return luminance > 0.179 ? "#111111" : "#ffffff";
}
