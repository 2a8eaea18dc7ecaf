import { describe, expect, it } from 'vitest';
import { Fib, PROTO, type Route, SCOPE, TABLE } from './fib';
import { parseIpv4 } from './inet';

function route(dst: string, len: number, metric = 0): Route {
  return {
    table: TABLE.main,
    type: 'unicast',
    dst: parseIpv4(dst) as number,
    len,
    tos: 0,
    protocol: PROTO.static,
    scope: SCOPE.universe,
    metric,
    onlink: false,
  };
}

describe('Fib.lookup', () => {
  it('answers from what the table holds now, after every add and removal', () => {
    const fib = new Fib();
    const dst = parseIpv4('10.1.2.3') as number;
    expect(fib.lookup(dst)).toBeUndefined();
    const def = route('0.0.0.0', 0);
    fib.add(def);
    expect(fib.lookup(dst)).toBe(def);
    const net = route('10.1.0.0', 16);
    fib.add(net);
    expect(fib.lookup(dst)).toBe(net);
    const worse = route('10.1.2.0', 24, 10);
    fib.add(worse);
    expect(fib.lookup(dst)).toBe(worse); // longest prefix first, whatever the metric
    fib.remove(worse);
    expect(fib.lookup(dst)).toBe(net);
    fib.removeWhere((r) => r === net);
    expect(fib.lookup(dst)).toBe(def);
    // A filtered lookup (an output device given) is never answered from remembered results.
    expect(fib.lookup(dst, () => false)).toBeUndefined();
    expect(fib.lookup(dst)).toBe(def);
  });
});
