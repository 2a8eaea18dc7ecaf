import { describe, expect, it } from 'vitest';
import { runScenario } from '../../api/run-scenario';
import { builtinScenario } from '../../scenario/builtin';
import { journalLines } from './journalctl';

describe('journalctl', () => {
  it('prefixes klog and capnslog lines with time, host, unit and pid', () => {
    const text =
      'I0101 00:00:03.000240   27904 main.go:229] CLI flags config\n[WARNING] no time here\n2024-01-01 00:00:05.000000 I | etcdmain: etcd Version: 3.4.23\n';
    expect(journalLines(text, 'node1', 'flanneld', 1)).toEqual([
      'Jan 01 00:00:03 node1 flanneld[27904]: I0101 00:00:03.000240   27904 main.go:229] CLI flags config',
      'Jan 01 00:00:03 node1 flanneld[27904]: [WARNING] no time here',
      'Jan 01 00:00:05 node1 flanneld[27904]: 2024-01-01 00:00:05.000000 I | etcdmain: etcd Version: 3.4.23',
    ]);
  });
});

describe('journalctl -u flanneld in the flannel-vxlan scenario', () => {
  it('shows each action flanneld took, as journald lines', () => {
    const scenario = builtinScenario('flannel-vxlan');
    if (!scenario) throw new Error('no flannel-vxlan scenario');
    let out = '';
    const r = runScenario(
      scenario.scenario,
      [{ machine: 'node1', line: 'journalctl -u flanneld' }],
      (_s, d) => {
        out += d;
      },
    );
    expect(r.ok).toBe(true);
    const lines = out.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines)
      expect(l).toMatch(/^Jan 01 \d\d:\d\d:\d\d node1 flanneld\[\d+\]: [IWEF]\d{4} /);
    expect(out).toContain('vxlan.go');
  });

  it('says there is nothing for a unit without a log', () => {
    const scenario = builtinScenario('flannel-vxlan');
    if (!scenario) throw new Error('no flannel-vxlan scenario');
    let out = '';
    runScenario(scenario.scenario, [{ machine: 'node1', line: 'journalctl -u nginx' }], (_s, d) => {
      out += d;
    });
    expect(out).toBe('-- No entries --\n');
  });
});
