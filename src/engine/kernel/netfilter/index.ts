/**
 * Netfilter for one network namespace: iptables tables (tables.ts, rule.ts), rule matching
 * (match.ts), connection tracking (conntrack.ts), NAT (nat.ts), REJECT replies (reject.ts)
 * and the hook entry point the packet path calls (hooks.ts: `nfHook`, `nfActive`).
 */
export * from './conntrack';
export * from './hooks';
export * from './match';
export * from './nat';
export * from './packet';
export * from './reject';
export * from './rule';
export * from './tables';
