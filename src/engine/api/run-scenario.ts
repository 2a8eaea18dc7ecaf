/**
 * What `cnlab run SCENARIO --exec "NODE: COMMAND"…` does: load a scenario into a fresh lab, then
 * run each command line to its end on its node (a machine, or `machine:netns`), in order, every
 * byte of output passed on as it is written. Command lines on one node share one shell session.
 */
import { Lab } from './lab';
import type { Scenario, SessionId } from './types';

/** One `--exec` line: where it runs and what. */
export interface ExecSpec {
  machine: string;
  netns?: string;
  line: string;
}

export type ParseExecResult = { ok: true; exec: ExecSpec } | { ok: false; error: string };

const EXEC = /^\s*([A-Za-z][A-Za-z0-9_.-]*)(?::([^\s:]+))?:(?:\s+|$)(.*)$/s;

/** Parse `NODE: COMMAND` where NODE is `machine` or `machine:netns`. */
export function parseExecSpec(text: string): ParseExecResult {
  const m = EXEC.exec(text);
  if (!m) {
    return {
      ok: false,
      error: `--exec "${text}": expected "NODE: COMMAND" (NODE is a machine or machine:netns)`,
    };
  }
  const [, machine, netns, line] = m;
  if (line.trim() === '') return { ok: false, error: `--exec "${text}": the command is empty` };
  return { ok: true, exec: netns === undefined ? { machine, line } : { machine, netns, line } };
}

export interface RunScenarioOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Called once the scenario is loaded, before the first exec (to attach captures, a trace sink). */
  onReady?: (lab: Lab) => void;
}

export type RunScenarioResult =
  | { ok: true; status: number; warnings: string[] }
  | { ok: false; error: string; warnings: string[] };

/**
 * Load `scenario` and run `execs` in order. The status is the last exec's exit status (0 with
 * none). A node that does not exist when its line's turn comes stops the run with an error.
 */
export function runScenario(
  scenario: Scenario,
  execs: readonly ExecSpec[],
  onOutput: (stream: 'stdout' | 'stderr', data: string) => void,
  options: RunScenarioOptions = {},
): RunScenarioResult {
  const seed = options.seed ?? scenario.seed;
  const lab = new Lab(seed);
  const loaded = lab.load({ ...scenario, seed });
  if (!loaded.ok) return { ok: false, error: loaded.error, warnings: [] };
  const warnings = loaded.warnings ?? [];
  options.onReady?.(lab);
  const sessions = new Map<string, SessionId>();
  let status = 0;
  for (const exec of execs) {
    const node = exec.netns === undefined ? exec.machine : `${exec.machine}:${exec.netns}`;
    let session = sessions.get(node);
    if (session === undefined) {
      try {
        session = lab.openSession({ machine: exec.machine, netns: exec.netns });
      } catch (e) {
        return { ok: false, error: `--exec on ${node}: ${(e as Error).message}`, warnings };
      }
      sessions.set(node, session);
    }
    const id = session;
    const unsubscribe = lab.subscribe((batch) => {
      for (const e of batch)
        if (e.kind === 'output' && e.session === id) onOutput(e.stream, e.data);
    });
    try {
      status = lab.execToEnd(id, exec.line).code;
    } finally {
      unsubscribe();
    }
  }
  return { ok: true, status, warnings };
}
