/**
 * Canvas needs real colours, not CSS variables: resolve the theme's tokens (which use
 * light-dark()) through a hidden element. Call again after a theme change.
 */
export function resolveColor(cssValue: string): string {
  const probe = document.createElement("span");
  probe.style.color = cssValue;
  probe.style.display = "none";
  document.body.appendChild(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color || "#888";
}

/** "rgb(1, 2, 3)" → "rgba(1, 2, 3, alpha)". Other formats are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const match = /^rgba?\(([^)]+)\)$/.exec(color.trim());
  const parts = match?.[1]?.split(/[\s,/]+/).filter(Boolean);
  if (!parts || parts.length < 3) return color;
  return `rgba(${parts[0]}, ${parts[1]}, ${parts[2]}, ${alpha})`;
}

export const PALETTE_SIZE = 8;

/** The categorical chart palette (--chart-1 … --chart-8 in charts.css). */
export function paletteColor(index: number): string {
  return resolveColor(`var(--chart-${(index % PALETTE_SIZE) + 1})`);
}

export interface ChartTheme {
  text: string;
  grid: string;
  axis: string;
}

export function chartTheme(): ChartTheme {
  return {
    text: resolveColor("var(--color-text-muted)"),
    grid: resolveColor("var(--color-border)"),
    axis: resolveColor("var(--color-border-strong)"),
  };
}
