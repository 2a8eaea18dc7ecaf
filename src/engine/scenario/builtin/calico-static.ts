/**
 * Calico's data path without BGP: part A ("static") of reference script 05-calico.sh. No bridge:
 * each pod's eth0 has a /32 and reaches everything through 169.254.1.1, which its node answers
 * by proxy ARP on the host end of the veth (`cali` + 11 hex digits, MAC ee:ee:ee:ee:ee:ee).
 * Each node has a /32 route per local pod and, in place of the routes BIRD would learn, a static
 * route to the other node's block (10.233.N.0/26) via that node.
 */
import type { Scenario } from '../../api/types';
import { calicoPodLines } from './calico-text';
import { TWO_NODE_LAYOUT, twoNodes } from './k8s-nodes';
import { scenarioOf, stepsOn } from './steps';

const TITLE = 'Calico: routed pods, proxy ARP';

export interface CalicoNode {
  name: 'node1' | 'node2';
  ip: string;
  block: number;
  pod: string;
  cali: string;
}

export const CALICO_NODES: readonly [CalicoNode, CalicoNode] = [
  { name: 'node1', ip: '10.168.0.2', block: 1, pod: 'pod1', cali: 'cali5863f3ab4d2' },
  { name: 'node2', ip: '10.168.0.3', block: 2, pod: 'pod2', cali: 'calid0c2f7e1a93' },
];

export const calicoStaticScenario: Scenario = scenarioOf(
  TITLE,
  [
    ...twoNodes(TITLE),
    ...CALICO_NODES.flatMap(calicoNode),
    ...CALICO_NODES.flatMap(calicoPod),
    ...stepsOn('node1', 'ip route add 10.233.2.0/26 via 10.168.0.3 dev eth0'),
    ...stepsOn('node2', 'ip route add 10.233.1.0/26 via 10.168.0.2 dev eth0'),
  ],
  TWO_NODE_LAYOUT,
);

/** attach_node plus the node's default route ([1]). */
export function calicoNode(n: CalicoNode) {
  return stepsOn(
    n.name,
    `ip addr add ${n.ip}/24 dev eth0
    ip link set eth0 up
    sysctl -qw net.ipv4.ip_forward=1
    ip route add default via 10.168.0.1`,
  );
}

/** What Calico's CNI plugin and felix do for one pod (add_calico_pod). */
export function calicoPod(n: CalicoNode) {
  return calicoPodLines(n.pod, n.cali, `10.233.${n.block}.2`).map((line) => ({ on: n.name, line }));
}

// [1] The reference's underlay has 10.168.0.1 on its bridge; the default route via it is what
//     makes proxy ARP answer for 169.254.1.1 (the node needs *a route* to it out of another
//     interface). The lab's segment has no machine at 10.168.0.1: nothing here sends to it.
