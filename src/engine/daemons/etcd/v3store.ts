/**
 * etcd's v3 key space (mvcc + lease in etcd 3.4), separate from the v2 store as in a real
 * member: a flat, byte-ordered key space with one revision counter (1 when empty; each put and
 * each delete that removes something makes a new one), per key create/mod revision and version,
 * leases whose expiry deletes their keys, and prefix/range watchers.
 *
 * Left out: history (reads at an older revision read the current state; compaction), txn,
 * auth, byte-exact ordering for non-ASCII keys (JS string order is used).
 */
export interface V3Kv {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
  lease: bigint;
}

export interface V3Event {
  type: 'PUT' | 'DELETE';
  kv: V3Kv;
}

export interface V3Lease {
  id: bigint;
  ttl: number;
  grantedTtl: number;
  expireAt: number;
  keys: Set<string>;
}

export interface V3Watcher {
  key: string;
  /** '' = the key only; '\0' = from key on (etcd's range_end conventions). */
  rangeEnd: string;
  deliver: (revision: number, events: V3Event[]) => void;
}

/** clientv3.GetPrefixRangeEnd. */
export function prefixRangeEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return '\0';
}

function inRange(key: string, start: string, end: string): boolean {
  if (end === '') return key === start;
  if (end === '\0') return key >= start;
  return key >= start && key < end;
}

export class V3Store {
  revision = 1;
  private readonly kvs = new Map<string, V3Kv>();
  readonly leases = new Map<bigint, V3Lease>();
  private readonly watchers = new Set<V3Watcher>();

  range(key: string, rangeEnd: string): V3Kv[] {
    return [...this.kvs.values()]
      .filter((kv) => inRange(kv.key, key, rangeEnd))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  /** Put; 'lease not found' when `lease` is unknown. */
  put(key: string, value: string, lease: bigint): V3Kv | 'lease not found' {
    if (lease !== 0n && !this.leases.has(lease)) return 'lease not found';
    const prev = this.kvs.get(key);
    if (prev && prev.lease !== 0n) this.leases.get(prev.lease)?.keys.delete(key);
    this.revision++;
    const kv: V3Kv = {
      key,
      value,
      createRevision: prev ? prev.createRevision : this.revision,
      modRevision: this.revision,
      version: prev ? prev.version + 1 : 1,
      lease,
    };
    this.kvs.set(key, kv);
    if (lease !== 0n) this.leases.get(lease)?.keys.add(key);
    this.emit([{ type: 'PUT', kv }]);
    return kv;
  }

  deleteRange(key: string, rangeEnd: string): V3Kv[] {
    const gone = this.range(key, rangeEnd);
    if (gone.length === 0) return gone;
    this.revision++;
    for (const kv of gone) {
      this.kvs.delete(kv.key);
      if (kv.lease !== 0n) this.leases.get(kv.lease)?.keys.delete(kv.key);
    }
    this.emit(
      gone.map((kv) => ({
        type: 'DELETE' as const,
        kv: {
          key: kv.key,
          value: '',
          createRevision: 0,
          modRevision: this.revision,
          version: 0,
          lease: 0n,
        },
      })),
    );
    return gone;
  }

  grant(id: bigint, ttl: number, now: number): V3Lease {
    const l: V3Lease = {
      id,
      ttl,
      grantedTtl: ttl,
      expireAt: now + ttl * 1_000_000,
      keys: new Set(),
    };
    this.leases.set(id, l);
    return l;
  }

  /** Revoke: the lease's keys are deleted in one revision. */
  revoke(id: bigint): boolean {
    const l = this.leases.get(id);
    if (!l) return false;
    this.leases.delete(id);
    const keys = [...l.keys].sort();
    if (keys.length === 0) return true;
    this.revision++;
    const rev = this.revision;
    for (const k of keys) this.kvs.delete(k);
    this.emit(
      keys.map((key) => ({
        type: 'DELETE' as const,
        kv: { key, value: '', createRevision: 0, modRevision: rev, version: 0, lease: 0n },
      })),
    );
    return true;
  }

  /** Leases past their expiry at `now` (the lessor revokes them). */
  expiredLeases(now: number): bigint[] {
    return [...this.leases.values()].filter((l) => l.expireAt <= now).map((l) => l.id);
  }

  nextLeaseExpiry(): number | undefined {
    let t: number | undefined;
    for (const l of this.leases.values()) if (t === undefined || l.expireAt < t) t = l.expireAt;
    return t;
  }

  watch(w: V3Watcher): () => void {
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  private emit(events: V3Event[]): void {
    for (const w of [...this.watchers]) {
      const mine = events.filter((e) => inRange(e.kv.key, w.key, w.rangeEnd));
      if (mine.length > 0) w.deliver(this.revision, mine);
    }
  }
}
