/**
 * The topologies the benchmark measures, as the shell lines that build them — the same lines
 * run in the lab and, for the real-kernel baseline, in network namespaces on this machine.
 */

/** Two containers on a docker0-style bridge (C03): c1 pings c2. */
export const DOCKER0_LINES = [
  'ip link set lo up',
  'ip netns add c1',
  'ip netns add c2',
  'ip link add docker0 type bridge',
  'ip addr add 172.17.0.1/16 dev docker0',
  'ip link set docker0 up',
  'ip link add veth1 type veth peer name eth0 netns c1',
  'ip link add veth2 type veth peer name eth0 netns c2',
  'ip link set veth1 master docker0',
  'ip link set veth2 master docker0',
  'ip link set veth1 up',
  'ip link set veth2 up',
  'ip -n c1 addr add 172.17.0.2/16 dev eth0',
  'ip -n c2 addr add 172.17.0.3/16 dev eth0',
  'ip -n c1 link set eth0 up',
  'ip -n c2 link set eth0 up',
  'ip -n c1 link set lo up',
  'ip -n c2 link set lo up',
];

/** The ping that the benchmark times, run inside c1. */
export function floodPing(count: number): string {
  return `ip netns exec c1 ping -f -q -c ${count} 172.17.0.3`;
}
