/**
 * The palette's Calico network, replayed through the engine on the default lab (node1 10.0.0.1
 * and node2 10.0.0.2 on lan0, no default routes): BIRD peers over iBGP, each block arrives as a
 * proto bird route, and the pods reach each other by plain routing (C18, C19, C21).
 */
import { describe, expect, it } from 'vitest';
import { runBuiltin } from '../engine/scenario/builtin/run-builtin';
import { caliName, isCalicoRefusal, planCalico } from './calico-plan';

function viewOfDefault() {
  return runBuiltin('default').lab.view();
}

describe('planCalico', () => {
  it('refuses hosts without an underlay address, and hosts already running BIRD', () => {
    const view = viewOfDefault();
    expect(planCalico(view, [], true, new Set())).toEqual({ reason: 'noHosts' });
    const noAddr = {
      ...view,
      machines: view.machines.map((m) =>
        m.name === 'node2'
          ? {
              ...m,
              namespaces: m.namespaces.map((n) => ({
                ...n,
                devices: n.devices.map((d) => ({ ...d, addrs: [] })),
              })),
            }
          : m,
      ),
    };
    expect(planCalico(noAddr, ['node1', 'node2'], true, new Set())).toEqual({
      reason: 'noUnderlay',
      hosts: ['node2'],
    });
    const withBird = {
      ...view,
      machines: view.machines.map((m) => (m.name === 'node1' ? { ...m, daemons: ['bird'] } : m)),
    };
    expect(planCalico(withBird, ['node1', 'node2'], false, new Set())).toEqual({
      reason: 'birdRunning',
      hosts: ['node1'],
    });
  });

  it('names the host end of a pod cali + 11 hex digits, stable for a name', () => {
    expect(caliName('node1', 'pod1')).toMatch(/^cali[0-9a-f]{11}$/);
    expect(caliName('node1', 'pod1')).toBe(caliName('node1', 'pod1'));
    expect(caliName('node1', 'pod1')).not.toBe(caliName('node2', 'pod1'));
  });

  it('builds a BGP mesh with a pod per host that works in the lab', () => {
    const plan = planCalico(viewOfDefault(), ['node1', 'node2'], true, new Set());
    if (isCalicoRefusal(plan)) throw new Error(plan.reason);
    expect(plan.blocks).toEqual([
      { host: 'node1', block: '10.233.1.0/26', pod: 'pod1', podIp: '10.233.1.2' },
      { host: 'node2', block: '10.233.2.0/26', pod: 'pod2', podIp: '10.233.2.2' },
    ]);
    // No default route on these hosts: one on eth0, so proxy ARP answers for 169.254.1.1.
    expect(plan.runs[0].lines).toContain('ip route add default dev eth0');
    const r = runBuiltin(
      'default',
      ...plan.runs.flatMap((run) => run.lines.map((l) => `${run.machine}: ${l}`)),
      'node1: sleep 5',
      'node1: birdc show protocols Mesh_10_0_0_2',
      'node1: ip route show proto bird',
      'node1:pod1: ping -c 1 10.233.2.2',
    );
    expect(r.output).toMatch(/Mesh_10_0_0_2 BGP +--- +up .* Established/);
    expect(r.output).toContain('blackhole 10.233.1.0/26 \n10.233.2.0/26 via 10.0.0.2 dev eth0 \n');
    expect(r.output).toMatch(/64 bytes from 10\.233\.2\.2: icmp_seq=1 ttl=62 /);
  });

  it('keeps a host’s own default route, and leaves pods out when asked', () => {
    const plan = planCalico(viewOfDefault(), ['node1', 'node2'], false, new Set(['node1']));
    if (isCalicoRefusal(plan)) throw new Error(plan.reason);
    expect(plan.runs.flatMap((x) => x.lines).some((l) => l.startsWith('ip route add'))).toBe(false);
    expect(plan.runs.flatMap((x) => x.lines).some((l) => l.includes('netns'))).toBe(false);
  });
});
