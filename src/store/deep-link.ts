/**
 * Share links that point at one moment of a packet's trip:
 *
 *   #s=<scenario>&run=<machine[/netns]>:<command>&…&flow=<packet id>&step=<N>
 *
 * and share links that open a guided walkthrough at one of its steps (a teacher's link):
 *
 *   #guide=<walkthrough id>&gstep=<N>          the walkthrough's own built-in scenario
 *   #s=<scenario>&guide=<id>&gstep=<N>         a lab of the teacher's, with the walkthrough open
 *
 * The trace itself is not in the URL: opening the link loads the scenario, runs the `run`
 * commands again (the engine is deterministic, so they regenerate the same trace) and selects
 * step N (1-based, as the timeline shows it) of the flow. Parsing is strict: anything unknown or
 * malformed is an error the app shows in a banner, never a blank page.
 */

/** One command to replay: where it ran and the line. */
export interface RunSpec {
  machine: string;
  netns?: string;
  line: string;
}

export interface DeepLink {
  /** The encoded scenario (`1.…`), or null for the default lab. */
  scenario: string | null;
  runs: RunSpec[];
  flow: number | null;
  /** 1-based step of the flow, or null. */
  step: number | null;
  /** The walkthrough to open (its id), or null. */
  guide: string | null;
  /** 1-based step of the walkthrough, or null (its first). */
  gstep: number | null;
}

export type DeepLinkResult =
  | { ok: true; link: DeepLink }
  | { ok: false; error: string; link: DeepLink };

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const GUIDE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_RUNS = 20;
const MAX_STEP = 1_000_000;

/** `machine` or `machine/netns` plus `:` and the line. */
export function formatRun(run: RunSpec): string {
  return `${run.machine}${run.netns ? `/${run.netns}` : ''}:${run.line}`;
}

function parseRun(text: string): RunSpec | string {
  const colon = text.indexOf(':');
  if (colon <= 0) return `run "${text}" is not machine:command`;
  const where = text.slice(0, colon);
  const line = text.slice(colon + 1).trim();
  const [machine, netns, extra] = where.split('/');
  if (extra !== undefined || !NAME.test(machine) || (netns !== undefined && !NAME.test(netns))) {
    return `run "${text}" names no valid machine`;
  }
  if (line === '' || line.length > 500 || /[\n\r]/.test(line)) {
    return `run "${text}" has no valid command`;
  }
  return netns === undefined ? { machine, line } : { machine, netns, line };
}

function positiveInt(value: string, max: number): number | null {
  if (!/^[1-9][0-9]*$/.test(value)) return null;
  const n = Number(value);
  return n <= max ? n : null;
}

/** Parse a location hash. Without `s=` (and nothing else) it is not a share link: null. */
export function parseDeepLink(hash: string): DeepLinkResult | null {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '') return null;
  const link: DeepLink = {
    scenario: null,
    runs: [],
    flow: null,
    step: null,
    guide: null,
    gstep: null,
  };
  let gstepSeen = false;
  const errors: string[] = [];
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      errors.push(`"${key}" is not properly encoded`);
      continue;
    }
    if (key === 's') {
      if (link.scenario !== null) errors.push('"s" appears twice');
      else link.scenario = value;
    } else if (key === 'run') {
      if (link.runs.length >= MAX_RUNS) {
        errors.push(`more than ${MAX_RUNS} commands to run`);
        continue;
      }
      const run = parseRun(value);
      if (typeof run === 'string') errors.push(run);
      else link.runs.push(run);
    } else if (key === 'guide') {
      if (link.guide !== null) errors.push('"guide" appears twice');
      else if (!GUIDE.test(value)) errors.push(`guide "${value}" is not a walkthrough name`);
      else link.guide = value;
    } else if (key === 'gstep') {
      gstepSeen = true;
      const n = positiveInt(value, MAX_STEP);
      if (n === null) errors.push(`gstep "${value}" is not a positive whole number`);
      else link.gstep = n;
    } else if (key === 'flow' || key === 'step') {
      const n = positiveInt(value, MAX_STEP);
      if (n === null) errors.push(`${key} "${value}" is not a positive whole number`);
      else link[key] = n;
    } else {
      errors.push(`unknown parameter "${key}"`);
    }
  }
  if (link.scenario === null && errors.length === 0 && link.runs.length === 0) {
    if (link.step === null && link.flow === null && link.guide === null && !gstepSeen) return null;
  }
  if (gstepSeen && link.guide === null && !errors.some((e) => e.startsWith('guide '))) {
    errors.push('gstep needs guide=… to name the walkthrough');
  }
  if (link.step !== null && link.runs.length === 0) {
    errors.push('step needs at least one run=… command to regenerate the trace');
  }
  return errors.length > 0 ? { ok: false, error: errors.join('; '), link } : { ok: true, link };
}

/**
 * The hash for a scenario, the commands that made the trace, a step of a flow, and a step of a
 * walkthrough.
 */
export function formatDeepLink(link: DeepLink): string {
  const parts: string[] = [];
  if (link.scenario !== null) parts.push(`s=${link.scenario}`);
  for (const run of link.runs) parts.push(`run=${encodeURIComponent(formatRun(run))}`);
  if (link.flow !== null) parts.push(`flow=${link.flow}`);
  if (link.step !== null) parts.push(`step=${link.step}`);
  if (link.guide !== null) parts.push(`guide=${encodeURIComponent(link.guide)}`);
  if (link.guide !== null && link.gstep !== null) parts.push(`gstep=${link.gstep}`);
  return `#${parts.join('&')}`;
}
