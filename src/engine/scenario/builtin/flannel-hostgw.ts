/**
 * flannel's host-gw backend, part A of reference script 03-flannel-hostgw.sh: the two nodes are
 * on one L2 segment, and flanneld installs a plain route to each remote pod subnet via the
 * remote node's underlay address. No encapsulation: pod packets cross the underlay as they are.
 */
import type { Scenario } from '../../api/types';
import { cniPod, FLANNEL_NODES, nodeUnderlay, TWO_NODE_LAYOUT, twoNodes } from './k8s-nodes';
import { scenarioOf, stepsOn } from './steps';

const TITLE = 'Flannel host-gw, built by hand: routes via the peer node';

const [node1, node2] = FLANNEL_NODES;

export const flannelHostgwScenario: Scenario = scenarioOf(
  TITLE,
  [
    ...twoNodes(TITLE),
    ...nodeUnderlay(node1),
    ...nodeUnderlay(node2),
    ...cniPod(node1, 1500),
    ...cniPod(node2, 1500),
    ...stepsOn('node1', `ip route add 10.244.2.0/24 via ${node2.ip} dev eth0`),
    ...stepsOn('node2', `ip route add 10.244.1.0/24 via ${node1.ip} dev eth0`),
  ],
  TWO_NODE_LAYOUT,
);
