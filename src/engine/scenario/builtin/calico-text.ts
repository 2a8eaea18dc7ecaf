/**
 * The text Calico writes on a node, shared by the built-in scenarios and the canvas's Calico
 * network: BIRD's configuration (what calico-node's confd renders) and the commands Calico's
 * CNI plugin and felix run for one pod. Plain strings, no lab state.
 */

/**
 * The bird.cfg of calico-node's confd template in BIRD 2 syntax, as the reference runs it; the
 * log goes to /var/log/bird.log (calico-node logs BIRD's stderr instead).
 */
export function calicoBirdConf(
  me: string,
  peers: readonly string[],
  block: string,
  asn = 64512,
): string {
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
  local as ${asn};
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
${peers.map((peer) => meshProtocol(me, peer, asn)).join('\n')}`;
}

/** One session of the node-to-node mesh (calico-node names it Mesh_<peer IP>). */
function meshProtocol(me: string, peer: string, asn: number): string {
  return `protocol bgp Mesh_${peer.replace(/\./g, '_')} from bgp_template {
  neighbor ${peer} as ${asn};
  source address ${me};
}
`;
}

/**
 * What Calico's CNI plugin and felix do for one pod on its node: a netns, a veth whose host end
 * is `cali…` with MAC ee:ee:ee:ee:ee:ee and proxy ARP, the pod's /32 and its routes via
 * 169.254.1.1, and the node's scope-link route to the pod (C18).
 */
export function calicoPodLines(pod: string, cali: string, ip: string): string[] {
  return [
    `ip netns add ${pod}`,
    `ip -n ${pod} link set lo up`,
    `ip link add ${cali} type veth peer name eth0 netns ${pod}`,
    `ip link set ${cali} address ee:ee:ee:ee:ee:ee`,
    `sysctl -qw net.ipv4.conf.${cali}.proxy_arp=1`,
    `sysctl -qw net.ipv4.neigh.${cali}.proxy_delay=0`,
    `sysctl -qw net.ipv4.conf.${cali}.forwarding=1`,
    `sysctl -qw net.ipv4.conf.${cali}.rp_filter=1`,
    `ip link set ${cali} up`,
    `ip -n ${pod} addr add ${ip}/32 dev eth0`,
    `ip -n ${pod} link set eth0 up`,
    `ip -n ${pod} route add 169.254.1.1 dev eth0 scope link`,
    `ip -n ${pod} route add default via 169.254.1.1 dev eth0`,
    `ip route add ${ip} dev ${cali} scope link`,
  ];
}
