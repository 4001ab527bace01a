/** Numbers as the page writes them: shares in percent, changes in percentage points. */

export const pct = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;

export function pp(change: number): string {
  const rounded = Math.round(change * 10) / 10;
  const sign = rounded > 0 ? '+' : rounded < 0 ? '\u2212' : '\u00b1';
  return `${sign}${Math.abs(rounded).toFixed(1)} pp`;
}

export const interval = (i: [number, number] | undefined) => (i ? `${pct(i[0])}\u2013${pct(i[1])}` : '');

/** Creates an element with attributes and children; text children are set as text, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: Array<Node | string | undefined>
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  for (const c of children) if (c !== undefined) e.append(c);
  return e;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | undefined> = {},
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, String(v));
  return e;
}

/** A macro category's colour: CSS custom properties, so light and dark each have their own. */
export const macroClass = (key: string) => `m-${['code', 'data', 'agent', 'general'].includes(key) ? key : 'other'}`;
