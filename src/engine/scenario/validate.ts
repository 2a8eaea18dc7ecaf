/**
 * Checks that untrusted data (a file, a share URL, autosave) is a scenario we can load, and
 * says exactly what is wrong when it is not. Never throws.
 */
import type { NodePosition, Scenario, ScenarioStep } from '../api/types';

export const LIMITS = { steps: 20_000, lineLength: 4096, title: 200, layoutEntries: 20_000 };

export type ValidateResult = { ok: true; scenario: Scenario } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateScenario(data: unknown): ValidateResult {
  if (!isObject(data)) return bad('a scenario must be a JSON object');
  if (data.format !== 'cnlab-scenario') return bad('"format" must be "cnlab-scenario"');
  if (data.version !== 1)
    return bad(
      `unsupported scenario version ${JSON.stringify(data.version)} (this lab reads version 1)`,
    );
  const title = data.title ?? 'Untitled lab';
  if (typeof title !== 'string' || title.length > LIMITS.title) {
    return bad(`"title" must be text of at most ${LIMITS.title} characters`);
  }
  const seed = data.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    return bad('"seed" must be a non-negative integer');
  }
  if (!Array.isArray(data.steps)) return bad('"steps" must be a list');
  if (data.steps.length > LIMITS.steps) return bad(`too many steps (at most ${LIMITS.steps})`);
  const steps: ScenarioStep[] = [];
  for (let i = 0; i < data.steps.length; i++) {
    const s = data.steps[i];
    const where = `step ${i + 1}`;
    if (!isObject(s)) return bad(`${where} must be an object with "on" and "line"`);
    if (typeof s.on !== 'string' || s.on === '')
      return bad(`${where}: "on" must name a machine or "lab"`);
    if (typeof s.line !== 'string') return bad(`${where}: "line" must be text`);
    if (s.line.length > LIMITS.lineLength)
      return bad(`${where}: the line is longer than ${LIMITS.lineLength} characters`);
    if (s.netns !== undefined && typeof s.netns !== 'string')
      return bad(`${where}: "netns" must be text`);
    steps.push(
      s.netns === undefined
        ? { on: s.on, line: s.line }
        : { on: s.on, netns: s.netns, line: s.line },
    );
  }
  const layoutIn = data.layout ?? {};
  if (!isObject(layoutIn)) return bad('"layout" must be an object of positions');
  const entries = Object.entries(layoutIn);
  if (entries.length > LIMITS.layoutEntries) return bad('too many layout entries');
  const layout: Record<string, NodePosition> = {};
  for (const [id, pos] of entries) {
    if (!isObject(pos) || !Number.isFinite(pos.x) || !Number.isFinite(pos.y)) {
      return bad(`layout of "${id}" must be {"x": number, "y": number}`);
    }
    layout[id] = { x: pos.x as number, y: pos.y as number };
  }
  return {
    ok: true,
    scenario: { format: 'cnlab-scenario', version: 1, title, seed, steps, layout },
  };
}

function bad(error: string): ValidateResult {
  return { ok: false, error: `invalid scenario: ${error}` };
}
