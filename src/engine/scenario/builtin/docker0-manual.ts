/**
 * Docker's default bridge, as reference script 01-docker0.sh builds it with plain `ip`,
 * `sysctl` and `iptables` commands (what dockerd does through netlink and iptables): bridge
 * docker0 172.17.0.1/16, two containers c1/c2 (named netns) on veth pairs with Docker-style MACs
 * 02:42:ac:11:00:0X, the host's eth0 cabled to an `outside` machine, ip_forward=1, and Docker
 * 20.10–24's iptables rules (MASQUERADE, FORWARD policy DROP + DOCKER chains, `-p 8080:80` for c1).
 */
import type { Scenario } from '../../api/types';
import { scenarioOf, shellQuote, stepsOn } from './steps';

const TITLE = 'Docker bridge (docker0), built by hand';

export const docker0ManualScenario: Scenario = scenarioOf(
  TITLE,
  [
    ...stepsOn(
      'lab',
      `title ${shellQuote(TITLE)}
      machine add host
      machine add outside
      segment add underlay`,
    ),
    // [1]
    ...stepsOn(
      'host',
      `ip link add docker0 type bridge
      ip link set docker0 address 02:42:a6:c4:ba:41
      ip addr add 172.17.0.1/16 dev docker0
      ip link set docker0 up
      sysctl -qw net.ipv4.ip_forward=1`,
    ),
    ...container('c1', 'veth1a2b3c4', '172.17.0.2', '02:42:ac:11:00:02'),
    ...container('c2', 'veth9f8e7d6', '172.17.0.3', '02:42:ac:11:00:03'),
    // [2]
    ...stepsOn(
      'lab',
      `cable host eth0 underlay
      cable outside eth0 underlay`,
    ),
    ...stepsOn(
      'host',
      `ip addr add 10.168.0.2/24 dev eth0
      ip link set eth0 up`,
    ),
    ...stepsOn(
      'outside',
      `ip addr add 10.168.0.100/24 dev eth0
      ip link set eth0 up`,
    ),
    // [3]
    ...stepsOn(
      'host',
      `iptables -t nat -N DOCKER
      iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
      iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
      iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
      iptables -t nat -A DOCKER -i docker0 -j RETURN
      iptables -P FORWARD DROP
      iptables -N DOCKER
      iptables -N DOCKER-ISOLATION-STAGE-1
      iptables -N DOCKER-ISOLATION-STAGE-2
      iptables -N DOCKER-USER
      iptables -A FORWARD -j DOCKER-USER
      iptables -A FORWARD -j DOCKER-ISOLATION-STAGE-1
      iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
      iptables -A FORWARD -o docker0 -j DOCKER
      iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
      iptables -A FORWARD -i docker0 -o docker0 -j ACCEPT
      iptables -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
      iptables -A DOCKER-ISOLATION-STAGE-1 -j RETURN
      iptables -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
      iptables -A DOCKER-ISOLATION-STAGE-2 -j RETURN
      iptables -A DOCKER-USER -j RETURN
      iptables -t nat -A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
      iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
      iptables -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT`,
    ),
  ],
  {
    'machine:host': { x: 60, y: 60 },
    'machine:outside': { x: 620, y: 60 },
    'segment:underlay': { x: 380, y: 560 },
  },
);

/** What `docker run` does for one container on the default bridge. */
function container(ns: string, hostVeth: string, ip: string, mac: string) {
  return stepsOn(
    'host',
    `ip netns add ${ns}
    ip -n ${ns} link set lo up
    ip link add ${hostVeth} type veth peer name eth0 netns ${ns}
    ip link set ${hostVeth} master docker0
    ip link set ${hostVeth} up
    ip -n ${ns} link set eth0 address ${mac}
    ip -n ${ns} addr add ${ip}/16 dev eth0
    ip -n ${ns} link set eth0 up
    ip -n ${ns} route add default via 172.17.0.1`,
  );
}

// [1] Docker gives docker0 a random 02:42:xx:xx:xx:xx MAC of its own; this is the one the
//     reference run drew, so that a capture here lines up with the reference capture.
// [2] The host's eth0 is cabled after the containers exist, so that ifindexes (and the `@ifN`
//     of `ip link`) follow the reference script's creation order: lo 1, docker0 2, the two
//     veths 3 and 4, eth0 5.
// [3] Docker 20.10–24's rules with the iptables backend, in the order dockerd adds them; the
//     last three lines are `docker run -p 8080:80` for c1. The reference's web server in c1
//     (python3 -m http.server) is not part of the scenario.
