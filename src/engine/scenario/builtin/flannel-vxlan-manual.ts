/**
 * flannel's VXLAN backend between two nodes, as reference script 02-flannel-vxlan.sh builds it:
 * flannel.1 exactly as flanneld programs it (pkg/backend/vxlan): VNI 1, `local <node ip> dev
 * eth0`, dstport 8472, nolearning, mtu 1450, the /32 address `<subnet>.0`; and for the remote
 * lease a route `via <subnet>.0 dev flannel.1 onlink`, a permanent neighbour entry and a
 * permanent FDB entry pointing at the remote node.
 */
import type { Scenario } from '../../api/types';
import {
  cniPod,
  FLANNEL_NODES,
  type FlannelNode,
  nodeUnderlay,
  TWO_NODE_LAYOUT,
  twoNodes,
} from './k8s-nodes';
import { scenarioOf, stepsOn } from './steps';

const TITLE = 'Flannel VXLAN, built by hand: pods on two nodes';

/** flannel.1 MACs: the ones the reference run drew (flanneld's are random), see [1]. */
export const FLANNEL_VTEP_MAC = { node1: '9e:e5:c8:4a:c1:f0', node2: '6a:40:f2:c7:01:b0' } as const;

const [node1, node2] = FLANNEL_NODES;

export const flannelVxlanManualScenario: Scenario = scenarioOf(
  TITLE,
  [
    ...twoNodes(TITLE),
    ...nodeUnderlay(node1),
    ...nodeUnderlay(node2),
    ...cniPod(node1, 1450),
    ...cniPod(node2, 1450),
    ...vtep(node1),
    ...vtep(node2),
    ...remote(node1, node2),
    ...remote(node2, node1),
  ],
  TWO_NODE_LAYOUT,
);

/** The VTEP flanneld creates on start ([2]). */
function vtep(n: FlannelNode) {
  return stepsOn(
    n.name,
    `ip link add flannel.1 type vxlan id 1 local ${n.ip} dev eth0 dstport 8472 nolearning
    ip link set flannel.1 address ${FLANNEL_VTEP_MAC[n.name]}
    ip link set flannel.1 mtu 1450
    sysctl -qw net.ipv6.conf.flannel/1.accept_ra=0
    ip addr add 10.244.${n.subnet}.0/32 dev flannel.1
    ip link set flannel.1 up`,
  );
}

/** What flanneld programs on `n` when it learns `peer`'s lease. */
function remote(n: FlannelNode, peer: FlannelNode) {
  const vtepIp = `10.244.${peer.subnet}.0`;
  const mac = FLANNEL_VTEP_MAC[peer.name];
  return stepsOn(
    n.name,
    `ip route add 10.244.${peer.subnet}.0/24 via ${vtepIp} dev flannel.1 onlink
    ip neigh add ${vtepIp} lladdr ${mac} dev flannel.1 nud permanent
    bridge fdb add ${mac} dev flannel.1 dst ${peer.ip} self permanent`,
  );
}

// [1] flanneld lets the kernel pick flannel.1's MAC and publishes it in the lease (etcd); a
//     scenario is a fixed list of commands, so it sets the MACs the reference run got. That keeps
//     the permanent neigh and FDB entries right for any --seed, and the inner Ethernet header of
//     a VXLAN frame byte-identical to the reference capture.
// [2] The reference script's lines, in its order (mk_vtep). The lab has no IPv6 traffic, but the
//     accept_ra sysctl is kept so that `sysctl -a` matches.
