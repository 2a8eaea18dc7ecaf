/**
 * Every walkthrough, replayed through the engine as a student would click through it: the
 * built-in scenario loads, each step's command runs on its terminal (container steps through
 * `docker exec`, as the container tab sends them), and each check passes on exactly what that
 * command printed and traced.
 */
import { describe, expect, it } from 'vitest';
import { Lab } from '../../engine/api/lab';
import type { SessionId, TraceEvent } from '../../engine/api/types';
import { builtinScenario } from '../../engine/scenario/builtin';
import { CLAIMS } from './claims';
import {
  type CheckContext,
  type ClaimId,
  checkPasses,
  stepShellLine,
  walkthroughProblems,
} from './model';
import { WALKTHROUGHS, walkthroughById } from './walkthroughs';

function hooksOf(events: readonly TraceEvent[]): Map<string, number> {
  const hooks = new Map<string, number>();
  for (const e of events) hooks.set(e.hook, (hooks.get(e.hook) ?? 0) + 1);
  return hooks;
}

describe('walkthrough data', () => {
  it.each(WALKTHROUGHS.map((w) => [w.id, w] as const))('%s is well formed', (_id, w) => {
    expect(walkthroughProblems(w)).toEqual([]);
    expect(builtinScenario(w.scenario), w.scenario).toBeDefined();
    expect(walkthroughById(w.id)).toBe(w);
  });

  it('ids are unique', () => {
    const ids = WALKTHROUGHS.map((w) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('covers the claims the brief asks for', () => {
    const covered = (id: string) => new Set(walkthroughById(id)?.steps.flatMap((s) => s.claims));
    const want: Record<string, ClaimId[]> = {
      docker0: ['C01', 'C03', 'C04'],
      'docker-nat': ['C05'],
      'net-host': ['C02'],
      'flannel-udp': ['C07', 'C08', 'C09'],
      'flannel-vxlan': ['C10', 'C14'],
      'flannel-host-gw': ['C11', 'C13'],
      'host-gw-router': ['C12'],
      'calico-static': ['C18', 'C21'],
      'calico-bgp': ['C19', 'C20', 'C21'],
      'cni-flannel': ['C15', 'C16', 'C17'],
    };
    for (const [id, claims] of Object.entries(want)) {
      for (const c of claims) expect(covered(id).has(c), `${id} ${c}`).toBe(true);
    }
  });

  it('every claim chip has its text in both languages', () => {
    for (const w of WALKTHROUGHS) {
      for (const s of w.steps) {
        for (const c of s.claims) {
          expect(CLAIMS[c].en).not.toBe('');
          expect(CLAIMS[c]['zh-CN']).not.toBe('');
        }
      }
    }
  });

  it('no check passes before its command ran', () => {
    const nothing: CheckContext = { output: '', hooks: new Map() };
    for (const w of WALKTHROUGHS) {
      w.steps.forEach((s, i) => {
        if (s.check) expect(checkPasses(s.check, nothing), `${w.id} step ${i + 1}`).toBe(false);
      });
    }
  });
});

describe.each(WALKTHROUGHS.map((w) => [w.id, w] as const))(
  'walkthrough %s in the engine',
  (_id, w) => {
    it('every step’s command works and ticks its check', () => {
      const b = builtinScenario(w.scenario);
      if (!b) throw new Error(`no built-in ${w.scenario}`);
      const lab = new Lab(b.scenario.seed);
      const loaded = lab.load(b.scenario);
      expect(loaded.ok).toBe(true);
      let output = '';
      let trace: TraceEvent[] = [];
      lab.subscribe((batch) => {
        for (const e of batch) {
          if (e.kind === 'output') output += e.data;
          else if (e.kind === 'trace') trace.push(...e.events);
        }
      });
      const sessions = new Map<string, SessionId>();
      // A student reads the first step before running anything: daemons get a few seconds
      // (BIRD's sessions connect after about two).
      lab.execToEnd(
        lab.openSession({ machine: b.scenario.steps.find((x) => x.on !== 'lab')?.on ?? 'node1' }),
        'sleep 5',
      );
      w.steps.forEach((step, i) => {
        const line = stepShellLine(step);
        if (line === null || !step.target) return;
        const { machine, netns } = step.target;
        const key = `${machine}:${netns ?? ''}`;
        let session = sessions.get(key);
        if (session === undefined) {
          session = lab.openSession(netns ? { machine, netns } : { machine });
          sessions.set(key, session);
        }
        lab.execToEnd(session, 'sleep 1'); // a student's pace between clicks
        output = '';
        trace = [];
        lab.execToEnd(session, line);
        const where = `${w.id} step ${i + 1}: ${line}\n${output}`;
        if (step.check) {
          expect(checkPasses(step.check, { output, hooks: hooksOf(trace) }), where).toBe(true);
        }
        if (step.watch) expect(trace.length, where).toBeGreaterThan(0);
      });
    });
  },
);
