/**
 * Word expansion: parameters (`$NAME`, `${NAME}`, `$?`), then field splitting of unquoted
 * expansions on blanks, as bash does (no globbing: the lab has no file system to match).
 */
import type { Word } from './ast';

export type Lookup = (name: string) => string | undefined;

/** Expand one word into zero or more fields. */
export function expandWord(word: Word, lookup: Lookup): string[] {
  const fields: string[] = [];
  let current = '';
  let started = false;
  for (const part of word.parts) {
    if (part.kind === 'text') {
      current += part.text;
      started ||= part.quoted || part.text !== '';
      continue;
    }
    const value = lookup(part.name) ?? '';
    if (part.quoted) {
      current += value;
      started = true;
      continue;
    }
    const pieces = value.split(/[ \t\n]+/);
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0) {
        if (started) fields.push(current);
        current = '';
        started = false;
      }
      current += pieces[i];
      started ||= pieces[i] !== '';
    }
  }
  if (started) fields.push(current);
  return fields;
}

/** Expand a word into a single string (assignment values: no field splitting). */
export function expandToString(word: Word, lookup: Lookup): string {
  return word.parts.map((p) => (p.kind === 'text' ? p.text : (lookup(p.name) ?? ''))).join('');
}
