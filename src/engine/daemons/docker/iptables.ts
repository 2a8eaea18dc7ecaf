/**
 * How dockerd changes netfilter: it runs `iptables` with argument lists (libnetwork
 * iptables.Raw), so the daemon keeps its rules as that text and hands each line to the same
 * parser the `iptables` command uses, then to the namespace's table API. Only what Docker
 * issues is supported: -N, -A, -I, -D (by rule text), -P, with `-t nat|filter`.
 */

import type { Target } from '../../kernel/netfilter';
import type { Netns } from '../../kernel/netns';
import { ruleSpec } from '../../shell/commands/iptables/format';
import {
  EXTENSION_TARGETS,
  parseIptables,
  STANDARD_TARGETS,
} from '../../shell/commands/iptables/parse';

/**
 * Apply one iptables command line (without the leading `iptables`). Returns undefined on
 * success, or the reason it failed (a bug in dockerd's rule text, or a rule already gone).
 */
export function iptablesApply(ns: Netns, line: string): string | undefined {
  const argv = line.trim().split(/\s+/);
  const parsed = parseIptables(argv);
  if (!parsed.ok) return parsed.error.text.trim();
  const a = parsed.value;
  const nf = ns.netfilter;
  const chain = a.chain ?? '';
  const j = a.spec.jump;
  let target: Target = a.spec.target;
  if (j === undefined) target = { kind: 'none' };
  else if (!STANDARD_TARGETS.has(j) && !EXTENSION_TARGETS.has(j))
    target = { kind: 'jump', chain: j };
  const rule = { ...a.spec.rule, target, counters: { packets: 0, bytes: 0 } };
  let r: { ok: boolean } = { ok: true };
  switch (a.command) {
    case 'N':
      r = nf.newChain(a.table, chain);
      break;
    case 'P':
      r = nf.setPolicy(a.table, chain, a.policy === 'DROP' ? 'DROP' : 'ACCEPT');
      break;
    case 'A':
      r = nf.insert(a.table, chain, rule);
      break;
    case 'I':
      r = nf.insert(a.table, chain, rule, a.rulenum ?? 1);
      break;
    case 'D': {
      const want = ruleSpec(rule);
      const idx = nf.chain(a.table, chain)?.rules.findIndex((x) => ruleSpec(x) === want) ?? -1;
      r = idx < 0 ? { ok: false } : nf.deleteAt(a.table, chain, idx + 1);
      break;
    }
    default:
      return `dockerd: unsupported iptables command: ${line}`;
  }
  return r.ok ? undefined : `iptables ${line}: failed`;
}
