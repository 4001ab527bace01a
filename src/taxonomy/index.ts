/**
 * The 30 task tags, their display names and macro categories.
 *
 * The file is a copy of `../shared/taxonomy.json` (a test keeps them equal) so that a clone of this
 * repository runs on its own.
 */
import raw from './taxonomy.json' with { type: 'json' };

export type MacroCategory = 'code' | 'data' | 'agent' | 'general';
export const MACRO_CATEGORIES: readonly MacroCategory[] = ['code', 'data', 'agent', 'general'];

export interface TagInfo {
  tag: string;
  displayName: string;
  macroCategory: MacroCategory;
  definition: string;
}

/** The tag for "nothing fits / not confident": stored, but excluded from every share. */
export const OTHER_TAG = 'other';

export const MACRO_LABELS: Readonly<Record<MacroCategory, string>> = Object.fromEntries(
  raw.macro_categories.map((m) => [m.key, m.label]),
) as Record<MacroCategory, string>;

/** Macro category from the tag prefix: `code:`, `data:`, `agent:`, else `general`. */
export function macroCategoryOf(tag: string): MacroCategory {
  const prefix = tag.includes(':') ? tag.slice(0, tag.indexOf(':')) : '';
  return prefix === 'code' || prefix === 'data' || prefix === 'agent' ? prefix : 'general';
}

export const TAGS: readonly TagInfo[] = raw.tags.map((t) => ({
  tag: t.tag,
  displayName: t.display_name,
  macroCategory: macroCategoryOf(t.tag),
  definition: t.definition,
}));

const byTag = new Map(TAGS.map((t) => [t.tag, t]));

/** The taxonomy entry of a tag, or undefined for `other` and unknown tags. */
export function tagInfo(tag: string): TagInfo | undefined {
  return byTag.get(tag);
}

/** True for the 30 tags and for `other`: the values a record's `tag` may take. */
export function isKnownTag(tag: string): boolean {
  return tag === OTHER_TAG || byTag.has(tag);
}

export const TAG_IDS: readonly string[] = TAGS.map((t) => t.tag);
