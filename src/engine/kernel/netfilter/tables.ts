/**
 * The netfilter state of one network namespace: the iptables tables (filter, nat, and mangle
 * and raw kept for listing) and the conntrack table, with the operations `iptables` performs.
 *
 * Semantics are those of iptables-nft 1.8.9 on Linux 6.x, which differ from iptables-legacy
 * in ways users see: a table exists only after the first command that writes to it (so
 * `iptables-save` of a fresh namespace prints nothing), a built-in chain is created (and its
 * hook registered) only when first used, and its policy counter counts only after `-P`.
 * Conntrack runs in a namespace only while some rule needs it (a NAT target or a
 * `conntrack`/`state` match), as nf_ct_netns_get/put do.
 *
 * Errors are values: an errno-like code the `iptables` command turns into its message.
 */
import type { Netns } from '../netns';
import { Conntrack } from './conntrack';
import {
  BUILTIN_CHAINS,
  type Chain,
  type HookName,
  isBuiltinChain,
  type Rule,
  type TableName,
} from './rule';

export type NfErrno =
  /** No chain/target/match by that name. */
  | 'ENOENT'
  /** Chain already exists (also -E onto an existing name: `File exists`). */
  | 'EEXIST'
  /** Chain still referenced or not empty (CHAIN_DEL failed). */
  | 'EBUSY'
  /** The rule would make a jump loop reachable from a built-in chain. */
  | 'ELOOP'
  /** The kernel refuses the rule (target not valid in this table/chain). */
  | 'EINVAL'
  /** Rule number past the end (Index of insertion/deletion/replacement too big). */
  | 'E2BIG'
  /** -P with a user chain. */
  | 'ENOTBUILTIN';

export type NfResult<T = undefined> =
  | { ok: true; value: T }
  | { ok: false; errno: NfErrno /** The chain a batch failed on. */; chain?: string };

const OK: NfResult = { ok: true, value: undefined };

function nferr(errno: NfErrno): { ok: false; errno: NfErrno } {
  return { ok: false, errno };
}

export class NfTable {
  readonly name: TableName;
  /** Built-in chains first (in their fixed order), then user chains in creation order. */
  readonly chains = new Map<string, Chain>();

  constructor(name: TableName) {
    this.name = name;
    for (const c of BUILTIN_CHAINS[name]) {
      this.chains.set(c, {
        name: c,
        policy: 'ACCEPT',
        policyCounters: { packets: 0, bytes: 0 },
        rules: [],
        hooked: false,
        policyCounted: false,
      });
    }
  }

  /** User chains sorted by name, as iptables-nft lists them. */
  userChains(): Chain[] {
    return [...this.chains.values()]
      .filter((c) => c.policy === undefined)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  builtinChains(): Chain[] {
    return BUILTIN_CHAINS[this.name].map((n) => this.chains.get(n) as Chain);
  }

  /** Number of rules in this table that jump to `chain`. */
  references(chain: string): number {
    let n = 0;
    for (const c of this.chains.values())
      for (const r of c.rules) if (r.target.kind === 'jump' && r.target.chain === chain) n++;
    return n;
  }
}

/** Order in which iptables-save prints tables (the nft backend's table array). */
export const SAVE_ORDER: readonly TableName[] = ['mangle', 'raw', 'filter', 'nat'];

export class Netfilter {
  readonly ns: Netns;
  readonly conntrack = new Conntrack();
  private tables = new Map<TableName, NfTable>();
  /** True while some table has a hooked chain: the hooks have work to do. */
  active = false;
  /** True while a rule needs connection tracking. */
  ctEnabled = false;

  private lastGc = 0;

  constructor(ns: Netns) {
    this.ns = ns;
  }

  /** Expires conntrack entries at most once per virtual second (the kernel's gc worker). */
  maybeGc(now: number): void {
    if (now - this.lastGc < 1_000_000) return;
    this.lastGc = now;
    this.conntrack.gc(now);
  }

  /** The table if some command created it. */
  table(name: TableName): NfTable | undefined {
    return this.tables.get(name);
  }

  /** The table for listing: a fresh empty one when it does not exist (nothing is created). */
  view(name: TableName): NfTable {
    return this.tables.get(name) ?? new NfTable(name);
  }

  /** Existing tables in iptables-save order. */
  existing(): NfTable[] {
    return SAVE_ORDER.flatMap((n) => this.tables.get(n) ?? []);
  }

  private ensure(name: TableName): NfTable {
    let t = this.tables.get(name);
    if (!t) {
      t = new NfTable(name);
      this.tables.set(name, t);
    }
    return t;
  }

  /** Looks up a chain without creating anything. */
  chain(table: TableName, name: string): Chain | undefined {
    return this.view(table).chains.get(name);
  }

  newChain(table: TableName, name: string): NfResult {
    const t = this.ensure(table);
    if (t.chains.has(name)) return nferr('EEXIST');
    t.chains.set(name, {
      name,
      policyCounters: { packets: 0, bytes: 0 },
      rules: [],
      hooked: false,
      policyCounted: false,
    });
    return OK;
  }

  /** -X CHAIN, or every user chain when `name` is undefined (stops at the first busy one). */
  deleteChain(table: TableName, name?: string): NfResult {
    const t = this.tables.get(table);
    if (name === undefined) {
      if (!t) return OK;
      // One nft batch: a chain that still has rules or jumps to it fails the whole batch.
      const users = t.userChains();
      for (const c of users) {
        if (c.rules.length > 0 || t.references(c.name) > 0)
          return { ok: false, errno: 'EBUSY', chain: c.name };
      }
      for (const c of users) t.chains.delete(c.name);
      this.changed();
      return OK;
    }
    const c = t?.chains.get(name);
    if (!t || !c) return nferr('ENOENT');
    if (c.policy !== undefined || t.references(name) > 0 || c.rules.length > 0)
      return nferr('EBUSY');
    t.chains.delete(name);
    this.changed();
    return OK;
  }

  /** -E OLD NEW: renames a user chain and every jump to it. */
  renameChain(table: TableName, from: string, to: string): NfResult {
    const t = this.tables.get(table);
    const c = t?.chains.get(from);
    if (!t || !c || c.policy !== undefined) return nferr('ENOENT');
    if (t.chains.has(to)) return nferr('EEXIST');
    t.chains.delete(from);
    c.name = to;
    t.chains.set(to, c);
    for (const ch of t.chains.values())
      for (const r of ch.rules)
        if (r.target.kind === 'jump' && r.target.chain === from)
          r.target = { kind: 'jump', chain: to };
    return OK;
  }

  /** -F [CHAIN]. */
  flush(table: TableName, name?: string): NfResult {
    const t = this.tables.get(table);
    if (name === undefined) {
      for (const c of t?.chains.values() ?? []) c.rules = [];
      this.changed();
      return OK;
    }
    if (!this.view(table).chains.has(name)) return nferr('ENOENT');
    const c = t?.chains.get(name);
    if (c) c.rules = [];
    this.changed();
    return OK;
  }

  /** -Z [CHAIN [RULENUM]]. */
  zero(table: TableName, name?: string, rulenum?: number): NfResult {
    const t = this.tables.get(table);
    const zeroChain = (c: Chain) => {
      c.policyCounters = { packets: 0, bytes: 0 };
      for (const r of c.rules) r.counters = { packets: 0, bytes: 0 };
    };
    if (name === undefined) {
      for (const c of t?.chains.values() ?? []) zeroChain(c);
      return OK;
    }
    if (!this.view(table).chains.has(name)) return nferr('ENOENT');
    const c = t?.chains.get(name);
    if (!c) return rulenum === undefined ? OK : nferr('E2BIG');
    if (rulenum === undefined) zeroChain(c);
    else {
      const r = c.rules[rulenum - 1];
      if (!r) return nferr('E2BIG');
      r.counters = { packets: 0, bytes: 0 };
    }
    return OK;
  }

  /** -P CHAIN POLICY. */
  setPolicy(table: TableName, name: string, policy: 'ACCEPT' | 'DROP'): NfResult {
    if (!isBuiltinChain(table, name)) {
      return this.view(table).chains.has(name) ? nferr('ENOTBUILTIN') : nferr('ENOENT');
    }
    const c = this.ensure(table).chains.get(name) as Chain;
    c.policy = policy;
    c.hooked = true;
    c.policyCounted = true;
    this.changed();
    return OK;
  }

  /** -A / -I N: inserts `rule` before position `pos` (1-based; length + 1 appends). */
  insert(table: TableName, name: string, rule: Rule, pos?: number): NfResult {
    const exists = this.view(table).chains.get(name);
    if (!exists) return nferr('ENOENT');
    const check = this.checkRule(table, name, rule);
    if (!check.ok) return check;
    const c = this.ensure(table).chains.get(name) as Chain;
    const at = pos === undefined ? c.rules.length : pos - 1;
    if (at > c.rules.length) return nferr('E2BIG');
    c.rules.splice(at, 0, rule);
    if (this.hasLoop(table)) {
      c.rules.splice(at, 1);
      return nferr('ELOOP');
    }
    if (c.policy !== undefined) c.hooked = true;
    this.changed();
    return OK;
  }

  /** -R CHAIN N. */
  replace(table: TableName, name: string, pos: number, rule: Rule): NfResult {
    const c = this.tables.get(table)?.chains.get(name);
    if (!c) return this.view(table).chains.has(name) ? nferr('E2BIG') : nferr('ENOENT');
    if (pos > c.rules.length) return nferr('E2BIG');
    const check = this.checkRule(table, name, rule);
    if (!check.ok) return check;
    const old = c.rules[pos - 1];
    c.rules[pos - 1] = rule;
    if (this.hasLoop(table)) {
      c.rules[pos - 1] = old;
      return nferr('ELOOP');
    }
    this.changed();
    return OK;
  }

  /** -D CHAIN N. */
  deleteAt(table: TableName, name: string, pos: number): NfResult {
    const c = this.tables.get(table)?.chains.get(name);
    if (!c) return this.view(table).chains.has(name) ? nferr('E2BIG') : nferr('ENOENT');
    if (pos > c.rules.length) return nferr('E2BIG');
    c.rules.splice(pos - 1, 1);
    this.changed();
    return OK;
  }

  /**
   * What the kernel's checkentry functions refuse: NAT targets outside their nat hooks,
   * REJECT in the nat table, tcp-reset without `-p tcp`.
   */
  private checkRule(table: TableName, chain: string, rule: Rule): NfResult {
    const tk = rule.target.kind;
    const builtin = isBuiltinChain(table, chain) ? chain : undefined;
    const natOnly = (hooks: readonly HookName[]): boolean =>
      table === 'nat' && (builtin === undefined || hooks.includes(builtin));
    if (tk === 'DNAT' && !natOnly(['PREROUTING', 'OUTPUT'])) return nferr('EINVAL');
    if (tk === 'SNAT' && !natOnly(['POSTROUTING', 'INPUT'])) return nferr('EINVAL');
    if (tk === 'MASQUERADE' && !natOnly(['POSTROUTING'])) return nferr('EINVAL');
    if (tk === 'REJECT') {
      if (table === 'nat') return nferr('EINVAL');
      if (rule.target.with === 'tcp-reset' && (rule.proto?.num !== 6 || rule.proto.inv))
        return nferr('EINVAL');
    }
    return OK;
  }

  /** True when a jump cycle is reachable from a built-in chain (nft refuses those: ELOOP). */
  private hasLoop(table: TableName): boolean {
    const t = this.tables.get(table);
    if (!t) return false;
    const state = new Map<string, 1 | 2>();
    const visit = (name: string): boolean => {
      const s = state.get(name);
      if (s === 1) return true;
      if (s === 2) return false;
      state.set(name, 1);
      for (const r of t.chains.get(name)?.rules ?? [])
        if (r.target.kind === 'jump' && visit(r.target.chain)) return true;
      state.set(name, 2);
      return false;
    };
    return BUILTIN_CHAINS[table].some((c) => visit(c));
  }

  /** Recomputes whether the hooks have work and whether conntrack must run. */
  changed(): void {
    let active = false;
    let ct = false;
    for (const t of this.tables.values()) {
      for (const c of t.chains.values()) {
        if (c.hooked) active = true;
        for (const r of c.rules) {
          const k = r.target.kind;
          if (k === 'MASQUERADE' || k === 'SNAT' || k === 'DNAT') ct = true;
          for (const m of r.matches) if (m.kind === 'conntrack' || m.kind === 'state') ct = true;
        }
      }
    }
    this.ctEnabled = ct;
    this.active = active || ct;
  }
}
