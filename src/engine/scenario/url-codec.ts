/**
 * Share URLs: a scenario as URL-safe text for `#s=…`. Format: `1.` + base64url(UTF-8 JSON of
 * the scenario). Decoding never throws; every failure says what is wrong.
 */
import type { Scenario } from '../api/types';
import { base64UrlDecode, base64UrlEncode, utf8Decode, utf8Encode } from './utf8';
import { validateScenario } from './validate';

const PREFIX = '1.';
/** Larger links are refused before decoding (browsers cope with ~2 MB URLs, people do not). */
export const MAX_LINK_CHARS = 1_000_000;

export function encodeScenario(s: Scenario): string {
  return PREFIX + base64UrlEncode(utf8Encode(JSON.stringify(s)));
}

export function decodeScenario(
  text: string,
): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  if (text.length > MAX_LINK_CHARS) return { ok: false, error: 'the shared link is too long' };
  if (!text.startsWith(PREFIX)) {
    return { ok: false, error: 'the shared link is not a cnlab scenario (unknown format)' };
  }
  const bytes = base64UrlDecode(text.slice(PREFIX.length));
  if (!bytes) return { ok: false, error: 'the shared link is damaged (not base64url)' };
  const json = utf8Decode(bytes);
  if (json === undefined) return { ok: false, error: 'the shared link is damaged (not UTF-8)' };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { ok: false, error: 'the shared link is damaged (not JSON)' };
  }
  return validateScenario(data);
}
