import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler';

describe('Scheduler', () => {
  it('fires in time order, ties in insertion order', () => {
    const s = new Scheduler();
    const log: string[] = [];
    s.at(20, () => log.push('b@20'));
    s.at(10, () => log.push('a@10'));
    s.at(20, () => log.push('c@20'));
    s.at(10, () => log.push('d@10'));
    s.runUntil(100);
    expect(log).toEqual(['a@10', 'd@10', 'b@20', 'c@20']);
    expect(s.now).toBe(100);
  });

  it('sets now to each event time while it fires and lets handlers schedule more', () => {
    const s = new Scheduler();
    const seen: number[] = [];
    const tick = () => {
      seen.push(s.now);
      if (seen.length < 4) s.after(1000, tick);
    };
    s.after(500, tick);
    s.runFor(10_000);
    expect(seen).toEqual([500, 1500, 2500, 3500]);
  });

  it('does not fire events beyond the horizon or cancelled ones', () => {
    const s = new Scheduler();
    const log: number[] = [];
    s.at(5, () => log.push(5));
    const id = s.at(6, () => log.push(6));
    s.at(50, () => log.push(50));
    s.cancel(id);
    s.runUntil(10);
    expect(log).toEqual([5]);
    expect(s.pending).toBe(1);
    expect(s.nextAt()).toBe(50);
  });

  it('ignores cancelling a timer that already fired or was cancelled; pending counts live ones', () => {
    const s = new Scheduler();
    const log: number[] = [];
    const fired = s.at(1, () => log.push(1));
    const twice = s.at(2, () => log.push(2));
    s.at(3, () => log.push(3));
    expect(s.pending).toBe(3);
    s.runUntil(1);
    s.cancel(fired);
    expect(s.pending).toBe(2);
    s.cancel(twice);
    s.cancel(twice);
    expect(s.pending).toBe(1);
    s.runUntil(10);
    expect(log).toEqual([1, 3]);
    expect(s.pending).toBe(0);
    expect(s.nextAt()).toBeUndefined();
  });

  it('stops at the budget and leaves the clock at the last fired event', () => {
    const s = new Scheduler();
    let n = 0;
    const storm = () => {
      n++;
      s.after(0, storm);
    };
    s.at(3, storm);
    expect(s.runUntil(1000, 100)).toBe(100);
    expect(n).toBe(100);
    expect(s.now).toBe(3);
  });

  it('clamps events scheduled in the past to now', () => {
    const s = new Scheduler();
    s.runUntil(100);
    let firedAt = -1;
    s.at(10, () => {
      firedAt = s.now;
    });
    s.runUntil(100);
    expect(firedAt).toBe(100);
  });
});
