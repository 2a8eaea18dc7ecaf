/**
 * How daemons change netfilter: dockerd (libnetwork iptables.Raw) and flanneld (go-iptables)
 * both run `iptables` with an argument list. Each list goes through the parser the `iptables`
 * command uses, then to the namespace's table API. Only what those daemons issue is supported:
 * -N, -P, -A, -I, and -D by rule text.
 */
import type { Target } from '../kernel/netfilter';
import type { Netns } from '../kernel/netns';
import { ruleSpec } from '../shell/commands/iptables/format';
import {
  EXTENSION_TARGETS,
  parseIptables,
  STANDARD_TARGETS,
} from '../shell/commands/iptables/parse';

/** Apply one iptables argument list; undefined on success, else why it failed. */
export function iptablesArgv(ns: Netns, argv: string[]): string | undefined {
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
  let r: { ok: boolean };
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
      return `unsupported iptables command: ${argv.join(' ')}`;
  }
  return r.ok ? undefined : `iptables ${argv.join(' ')}: failed`;
}

/** The same for one command line as dockerd keeps it (no quoted words). */
export function iptablesLine(ns: Netns, line: string): string | undefined {
  return iptablesArgv(ns, line.trim().split(/\s+/));
}
