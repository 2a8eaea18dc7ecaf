import { describe, expect, it } from 'vitest';
import { STORM_HOPS, StormGuard } from './storm';

describe('StormGuard', () => {
  it('lets ordinary traffic through however many packet ids go by', () => {
    const g = new StormGuard();
    // Each packet crosses two bridges, ids keep growing well past the counting window.
    let refused = 0;
    for (let id = 1; id <= 300_000; id++) {
      if (!g.allow(id, 'br0', 'host')) refused++;
      if (!g.allow(id, 'br1', 'host')) refused++;
    }
    expect(refused).toBe(0);
    expect(g.takeWarning()).toBeUndefined();
  });

  it('drops a looping frame past STORM_HOPS while new ids keep arriving, and warns once', () => {
    const g = new StormGuard();
    const looping = 70_000;
    let allowed = 0;
    let next = looping + 1;
    for (let i = 0; i < 1000; i++) {
      if (g.allow(looping, 'br0', 'host')) allowed++;
      // Other traffic: a few hundred new ids per crossing of the looping frame.
      for (let k = 0; k < 300; k++) g.allow(next++, 'br0', 'host');
    }
    expect(allowed).toBeLessThan(1000);
    expect(allowed).toBeGreaterThanOrEqual(STORM_HOPS);
    expect(g.takeWarning()).toMatch(
      /^Broadcast storm: .* more than 128 times \(last at br0 on host\)/,
    );
    expect(g.takeWarning()).toBeUndefined();
  });
});
