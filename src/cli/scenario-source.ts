/**
 * What `cnlab run SCENARIO` accepts as SCENARIO: a built-in id (`cnlab scenarios`), a share URL
 * (anything holding `#s=…`, the lab's address bar) or a scenario JSON file.
 */
import type { Scenario } from '../engine/api/types';
import { builtinScenario } from '../engine/scenario/builtin';
import { decodeScenario } from '../engine/scenario/url-codec';
import { validateScenario } from '../engine/scenario/validate';
import { type CliIo, fileError } from './io';

export type ScenarioSourceResult = { ok: true; scenario: Scenario } | { ok: false; error: string };

export function resolveScenario(
  arg: string,
  io: Pick<CliIo, 'readText' | 'exists'>,
): ScenarioSourceResult {
  const builtin = builtinScenario(arg);
  if (builtin) return { ok: true, scenario: builtin.scenario };
  const hash = arg.indexOf('#s=');
  if (hash >= 0) {
    const fragment = arg.slice(hash + 3).split('&')[0];
    const decoded = decodeScenario(safeDecodeUri(fragment));
    return decoded.ok ? decoded : { ok: false, error: decoded.error };
  }
  if (!io.exists(arg)) {
    return {
      ok: false,
      error: `${arg}: no such scenario (not a built-in id — see "cnlab scenarios" —, a file or a share URL with #s=)`,
    };
  }
  let text: string;
  try {
    text = io.readText(arg);
  } catch (e) {
    return { ok: false, error: `${arg}: ${fileError(e)}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${arg}: not JSON (${(e as Error).message})` };
  }
  const v = validateScenario(data);
  return v.ok ? v : { ok: false, error: `${arg}: ${v.error}` };
}

/** A fragment pasted from a browser may be percent-encoded; base64url never needs it. */
function safeDecodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
