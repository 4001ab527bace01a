/**
 * A value as text for reading (strings as they are, anything else as JSON). JSON.stringify recurses,
 * so a value nested thousands deep would overflow the stack: such a value reads as nothing.
 */
export function jsonText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}
