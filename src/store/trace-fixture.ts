/**
 * For tests: every trace event a command line causes on a freshly loaded scenario (a real Lab,
 * in-process), as the store would receive them. Not used by the app.
 */
import { Lab } from '../engine/api/lab';
import type { Scenario, Target, TraceEvent } from '../engine/api/types';

export function traceOfLine(scenario: Scenario, target: Target, line: string) {
  const lab = new Lab();
  const events: TraceEvent[] = [];
  lab.subscribe((batch) => {
    for (const e of batch) if (e.kind === 'trace') events.push(...e.events);
  });
  const loaded = lab.load(scenario);
  if (!loaded.ok) throw new Error(loaded.error);
  events.length = 0;
  const session = lab.openSession(target);
  const result = lab.execToEnd(session, line);
  return { lab, session, events, result };
}
