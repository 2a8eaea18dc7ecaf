/**
 * The recorded trace as the UI reads it (architecture rule 3: the UI animates from the trace
 * alone). Pure and engine-free: a bounded list of {@link TraceEvent}s, grouped into
 *
 * - **flows**: what one command caused. A packet joins the flow of the packet it points at
 *   (`parentId`: an encapsulation, a decapsulation, a reply, an ICMP error); an ARP request joins
 *   the packet whose `neigh.resolve` queued it just before [1]; a packet with neither joins the
 *   flow of the same conversation (ICMP echo id, or UDP/TCP addresses and ports) [2].
 * - **legs**: one direction of a flow. A packet is on its parent's leg unless it is a reply
 *   (`icmp.reply`, `arp.reply`, `icmp.error`, a REJECT): an encapsulated packet and the packet it
 *   carries are one leg, so user/kernel crossings are counted per packet per direction (C08).
 *
 * Replay only re-reads these events; it never re-runs the engine.
 */
import type { TraceEvent } from '../engine/api/types';
import type { decodeStack, Layer, summarize } from '../engine/wire/decode';

/** The frame decoder the recorder labels and groups packets with (`engine/wire/decode`). */
export interface FrameDecoder {
  decodeStack: typeof decodeStack;
  summarize: typeof summarize;
}

/** At most this many events are kept; older ones are dropped first (with a notice). */
export const TRACE_LIMIT = 20_000;

/** Hooks that start a packet answering another (a new leg, the other direction). */
const REPLY_HOOKS: ReadonlySet<string> = new Set([
  'icmp.reply',
  'icmp.error',
  'arp.reply',
  'netfilter.reject',
]);

/** What an encapsulated packet shows on its token: the outer header it gained. */
export type OuterBadge = 'VXLAN' | 'UDP';

export interface FlowSummary {
  /** The flow's id: its first packet's id. */
  id: number;
  /** tcpdump-style line of the flow's first frame (or the first step's detail). */
  label: string;
  /** Number of kept events. */
  steps: number;
  drops: number;
  firstT: number;
  lastT: number;
  machines: string[];
}

/** An immutable snapshot of the recorded trace, as the store holds it. */
export interface TraceData {
  /** Kept events, oldest first. */
  events: readonly TraceEvent[];
  /** How many older events were dropped to stay within {@link TRACE_LIMIT}. */
  dropped: number;
  /** Flow id of each packet. */
  flowOf: ReadonlyMap<number, number>;
  /** Leg id (the leg's first packet) of each packet. */
  legOf: ReadonlyMap<number, number>;
  /** Packets that are an outer (encapsulating) packet, with the header they added. */
  outer: ReadonlyMap<number, OuterBadge>;
  /** Flows in order of their first packet. */
  flows: readonly FlowSummary[];
  /** One-line summary of each packet's first frame. */
  packetLabel: ReadonlyMap<number, string>;
}

export const EMPTY_TRACE: TraceData = {
  events: [],
  dropped: 0,
  flowOf: new Map(),
  legOf: new Map(),
  outer: new Map(),
  flows: [],
  packetLabel: new Map(),
};

/** Union-find over packet ids; the smaller id is the root, so ids are stable and deterministic. */
class PacketSets {
  private readonly parent = new Map<number, number>();

  find(x: number): number {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) {
      root = p;
    }
    // Path compression.
    for (let y = x; y !== root; ) {
      const next = this.parent.get(y) ?? root;
      this.parent.set(y, root);
      y = next;
    }
    return root;
  }

  add(x: number): void {
    if (!this.parent.has(x)) this.parent.set(x, x);
  }

  union(a: number, b: number): void {
    this.add(a);
    this.add(b);
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }
}

/** A conversation key for a frame (both directions alike), or null when it has none. */
export function conversationKey(layers: readonly Layer[]): string | null {
  const field = (layer: string, name: string) =>
    layers.find((l) => l.name === layer)?.fields.find((f) => f.name === name)?.value;
  const src = field('IPv4', 'ip.src');
  const dst = field('IPv4', 'ip.dst');
  if (src === undefined || dst === undefined) return null;
  const [a, b] = [String(src), String(dst)].sort();
  const icmpType = field('ICMP', 'icmp.type');
  if (icmpType === 8 || icmpType === 0) {
    return `icmp ${a} ${b} id ${field('ICMP', 'icmp.ident')}`;
  }
  for (const proto of ['UDP', 'TCP'] as const) {
    const p = proto.toLowerCase();
    const sp = field(proto, `${p}.srcport`);
    const dp = field(proto, `${p}.dstport`);
    if (sp !== undefined && dp !== undefined) {
      const ends = [`${src}:${sp}`, `${dst}:${dp}`].sort();
      return `${p} ${ends[0]} ${ends[1]}`;
    }
  }
  return null;
}

const placeOf = (e: TraceEvent) => `${e.machine}\u0000${e.netns}\u0000${e.device ?? ''}`;

/**
 * Records trace batches and answers with a fresh {@link TraceData} after each. The grouping
 * state (union-find, conversation keys) lives here; the snapshot it returns is plain data.
 */
export class TraceRecorder {
  private events: TraceEvent[] = [];
  private dropped = 0;
  private flows = new PacketSets();
  private legs = new PacketSets();
  /** Packets already joined to another by a link (parent or queued ARP): no conversation key. */
  private linked = new Set<number>();
  private keyed = new Set<number>();
  private conversations = new Map<string, number>();
  private outer = new Map<number, OuterBadge>();
  private labels = new Map<number, string>();
  private seen = new Set<number>();
  private last: TraceEvent | undefined;
  private readonly limit: number;
  private readonly decoder: FrameDecoder;

  constructor(decoder: FrameDecoder, limit = TRACE_LIMIT) {
    this.decoder = decoder;
    this.limit = limit;
  }

  reset(): TraceData {
    this.events = [];
    this.dropped = 0;
    this.flows = new PacketSets();
    this.legs = new PacketSets();
    this.linked.clear();
    this.keyed.clear();
    this.conversations.clear();
    this.outer.clear();
    this.labels.clear();
    this.seen.clear();
    this.last = undefined;
    return EMPTY_TRACE;
  }

  add(batch: readonly TraceEvent[]): TraceData {
    for (const e of batch) this.note(e);
    const all = this.events.concat(batch);
    const over = all.length - this.limit;
    if (over > 0) {
      this.dropped += over;
      this.events = all.slice(over);
    } else {
      this.events = all;
    }
    return this.snapshot();
  }

  private note(e: TraceEvent): void {
    const p = e.packetId;
    const isNew = !this.seen.has(p);
    this.seen.add(p);
    this.flows.add(p);
    this.legs.add(p);
    if (e.parentId !== undefined && e.parentId !== p) {
      this.flows.union(p, e.parentId);
      this.linked.add(p);
      if (!REPLY_HOOKS.has(e.hook)) this.legs.union(p, e.parentId);
      if (e.hook === 'vxlan.encap') this.outer.set(p, 'VXLAN');
      else if (e.hook === 'udp.send') this.outer.set(p, 'UDP');
    } else if (
      isNew &&
      e.hook === 'arp.request' &&
      this.last?.hook === 'neigh.resolve' &&
      this.last.verdict === 'consume' &&
      placeOf(this.last) === placeOf(e)
    ) {
      // [1] The packet that waits for this answer caused the request.
      this.flows.union(p, this.last.packetId);
      this.linked.add(p);
    }
    if (e.frame && e.linktype && !this.keyed.has(p)) {
      this.keyed.add(p);
      this.labels.set(p, this.decoder.summarize(e.frame, e.linktype));
      if (!this.linked.has(p)) {
        const key = conversationKey(this.decoder.decodeStack(e.frame, e.linktype));
        if (key !== null) {
          const other = this.conversations.get(key);
          if (other === undefined) this.conversations.set(key, p);
          else this.flows.union(p, other);
        }
      }
    }
    this.last = e;
  }

  snapshot(): TraceData {
    const flowOf = new Map<number, number>();
    const legOf = new Map<number, number>();
    const summaries = new Map<number, FlowSummary & { hosts: Set<string> }>();
    for (const e of this.events) {
      let flow = flowOf.get(e.packetId);
      if (flow === undefined) {
        flow = this.flows.find(e.packetId);
        flowOf.set(e.packetId, flow);
        legOf.set(e.packetId, this.legs.find(e.packetId));
      }
      let s = summaries.get(flow);
      if (!s) {
        s = {
          id: flow,
          label: '',
          steps: 0,
          drops: 0,
          firstT: e.t,
          lastT: e.t,
          machines: [],
          hosts: new Set(),
        };
        summaries.set(flow, s);
      }
      s.steps++;
      if (e.verdict === 'drop') s.drops++;
      s.lastT = e.t;
      s.hosts.add(e.machine);
      if (s.label === '') s.label = this.labels.get(flow) ?? '';
    }
    const flows = [...summaries.values()]
      .sort((a, b) => a.id - b.id)
      .map(({ hosts, ...s }) => ({
        ...s,
        label: s.label || this.labels.get(s.id) || firstDetail(this.events, flowOf, s.id),
        machines: [...hosts],
      }));
    return {
      events: this.events,
      dropped: this.dropped,
      flowOf,
      legOf,
      outer: new Map(this.outer),
      flows,
      packetLabel: new Map(this.labels),
    };
  }
}

function firstDetail(
  events: readonly TraceEvent[],
  flowOf: ReadonlyMap<number, number>,
  flow: number,
): string {
  const e = events.find((x) => flowOf.get(x.packetId) === flow);
  return e ? `${e.hook}: ${e.detail}` : '';
}

let cache: { trace: TraceData; flow: number | null; events: readonly TraceEvent[] } | null = null;

/** The kept events of one flow, oldest first (memoised for the last trace and flow asked). */
const NO_EVENTS: readonly TraceEvent[] = [];

export function flowEvents(trace: TraceData, flow: number | null): readonly TraceEvent[] {
  if (flow === null) return NO_EVENTS;
  if (cache && cache.trace === trace && cache.flow === flow) return cache.events;
  const events = trace.events.filter((e) => trace.flowOf.get(e.packetId) === flow);
  cache = { trace, flow, events };
  return events;
}

export interface HostCrossings {
  machine: string;
  crossings: number;
}

export interface LegCrossings {
  /** The leg's first packet. */
  leg: number;
  label: string;
  hosts: HostCrossings[];
  /** A process took part (some step in user space). */
  user: boolean;
}

/**
 * User/kernel crossings of each leg, per host: the times the space changes between consecutive
 * events of the same machine on that leg. A ping over VXLAN counts 1 on the sender (the ping
 * process's own `sendto`); over flannel UDP it counts 3 (C08: ping → kernel, TUN → flanneld,
 * flanneld → kernel).
 */
export function legCrossings(
  events: readonly TraceEvent[],
  legOf: ReadonlyMap<number, number>,
  packetLabel: ReadonlyMap<number, string> = new Map(),
): LegCrossings[] {
  const legs = new Map<
    number,
    { order: string[]; last: Map<string, string>; n: Map<string, number>; user: boolean }
  >();
  for (const e of events) {
    const leg = legOf.get(e.packetId) ?? e.packetId;
    let l = legs.get(leg);
    if (!l) {
      l = { order: [], last: new Map(), n: new Map(), user: false };
      legs.set(leg, l);
    }
    const before = l.last.get(e.machine);
    if (before === undefined) {
      l.order.push(e.machine);
      l.n.set(e.machine, 0);
    } else if (before !== e.space) {
      l.n.set(e.machine, (l.n.get(e.machine) ?? 0) + 1);
    }
    l.last.set(e.machine, e.space);
    if (e.space === 'user') l.user = true;
  }
  return [...legs.entries()].map(([leg, l]) => ({
    leg,
    label: packetLabel.get(leg) ?? '',
    hosts: l.order.map((machine) => ({ machine, crossings: l.n.get(machine) ?? 0 })),
    user: l.user,
  }));
}

/** Crossings per host over a whole flow (the sum of its legs). */
export function flowCrossings(legs: readonly LegCrossings[]): HostCrossings[] {
  const total = new Map<string, number>();
  for (const l of legs) {
    for (const h of l.hosts) total.set(h.machine, (total.get(h.machine) ?? 0) + h.crossings);
  }
  return [...total.entries()].map(([machine, crossings]) => ({ machine, crossings }));
}

// [1] The engine gives an ARP request no parentId (it is not carried by the packet); the trace
//     shows the cause instead: `neigh.resolve … consume queued` at the same device, immediately
//     before `arp.request emit`.
// [2] A ping's next echo request is a new packet with no parent; its ICMP id ties it to the
//     same `ping` command.

/** Playback speeds offered by the timeline. */
export const PLAYBACK_SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

/**
 * How long a step lasts while playing, in ms: a step that carries a frame (a device sent or
 * received it: the token travels a link) takes longer than a lookup.
 */
export function stepDurationMs(e: TraceEvent | undefined, speed: number): number {
  const base = e?.frame ? 900 : 380;
  return base / (speed > 0 ? speed : 1);
}
