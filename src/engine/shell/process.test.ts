import { describe, expect, it } from 'vitest';
import { Scheduler } from '../sim/scheduler';
import { type Park, Proc, type ProcBody, type Resume } from './process';

/** A body that parks once per entry of `parks`, logging how and when it was resumed. */
function recorder(sched: Scheduler, parks: Park[], log: string[]): ProcBody {
  return (function* (): ProcBody {
    for (const p of parks) {
      const r: Resume = yield p;
      log.push(`${r}@${sched.now}`);
    }
    return 0;
  })();
}

describe('Proc', () => {
  it('times out at the latest deadline after early wake-ups, with one timer', () => {
    const sched = new Scheduler();
    const log: string[] = [];
    const proc = new Proc(
      sched,
      recorder(sched, [{ until: 100 }, { until: 150 }, { until: 300 }], log),
      (code) => log.push(`exit ${code}@${sched.now}`),
      (e) => {
        throw e;
      },
    );
    proc.start();
    sched.at(40, () => proc.wake());
    sched.at(90, () => proc.wake());
    sched.runUntil(1000);
    // Woken at 40 (parks until 150) and at 90 (parks until 300): the first timer, at 100, fires
    // early and is re-armed, the process only times out at 300.
    expect(log).toEqual(['wake@40', 'wake@90', 'timeout@300', 'exit 0@300']);
    expect(sched.pending).toBe(0);
  });

  it('times out early when it parks again with an earlier deadline', () => {
    const sched = new Scheduler();
    const log: string[] = [];
    const proc = new Proc(
      sched,
      recorder(sched, [{ until: 500 }, { until: 60 }, {}], log),
      () => log.push(`exit@${sched.now}`),
      (e) => {
        throw e;
      },
    );
    proc.start();
    sched.at(50, () => proc.wake());
    sched.runUntil(1000);
    expect(log).toEqual(['wake@50', 'timeout@60']);
    // Parked with no deadline: no timer is left behind to fire at 500.
    expect(sched.pending).toBe(0);
    proc.wake();
    sched.runUntil(2000);
    expect(log).toEqual(['wake@50', 'timeout@60', 'wake@1000', 'exit@1000']);
  });

  it('leaves no timer behind when it ends while a timeout is pending', () => {
    const sched = new Scheduler();
    let code = -1;
    const proc = new Proc(
      sched,
      recorder(sched, [{ until: 1000 }], []),
      (c) => {
        code = c;
      },
      (e) => {
        throw e;
      },
    );
    proc.start();
    sched.at(10, () => proc.wake());
    sched.runUntil(20);
    expect(code).toBe(0);
    expect(sched.pending).toBe(0);
  });
});
