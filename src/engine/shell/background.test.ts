/**
 * Background jobs in a terminal (`LIST &`): the shell answers at once with bash's `[N] PID`, the
 * job's output arrives later in the same terminal, Ctrl-C reaches only the foreground, `wait`
 * collects the job, and closing the terminal ends its jobs. (Scripts: Linux case
 * shell-background.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Lab } from '../api/lab';
import type { LabEvent } from '../api/types';
import { defaultScenario } from '../scenario/default-scenario';

function lab() {
  const l = new Lab(1);
  l.load(defaultScenario);
  const s = l.openSession({ machine: 'node1' });
  const out: string[] = [];
  l.subscribe((batch: readonly LabEvent[]) => {
    for (const e of batch) if (e.kind === 'output' && e.session === s) out.push(e.data);
  });
  return { l, s, text: () => out.join('') };
}

describe('background jobs in a terminal', () => {
  it('answers [N] PID at once, and the job prints when it can', () => {
    const { l, s, text } = lab();
    const r = l.execToEnd(s, 'tcpdump -n -i eth0 -c 1 icmp &');
    expect(r.code).toBe(0);
    // bash's announcement first, then what the job itself says as it starts.
    expect(r.stderr).toMatch(/^\[1\] \d+\ntcpdump: verbose output suppressed/);
    l.execToEnd(s, 'ping -c 1 -q 10.0.0.2');
    l.run(100);
    expect(text()).toContain('IP 10.0.0.1 > 10.0.0.2: ICMP echo request');
    expect(text()).toContain('1 packet captured');
    expect(l.execToEnd(s, 'wait; echo "[$?]"').stdout).toBe('[0]\n');
  });

  it('Ctrl-C stops the foreground only; closing the terminal ends its jobs', () => {
    const { l, s } = lab();
    l.execToEnd(s, 'sleep 100 &');
    const fg = l.exec(s, 'sleep 50');
    l.run(10);
    l.signal(fg, 'INT');
    expect(l.busy()).toBe(true);
    const r = l.execToEnd(s, 'wait %1; echo "[$?]"', 200_000);
    expect(r.stdout).toBe('[0]\n');
    l.execToEnd(s, 'sleep 100 &');
    l.closeSession(s);
    l.run(10);
    expect(l.busy()).toBe(false);
  });
});

describe('job notices in a terminal', () => {
  it('reports an ended job before the next prompt, as bash with job control, and frees its number', () => {
    const { l, s } = lab();
    expect(l.execToEnd(s, 'sleep 1 &').stderr).toMatch(/^\[1\] \d+\n$/);
    expect(l.execToEnd(s, 'bash -c "sleep 1; exit 3" &').stderr).toMatch(/^\[2\] \d+\n$/);
    l.run(2000);
    expect(l.execToEnd(s, 'true').stderr).toBe(
      '[1]-  Done                    sleep 1\n[2]+  Exit 3                  bash -c "sleep 1; exit 3"\n',
    );
    expect(l.execToEnd(s, 'true').stderr).toBe('');
    expect(l.execToEnd(s, 'sleep 1 &').stderr).toMatch(/^\[1\] \d+\n$/);
  });
});

describe('kill in a terminal', () => {
  it('ends a job with TERM by default, reported as Terminated', () => {
    const { l, s } = lab();
    l.execToEnd(s, 'sleep 100 &');
    expect(l.execToEnd(s, 'kill %1').code).toBe(0);
    l.run(1);
    expect(l.execToEnd(s, 'true').stderr).toBe('[1]+  Terminated              sleep 100\n');
    expect(l.busy()).toBe(false);
  });
});

describe('against bash 5.2 with job control (fixtures/job-notices-real.txt)', () => {
  it('prints what a real terminal printed for the same lines, pids aside', () => {
    const real = readFileSync(new URL('fixtures/job-notices-real.txt', import.meta.url), 'utf8')
      .split('\n')
      .slice(1)
      .filter((l) => l !== '');
    const { l, s } = lab();
    let got = '';
    for (const line of real.filter((x) => x.startsWith('$ ')).map((x) => x.slice(2))) {
      if (line === 'exit') break;
      const r = l.execToEnd(s, line);
      got += `$ ${line}\n${r.stdout}${r.stderr}`;
      l.run(1000); // the real session typed each line after the previous one had ended
    }
    const pidless = (t: string) => t.replace(/^\[(\d+)\] \d+$/gm, '[$1] PID');
    const expected = real.slice(0, real.indexOf('$ exit')).join('\n');
    expect(pidless(got.trimEnd())).toBe(pidless(expected));
  });
});
