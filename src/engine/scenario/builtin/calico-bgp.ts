/**
 * Calico with BGP: part B of reference script 05-calico.sh. The nodes and pods are those of
 * calico-static, but no route to the other node's block is typed by hand: each node runs BIRD
 * with the configuration Calico's confd writes (a node-to-node mesh session to the other node,
 * its own block as a blackhole route, export filters), and the routes
 * `10.233.N.0/26 via <peer> dev eth0 proto bird` arrive over BGP (C19, C20, C21).
 */
import type { Scenario } from '../../api/types';
import { CALICO_NODES, type CalicoNode, calicoNode, calicoPod } from './calico-static';
import { TWO_NODE_LAYOUT, twoNodes } from './k8s-nodes';
import { scenarioOf, shellQuote, stepsOn } from './steps';

const SEED = 3;
const TITLE = 'Calico: routes learned over BGP (BIRD)';

/**
 * The bird.cfg of calico-node's confd template in BIRD 2 syntax, as the reference runs it; the
 * log goes to /var/log/bird.log (calico-node logs BIRD's stderr instead).
 */
export function calicoBirdConf(me: string, peer: string, block: string): string {
  return `# What calico-node's confd writes for this node (BIRD 2 syntax).
log "/var/log/bird.log" all;
router id ${me};

function calico_aggr() {
  # Block ${block} is confirmed
  if ( net = ${block} ) then { accept; }
  if ( net ~ ${block} ) then { reject; }
}

filter calico_export_to_bgp_peers {
  calico_aggr();
  if ( net ~ 10.233.0.0/16 ) then {
    accept;
  }
  reject;
}

filter calico_kernel_programming {
  # connected routes are the kernel's already
  if ( source = RTS_DEVICE ) then reject;
  if ( net ~ 10.233.0.0/16 ) then {
    accept;
  }
  accept;
}

protocol kernel {
  learn;             # take the routes others put in the kernel
  persist;           # leave BIRD's routes in the kernel when it stops
  scan time 2;
  graceful restart;
  merge paths on;
  metric 0;
  ipv4 {
    import all;
    export filter calico_kernel_programming;
  };
}

protocol device {
  debug { states };
  scan time 2;
}

protocol direct {
  debug { states };
  ipv4;
  interface -"cali*", -"kube-ipvs*", "*";
}

# this node's pod block
protocol static {
  ipv4;
  route ${block} blackhole;
}

template bgp bgp_template {
  debug { states };
  description "Connection to BGP peer";
  local as 64512;
  multihop;
  graceful restart;
  connect delay time 2;
  connect retry time 5;
  error wait time 5,30;
  ipv4 {
    gateway recursive;
    import all;
    export filter calico_export_to_bgp_peers;
    add paths on;
  };
}

# node-to-node mesh
protocol bgp Mesh_${peer.replace(/\./g, '_')} from bgp_template {
  neighbor ${peer} as 64512;
  source address ${me};
}
`;
}

/** Writes /etc/bird/bird.conf in one printf and starts BIRD. */
function bird(n: CalicoNode, peer: CalicoNode) {
  const conf = calicoBirdConf(n.ip, peer.ip, `10.233.${n.block}.0/26`);
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
