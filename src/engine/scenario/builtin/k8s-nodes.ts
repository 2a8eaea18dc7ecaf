/**
 * The pieces the flannel scenarios share with reference scripts 02 and 03 (lib.sh): two nodes
 * cabled to one underlay segment (the reference's bridge br0 in netns `underlay`), each with
 * ip_forward=1, and the CNI `bridge` plugin's cni0 with one pod (a named netns) behind it.
 */
import type { ScenarioStep } from '../../api/types';
import { shellQuote, stepsOn } from './steps';

/** One Kubernetes node of the flannel scenarios. */
export interface FlannelNode {
  name: 'node1' | 'node2';
  /** The node's underlay address (eth0, /24). */
  ip: string;
  /** The third octet of the node's pod subnet 10.244.N.0/24. */
  subnet: number;
  pod: string;
  /** The host end of the pod's veth (the reference's fixed names). */
  hostVeth: string;
}

export const FLANNEL_NODES: readonly [FlannelNode, FlannelNode] = [
  { name: 'node1', ip: '10.168.0.2', subnet: 1, pod: 'pod1', hostVeth: 'veth3a1b2c4d' },
  { name: 'node2', ip: '10.168.0.3', subnet: 2, pod: 'pod2', hostVeth: 'veth7e6f5a4b' },
];

/** Lab console steps: the title, both nodes cabled to `underlay` (eth0 is ifindex 2). */
export function twoNodes(title: string): ScenarioStep[] {
  return stepsOn(
    'lab',
    `title ${shellQuote(title)}
    machine add node1
    machine add node2
    segment add underlay
    cable node1 eth0 underlay
    cable node2 eth0 underlay`,
  );
}

/** attach_node: the node's underlay address and forwarding. */
export function nodeUnderlay(n: FlannelNode): ScenarioStep[] {
  return stepsOn(
    n.name,
    `ip addr add ${n.ip}/24 dev eth0
    ip link set eth0 up
    sysctl -qw net.ipv4.ip_forward=1`,
  );
}

/** add_cni_pod: cni0 with the gateway address, the pod's veth, its address and routes. */
export function cniPod(n: FlannelNode, mtu: number): ScenarioStep[] {
  const gw = `10.244.${n.subnet}.1`;
  return stepsOn(
    n.name,
    `ip link add cni0 type bridge
    ip addr add ${gw}/24 dev cni0
    ip link set cni0 up
    ip netns add ${n.pod}
    ip -n ${n.pod} link set lo up
    ip link add ${n.hostVeth} type veth peer name eth0 netns ${n.pod}
    ip -n ${n.pod} link set eth0 mtu ${mtu}
    ip link set ${n.hostVeth} mtu ${mtu}
    ip link set ${n.hostVeth} master cni0
    ip link set ${n.hostVeth} up
    bridge link set dev ${n.hostVeth} hairpin on
    ip -n ${n.pod} addr add 10.244.${n.subnet}.2/24 dev eth0
    ip -n ${n.pod} link set eth0 up
    ip -n ${n.pod} route add default via ${gw} dev eth0
    ip -n ${n.pod} route add 10.244.0.0/16 via ${gw} dev eth0`,
  );
}

/** Canvas positions shared by the two-node scenarios. */
export const TWO_NODE_LAYOUT = {
  'machine:node1': { x: 60, y: 60 },
  'machine:node2': { x: 620, y: 60 },
  'segment:underlay': { x: 380, y: 560 },
};
