/**
 * How flanneld's traffic manager changes netfilter: go-iptables runs `iptables` with an argument
 * list, so a rule is kept as argv (its comments hold spaces: `--comment "flanneld masq"`) and
 * parsed by the same parser the `iptables` command uses. Only what flannel issues: -N, -P, -A.
 */
import type { Target } from '../../kernel/netfilter';
import type { Netns } from '../../kernel/netns';
import {
  EXTENSION_TARGETS,
  parseIptables,
  STANDARD_TARGETS,
} from '../../shell/commands/iptables/parse';

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
  else if (!STANDARD_TARGETS.has(j) && !EXTENSION_TARGETS.has(j)) {
    target = { kind: 'jump', chain: j };
  }
  let ok = false;
  if (a.command === 'N') ok = nf.newChain(a.table, chain).ok;
  else if (a.command === 'P')
    ok = nf.setPolicy(a.table, chain, a.policy === 'DROP' ? 'DROP' : 'ACCEPT').ok;
  else if (a.command === 'A') {
    ok = nf.insert(a.table, chain, {
      ...a.spec.rule,
      target,
      counters: { packets: 0, bytes: 0 },
    }).ok;
  }
  return ok ? undefined : `iptables ${argv.join(' ')}: failed`;
}
