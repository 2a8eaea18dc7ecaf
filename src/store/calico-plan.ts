/**
 * Pure planning for the palette's Calico network: what a person would type on each host to
 * route pods between them the way Calico does (C18–C21) — BIRD with calico-node's configuration
 * (a node-to-node iBGP mesh, the host's /26 block as a blackhole route), and, if asked, one pod
 * per host made as Calico's CNI plugin makes it (a cali… veth, a /32, proxy ARP for 169.254.1.1).
 * Proxy ARP answers only for addresses the host has a route to, so a host without a default
 * route gets one on its underlay interface (projectcalico/calico#3270).
 */
import type { TopologyView } from '../engine/api/types';
import { calicoBirdConf, calicoPodLines } from '../engine/scenario/builtin/calico-text';
import { shellQuote } from '../engine/scenario/builtin/steps';
import { type Underlay, underlaysOf } from './daemons';

export const CALICO_POOL = '10.233.0.0/16';

export type CalicoRefusal =
  | { reason: 'noHosts' }
  | { reason: 'noUnderlay'; hosts: string[] }
  | { reason: 'birdRunning'; hosts: string[] };

export interface CalicoPlan {
  /** Each host's block, in host order. */
  blocks: { host: string; block: string; pod?: string; podIp?: string }[];
  runs: { machine: string; lines: string[] }[];
}

export const isCalicoRefusal = (p: CalicoPlan | CalicoRefusal): p is CalicoRefusal => 'reason' in p;

/** `cali` + 11 hex digits, derived from the pod's name as Calico derives it from the workload. */
export function caliName(host: string, pod: string): string {
  let h = 0xcbf29ce484222325n;
  for (const ch of `${host}/${pod}`) {
    h ^= BigInt(ch.codePointAt(0) ?? 0);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `cali${h.toString(16).padStart(16, '0').slice(0, 11)}`;
}

/** The commands of a Calico network over `hosts` (`withDefault`: hosts that have a default route). */
export function planCalico(
  view: TopologyView,
  hosts: readonly string[],
  withPods: boolean,
  withDefault: ReadonlySet<string>,
): CalicoPlan | CalicoRefusal {
  if (hosts.length === 0) return { reason: 'noHosts' };
  const under = new Map<string, Underlay | undefined>(
    hosts.map((h) => [h, underlaysOf(view, h)[0]]),
  );
  const missing = hosts.filter((h) => !under.get(h));
  if (missing.length > 0) return { reason: 'noUnderlay', hosts: missing };
  const running = hosts.filter((h) =>
    view.machines.find((m) => m.name === h)?.daemons?.includes('bird'),
  );
  if (running.length > 0) return { reason: 'birdRunning', hosts: running };
  const plan: CalicoPlan = { blocks: [], runs: [] };
  const taken = new Set(view.machines.flatMap((m) => m.netns));
  let podNo = 1;
  hosts.forEach((host, i) => {
    const u = under.get(host) as Underlay;
    const block = `10.233.${i + 1}.0/26`;
    const peers = hosts.filter((h) => h !== host).map((h) => (under.get(h) as Underlay).ip);
    const conf = calicoBirdConf(u.ip, peers, block);
    const lines = ['sysctl -qw net.ipv4.ip_forward=1'];
    if (withPods && !withDefault.has(host)) lines.push(`ip route add default dev ${u.ifname}`);
    lines.push(
      `printf '%s\\n' ${conf.trimEnd().split('\n').map(shellQuote).join(' ')} > /etc/bird/bird.conf`,
      'bird -c /etc/bird/bird.conf',
    );
    const entry: CalicoPlan['blocks'][number] = { host, block };
    if (withPods) {
      while (taken.has(`pod${podNo}`)) podNo++;
      const pod = `pod${podNo++}`;
      const podIp = `10.233.${i + 1}.2`;
      lines.push(...calicoPodLines(pod, caliName(host, pod), podIp));
      entry.pod = pod;
      entry.podIp = podIp;
    }
    plan.blocks.push(entry);
    plan.runs.push({ machine: host, lines });
  });
  return plan;
}
