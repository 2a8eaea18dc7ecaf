/**
 * Plain data that crosses the engine boundary (worker ⇄ UI, engine ⇄ CLI).
 * Everything here is structured-clone safe: no classes, no functions.
 */

/** Virtual time in integer microseconds since the lab started. */
export type Micros = number;

/** A terminal session: one shell on one machine (and one netns on it). */
export type SessionId = string;
/** One command line being run in a session. */
export type ExecId = number;

/** Where a session's shell runs: a machine, and optionally a named netns on it. */
export interface Target {
  machine: string;
  netns?: string;
}

/** One step of a scenario: a command line, run on a machine (or `lab` for topology changes). */
export interface ScenarioStep {
  /** A machine name, or 'lab' for the commands that create machines, segments and cables. */
  on: string;
  /** Run inside this named netns of the machine (as `ip netns exec NS …` would). */
  netns?: string;
  line: string;
}

export interface NodePosition {
  x: number;
  y: number;
}

/** A scenario is an ordered list of commands plus the canvas layout (architecture rule 1). */
export interface Scenario {
  format: 'cnlab-scenario';
  version: 1;
  title: string;
  /** Seed of the lab's RNG: same scenario + same seed = same bytes, output and trace. */
  seed: number;
  steps: ScenarioStep[];
  /** Canvas positions by view node id. The engine stores and returns them, never reads them. */
  layout: Record<string, NodePosition>;
}

export type LoadResult =
  | { ok: true; view: TopologyView }
  | { ok: false; error: string; step?: number };

export type MachineKind = 'host' | 'router';

export interface MachineView {
  id: string;
  name: string;
  kind: MachineKind;
  hostname: string;
  /** Named network namespaces (the root netns is not listed). */
  netns: string[];
  /**
   * Every namespace with its devices: the root one first (name null), then the named ones, then
   * the containers' unnamed ones (name `container:NAME`, field `container` set).
   */
  namespaces: NetnsView[];
  /** net.ipv4.ip_forward of the root namespace. */
  ipForward: boolean;
  /** The daemons running on it (`dockerd`, `etcd`, `flanneld`, `bird`), when there are any. */
  daemons?: string[];
}

export interface NetnsView {
  /** Null for the machine's root namespace; `container:NAME` for a container's unnamed one. */
  name: string | null;
  /** Set for a container's namespace (not under /run/netns): the container's name. */
  container?: string;
  devices: DeviceView[];
  ipForward: boolean;
}

export type DeviceKindView = 'loopback' | 'nic' | 'veth' | 'bridge' | 'dummy' | 'tun' | 'vxlan';

export interface DeviceView {
  /** Unique in the lab: `dev:<machine>:<netns or ->:<name>`. */
  id: string;
  ifindex: number;
  name: string;
  kind: DeviceKindView;
  mac: string;
  mtu: number;
  /** Administratively up (IFF_UP). */
  up: boolean;
  /** Has a link (carrier). */
  carrier: boolean;
  operstate: 'UNKNOWN' | 'DOWN' | 'LOWERLAYERDOWN' | 'UP';
  /** IPv4 addresses as `A.B.C.D/LEN`. */
  addrs: string[];
  /** The bridge this device is a port of. */
  master?: string;
  /** A veth's other end, by device id (it may be in another namespace). */
  peer?: string;
  /** VXLAN parameters, shown on the device. */
  vni?: number;
}

export interface SegmentView {
  id: string;
  name: string;
}

/** A cable between a machine's interface and an L2 segment. */
export interface CableView {
  id: string;
  machine: string;
  ifname: string;
  segment: string;
}

/** What the canvas draws. Derived from engine state; the store keeps only this. */
export interface TopologyView {
  title: string;
  machines: MachineView[];
  segments: SegmentView[];
  cables: CableView[];
  layout: Record<string, NodePosition>;
}

/** One thing the stack did to a packet (architecture rule 3). */
export interface TraceEvent {
  t: Micros;
  packetId: number;
  parentId?: number;
  machine: string;
  netns: string;
  device?: string;
  layer: 'link' | 'network' | 'transport' | 'app';
  space: 'kernel' | 'user';
  hook: string;
  verdict: 'pass' | 'drop' | 'consume' | 'emit';
  detail: string;
  /** The frame as it crossed a device (dev.xmit / dev.rcv), for the packet inspector. */
  frame?: Uint8Array;
  /** How to decode `frame`: Ethernet, or a raw IP packet (TUN devices). */
  linktype?: 'ethernet' | 'raw';
}

export type LabEvent =
  | { kind: 'output'; exec: ExecId; session: SessionId; stream: 'stdout' | 'stderr'; data: string }
  | { kind: 'exit'; exec: ExecId; session: SessionId; code: number }
  | { kind: 'trace'; events: TraceEvent[] }
  | { kind: 'topology'; view: TopologyView }
  | { kind: 'clock'; now: Micros }
  /** Something the student should know that no command printed (e.g. a broadcast storm). */
  | { kind: 'notice'; level: 'info' | 'warning'; text: string };

/** Events arrive in batches, one batch per engine step, never one callback per packet. */
export type LabListener = (batch: LabEvent[]) => void;
export type Unsubscribe = () => void;

export type Signal = 'INT' | 'TERM' | 'KILL' | 'HUP';

/** The result of running one line to completion (helpers for the CLI and tests). */
export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}
