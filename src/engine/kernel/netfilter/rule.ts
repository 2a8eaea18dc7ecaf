/**
 * The iptables rule model: what `iptables -A` builds and the hooks evaluate. It mirrors the
 * kernel's `struct ipt_entry` (the fixed IPv4 part: addresses, interfaces, protocol, each with
 * its own inversion flag) followed by match extensions in the order they were given and one
 * target. Only the extensions Docker, flannel, kube-proxy and Calico use are modelled.
 *
 * Reference: include/uapi/linux/netfilter_ipv4/ip_tables.h, net/netfilter/xt_*.c.
 */
import type { Ipv4 } from '../inet';

/** An address with mask (`-s 10.0.0.0/8`); mask 0 matches everything. */
export interface AddrMatch {
  addr: Ipv4;
  mask: number;
  inv: boolean;
}

/** `-i eth0`, `-o cali+` (`+` at the end: prefix match). */
export interface IfaceMatch {
  name: string;
  /** True when the name ended in `+`; `name` is then the prefix without it. */
  wildcard: boolean;
  inv: boolean;
}

/** An inclusive port range; a single port has lo === hi. */
export interface PortRange {
  lo: number;
  hi: number;
}

/** Conntrack state bits as xt_conntrack numbers them (XT_CONNTRACK_STATE_*). */
export const CtState = {
  INVALID: 1,
  ESTABLISHED: 2,
  RELATED: 4,
  NEW: 8,
  UNTRACKED: 16,
  SNAT: 32,
  DNAT: 64,
} as const;
export type CtStateName = keyof typeof CtState;

/** Address types as RTN_* numbers them; the bit of type T is `1 << T` (xt_addrtype). */
export const AddrType = {
  UNSPEC: 0,
  UNICAST: 1,
  LOCAL: 2,
  BROADCAST: 3,
  ANYCAST: 4,
  MULTICAST: 5,
  BLACKHOLE: 6,
  UNREACHABLE: 7,
  PROHIBIT: 8,
  THROW: 9,
  NAT: 10,
  XRESOLVE: 11,
} as const;
export type AddrTypeName = keyof typeof AddrType;

export type Match =
  | {
      kind: 'tcp' | 'udp';
      sport?: PortRange & { inv: boolean };
      dport?: PortRange & { inv: boolean };
    }
  | {
      kind: 'icmp';
      /** 255 = `any`. */
      type: number;
      /** Code range; [0, 255] when only a type was given. */
      codeLo: number;
      codeHi: number;
      inv: boolean;
    }
  | { kind: 'conntrack'; states: number; inv: boolean }
  | { kind: 'state'; states: number; inv: boolean }
  | {
      kind: 'addrtype';
      src?: { types: number; inv: boolean };
      dst?: { types: number; inv: boolean };
      limitIn: boolean;
      limitOut: boolean;
    }
  | { kind: 'comment'; text: string }
  /** xt_mark: (skb mark & mask) == value; the lab never marks packets, so the mark is 0. */
  | { kind: 'mark'; value: number; mask: number; inv: boolean }
  | {
      kind: 'multiport';
      dir: 'src' | 'dst' | 'any';
      ports: PortRange[];
      inv: boolean;
    };

export type RejectWith =
  | 'icmp-net-unreachable'
  | 'icmp-host-unreachable'
  | 'icmp-port-unreachable'
  | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited'
  | 'icmp-host-prohibited'
  | 'icmp-admin-prohibited'
  | 'tcp-reset';

/** A NAT range as `--to-source`/`--to-destination` give it. */
export interface NatRange {
  /** Address range; absent for MASQUERADE (the out device's address). */
  addrLo?: Ipv4;
  addrHi?: Ipv4;
  /** Port range; absent when the port is kept. */
  portLo?: number;
  portHi?: number;
}

export type Target =
  | { kind: 'none' }
  | { kind: 'ACCEPT' }
  | { kind: 'DROP' }
  | { kind: 'RETURN' }
  | { kind: 'jump'; chain: string }
  | { kind: 'REJECT'; with: RejectWith }
  | { kind: 'LOG'; prefix?: string; level: number }
  | { kind: 'MASQUERADE'; range: NatRange; random: boolean; randomFully: boolean }
  | { kind: 'SNAT'; range: NatRange; random: boolean; randomFully: boolean }
  | { kind: 'DNAT'; range: NatRange; random: boolean };

export interface Counters {
  packets: number;
  bytes: number;
}

export interface Rule {
  src?: AddrMatch;
  dst?: AddrMatch;
  inIface?: IfaceMatch;
  outIface?: IfaceMatch;
  /** Protocol number (0 = all) and its inversion. */
  proto?: { num: number; inv: boolean };
  matches: Match[];
  target: Target;
  counters: Counters;
}

export type TableName = 'filter' | 'nat' | 'mangle' | 'raw';
export type HookName = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

export interface Chain {
  name: string;
  /** Built-in chains have a policy (and a hook); user chains do not. */
  policy?: 'ACCEPT' | 'DROP';
  policyCounters: Counters;
  rules: Rule[];
  /**
   * iptables-nft creates a built-in chain (and hooks it) only when a command first uses it;
   * until then packets do not traverse it at all. Listings still show it.
   */
  hooked: boolean;
  /** iptables-nft gives a built-in chain a policy counter only once `-P` was used on it. */
  policyCounted: boolean;
}

/** Built-in chains of each table, in the order iptables lists them. */
export const BUILTIN_CHAINS: Record<TableName, readonly HookName[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};

export const TABLE_NAMES: readonly TableName[] = ['filter', 'nat', 'mangle', 'raw'];

export function isBuiltinChain(table: TableName, chain: string): chain is HookName {
  return (BUILTIN_CHAINS[table] as readonly string[]).includes(chain);
}
