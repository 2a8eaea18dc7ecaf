import { describe, expect, it } from 'vitest';
import { formatDeepLink, parseDeepLink } from './deep-link';

describe('deep links', () => {
  it('is not a share link without parameters', () => {
    expect(parseDeepLink('')).toBeNull();
    expect(parseDeepLink('#')).toBeNull();
  });

  it('reads the scenario, the commands to replay, the flow and the step', () => {
    const r = parseDeepLink(
      '#s=1.abc&run=node1%3Aping%20-c%201%2010.0.0.2&run=node1/pod1:ping -c 1 10.244.2.2&flow=1&step=12',
    );
    expect(r).toEqual({
      ok: true,
      link: {
        scenario: '1.abc',
        runs: [
          { machine: 'node1', line: 'ping -c 1 10.0.0.2' },
          { machine: 'node1', netns: 'pod1', line: 'ping -c 1 10.244.2.2' },
        ],
        flow: 1,
        step: 12,
        guide: null,
        gstep: null,
      },
    });
  });

  it('round-trips through formatDeepLink', () => {
    const link = {
      scenario: '1.xyz',
      runs: [{ machine: 'node1', line: 'ping -c 1 10.0.0.2' }],
      flow: 3,
      step: 7,
      guide: 'docker0',
      gstep: 4,
    };
    expect(parseDeepLink(formatDeepLink(link))).toEqual({ ok: true, link });
  });

  it.each([
    ['#s=1.a&step=0&run=node1:ping x', /step "0"/],
    ['#s=1.a&step=abc&run=node1:ping x', /step "abc"/],
    ['#s=1.a&step=3', /needs at least one run/],
    ['#s=1.a&run=ping', /not machine:command/],
    ['#s=1.a&run=bad name:ls', /no valid machine/],
    ['#s=1.a&run=node1:', /no valid command/],
    ['#s=1.a&colour=red', /unknown parameter "colour"/],
    ['#s=1.a&run=node1:%E0%A4%A', /not properly encoded/],
    ['#s=1.a&s=1.b', /twice/],
    ['#guide=docker0&gstep=0', /gstep "0" is not a positive whole number/],
    ['#guide=docker0&gstep=two', /gstep "two"/],
    ['#guide=Docker%200&gstep=2', /guide "Docker 0" is not a walkthrough name/],
    ['#guide=docker0&guide=net-host', /"guide" appears twice/],
    ['#s=1.a&gstep=3', /gstep needs guide=/],
    ['#gstep=3', /gstep needs guide=/],
  ])('refuses %s with a clear reason', (hash, reason) => {
    const r = parseDeepLink(hash);
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(r.error).toMatch(reason);
  });

  it('keeps the valid parts of a partly bad link', () => {
    const r = parseDeepLink('#s=1.a&run=node1:ping -c 1 10.0.0.2&step=x');
    expect(r?.ok).toBe(false);
    expect(r?.link.scenario).toBe('1.a');
    expect(r?.link.runs).toHaveLength(1);
  });

  it('opens a walkthrough at a step, with or without a scenario of its own', () => {
    expect(parseDeepLink('#guide=flannel-udp&gstep=3')).toEqual({
      ok: true,
      link: { scenario: null, runs: [], flow: null, step: null, guide: 'flannel-udp', gstep: 3 },
    });
    const r = parseDeepLink('#s=1.abc&guide=docker0');
    expect(r).toEqual({
      ok: true,
      link: { scenario: '1.abc', runs: [], flow: null, step: null, guide: 'docker0', gstep: null },
    });
    expect(
      formatDeepLink({
        scenario: null,
        runs: [],
        flow: null,
        step: null,
        guide: 'calico-static',
        gstep: 2,
      }),
    ).toBe('#guide=calico-static&gstep=2');
  });

  it('a bad step loses neither the walkthrough nor the scenario', () => {
    const r = parseDeepLink('#s=1.abc&guide=docker0&gstep=-1');
    expect(r?.ok).toBe(false);
    expect(r?.link).toMatchObject({ scenario: '1.abc', guide: 'docker0', gstep: null });
    const bad = parseDeepLink('#guide=NOPE!&gstep=2');
    expect(bad?.ok).toBe(false);
    if (bad && !bad.ok) expect(bad.error).not.toMatch(/gstep needs/);
    expect(bad?.link.gstep).toBe(2);
  });
});
