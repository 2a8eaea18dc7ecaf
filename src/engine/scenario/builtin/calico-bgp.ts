/**
 * Calico with BGP: part B of reference script 05-calico.sh. The nodes and pods are those of
 * calico-static, but no route to the other node's block is typed by hand: each node runs BIRD
 * with the configuration Calico's confd writes (a node-to-node mesh session to the other node,
 * its own block as a blackhole route, export filters), and the routes
 * `10.233.N.0/26 via <peer> dev eth0 proto bird` arrive over BGP (C19, C20, C21).
 */
import type { Scenario } from '../../api/types';
import { CALICO_NODES, type CalicoNode, calicoNode, calicoPod } from './calico-static';
import { calicoBirdConf } from './calico-text';
import { TWO_NODE_LAYOUT, twoNodes } from './k8s-nodes';
import { scenarioOf, shellQuote, stepsOn } from './steps';

const SEED = 3;
const TITLE = 'Calico: routes learned over BGP (BIRD)';

/** Writes /etc/bird/bird.conf in one printf and starts BIRD. */
function bird(n: CalicoNode, peer: CalicoNode) {
  const conf = calicoBirdConf(n.ip, [peer.ip], `10.233.${n.block}.0/26`);
  const lines = conf.trimEnd().split('\n').map(shellQuote).join(' ');
  return [
    { on: n.name, line: `printf '%s\\n' ${lines} > /etc/bird/bird.conf` },
    ...stepsOn(n.name, 'bird -c /etc/bird/bird.conf'),
  ];
}

export const calicoBgpScenario: Scenario = {
  ...scenarioOf(
    TITLE,
    [
      ...twoNodes(TITLE),
      ...CALICO_NODES.flatMap(calicoNode),
      ...CALICO_NODES.flatMap(calicoPod),
      ...bird(CALICO_NODES[0], CALICO_NODES[1]),
      ...bird(CALICO_NODES[1], CALICO_NODES[0]),
    ],
    TWO_NODE_LAYOUT,
  ),
  // With this seed node2's connect delay runs out first, as in the reference capture.
  seed: SEED,
};
