import { describe, expect, it } from 'vitest';
import {
  type CheckContext,
  checkPasses,
  clampStep,
  commandOutput,
  pingSummary,
  progressOf,
  stepShellLine,
  transcriptMark,
  transcriptSince,
  type Walkthrough,
  walkthroughProblems,
} from './model';

const ctx = (output: string, hooks: Record<string, number> = {}): CheckContext => ({
  output,
  hooks: new Map(Object.entries(hooks)),
});

const both = (text: string) => ({ en: text, 'zh-CN': `中文 ${text}` });

const walk: Walkthrough = {
  id: 'demo',
  scenario: 'docker0',
  title: both('Demo'),
  summary: both('A demo'),
  steps: [
    { title: both('One'), body: both('First'), claims: ['C01'] },
    {
      title: both('Two'),
      body: both('Second'),
      claims: ['C03'],
      target: { machine: 'node1', container: 'container-1' },
      command: 'ip addr',
      check: { kind: 'output', includes: ['172.17.0.2/16'] },
    },
    {
      title: both('Three'),
      body: both('Third'),
      claims: ['C04'],
      target: { machine: 'node1' },
      command: 'bridge fdb',
    },
  ],
};

describe('pingSummary', () => {
  it('reads iputils and busybox summaries, the last one wins', () => {
    expect(pingSummary('1 packets transmitted, 1 received, 0% packet loss')).toEqual({
      sent: 1,
      received: 1,
    });
    expect(pingSummary('3 packets transmitted, 0 packets received, 100% packet loss')).toEqual({
      sent: 3,
      received: 0,
    });
    expect(
      pingSummary('1 packets transmitted, 0 received\n…\n2 packets transmitted, 2 received'),
    ).toEqual({ sent: 2, received: 2 });
    expect(pingSummary('PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.')).toBeNull();
  });
});

describe('checkPasses', () => {
  it('output: all includes present, no excludes present', () => {
    const c = { kind: 'output', includes: ['a', 'b'], excludes: ['x'] } as const;
    expect(checkPasses(c, ctx('a b'))).toBe(true);
    expect(checkPasses(c, ctx('a'))).toBe(false);
    expect(checkPasses(c, ctx('a b x'))).toBe(false);
  });

  it('pingReplies and pingLost need a summary line', () => {
    const ok = ctx('1 packets transmitted, 1 received, 0% packet loss');
    const lost = ctx('1 packets transmitted, 0 received, 100% packet loss');
    expect(checkPasses({ kind: 'pingReplies' }, ok)).toBe(true);
    expect(checkPasses({ kind: 'pingReplies' }, lost)).toBe(false);
    expect(checkPasses({ kind: 'pingLost' }, lost)).toBe(true);
    expect(checkPasses({ kind: 'pingLost' }, ok)).toBe(false);
    expect(checkPasses({ kind: 'pingLost' }, ctx('PING …'))).toBe(false);
  });

  it('trace and noTrace count hooks; all needs every part', () => {
    const c = ctx('', { 'tun.read': 2 });
    expect(checkPasses({ kind: 'trace', hook: 'tun.read' }, c)).toBe(true);
    expect(checkPasses({ kind: 'trace', hook: 'tun.read', atLeast: 3 }, c)).toBe(false);
    expect(checkPasses({ kind: 'noTrace', hook: 'vxlan.encap' }, c)).toBe(true);
    expect(checkPasses({ kind: 'noTrace', hook: 'tun.read' }, c)).toBe(false);
    expect(
      checkPasses(
        {
          kind: 'all',
          checks: [{ kind: 'trace', hook: 'tun.read' }, { kind: 'pingReplies' }],
        },
        c,
      ),
    ).toBe(false);
  });
});

describe('commandOutput and transcriptSince', () => {
  it('drops the typed lines, so a command naming its answer does not tick itself', () => {
    const transcript = 'root@node1:~# ip -d link show flannel0\n3: flannel0: …\nroot@node1:~# ';
    const out = commandOutput(transcript, 'root@node1:~# ');
    expect(out).toBe('3: flannel0: …');
    expect(checkPasses({ kind: 'output', includes: ['flannel0'] }, ctx(out))).toBe(true);
    const typedOnly = commandOutput('root@node1:~# ip -d link show flannel0\n', 'root@node1:~# ');
    expect(checkPasses({ kind: 'output', includes: ['flannel0'] }, ctx(typedOnly))).toBe(false);
  });

  it('reads from the mark, also after the transcript’s start was cut', () => {
    const mark = transcriptMark('$ ls\nfile\n$ ');
    expect(transcriptSince('$ ls\nfile\n$ ping\nreply\n', mark)).toBe('ping\nreply\n');
    const long = transcriptMark(`${'x'.repeat(300)}$ `);
    expect(transcriptSince(`${'x'.repeat(250)}$ ping\nreply\n`, long)).toBe('ping\nreply\n');
    expect(transcriptSince('reply\n', mark)).toBe('reply\n');
    expect(transcriptSince('new\n', transcriptMark(''))).toBe('new\n');
  });
});

describe('steps', () => {
  it('container steps run through docker exec', () => {
    expect(stepShellLine(walk.steps[1])).toBe('docker exec container-1 ip addr');
    expect(stepShellLine(walk.steps[2])).toBe('bridge fdb');
    expect(stepShellLine(walk.steps[0])).toBeNull();
  });

  it('clampStep keeps a wish inside the walkthrough', () => {
    expect(clampStep(walk, -3)).toBe(0);
    expect(clampStep(walk, 1)).toBe(1);
    expect(clampStep(walk, 99)).toBe(2);
    expect(clampStep(walk, Number.NaN)).toBe(0);
  });

  it('progressOf counts only the walkthrough’s steps', () => {
    expect(progressOf(walk, new Set([0, 2, 7]))).toEqual({ done: 2, total: 3, ratio: 2 / 3 });
  });
});

describe('walkthroughProblems', () => {
  it('accepts good data', () => {
    expect(walkthroughProblems(walk)).toEqual([]);
  });

  it('names what is wrong', () => {
    const bad: Walkthrough = {
      ...walk,
      id: 'Bad Id',
      summary: { en: 'x', 'zh-CN': ' ' },
      steps: [
        {
          title: both('t'),
          body: both('b'),
          claims: ['C99' as never],
          command: 'ls',
          check: { kind: 'pingReplies' },
        },
        {
          title: both('t'),
          body: both('b'),
          claims: [],
          check: { kind: 'output', includes: ['x'] },
        },
      ],
    };
    expect(walkthroughProblems(bad)).toEqual([
      'id "Bad Id" is not URL-safe',
      'summary: no Chinese text',
      'step 1: unknown claim C99',
      'step 1: a command needs a target',
      'step 2: an output check needs a command',
    ]);
  });
});
