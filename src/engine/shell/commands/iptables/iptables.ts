/**
 * `iptables` and `iptables-save` from iptables 1.8.9 with the nf_tables backend, as Debian 12
 * ships them: the same output formats, messages and exit statuses (2 parameter problem,
 * 1 other problem, 3 unknown table, 4 kernel refused the nft batch). The state lives in the
 * namespace (kernel/netfilter/tables.ts); this file only translates argv and prints.
 *
 * Differences from the real tool (none in the formats): `-g`, `-f`, and extensions other
 * than tcp/udp/icmp/conntrack/state/addrtype/comment/multiport and ACCEPT/DROP/RETURN/REJECT/
 * LOG/MASQUERADE/SNAT/DNAT are refused with a "not simulated in cnlab" message; `-E` on a
 * built-in chain is refused (iptables-nft renames it and leaves a table it cannot list);
 * comma-separated address lists are not expanded. iptables-save dates come from the lab's
 * virtual clock (see labCtime).
 */

import {
  type Chain,
  isBuiltinChain,
  type NfResult,
  type Rule,
  type TableName,
  type Target,
} from '../../../kernel/netfilter';
import type { Netns } from '../../../kernel/netns';
import { type Command, type CommandContext, println } from '../../command';
import {
  chainTitle,
  type ListFormat,
  labCtime,
  listHeader,
  ruleLine,
  ruleRow,
  ruleSpec,
} from './format';
import {
  EXTENSION_TARGETS,
  type IptArgs,
  type IptError,
  PROG,
  paramProblem,
  parseIptables,
  STANDARD_TARGETS,
} from './parse';

const HELP_TEXT = `iptables v1.8.9 (nf_tables)

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -I chain [rulenum] rule-specification [options]
       iptables -R chain rulenum rule-specification [options]
       iptables -D chain rulenum [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -[NX] chain
       iptables -E old-chain-name new-chain-name
       iptables -P chain target [options]
       iptables -h (print this help information)

Commands:
Either long or short options are allowed.
  --append  -A chain		Append to chain
  --check   -C chain		Check for the existence of a rule
  --delete  -D chain		Delete matching rule from chain
  --delete  -D chain rulenum
				Delete rule rulenum (1 = first) from chain
  --insert  -I chain [rulenum]
				Insert in chain as rulenum (default 1=first)
  --replace -R chain rulenum
				Replace rule rulenum (1 = first) in chain
  --list    -L [chain [rulenum]]
				List the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
				Print the rules in a chain or all chains
  --flush   -F [chain]		Delete all rules in  chain or all chains
  --zero    -Z [chain [rulenum]]
				Zero counters in chain or all chains
  --new     -N chain		Create a new user-defined chain
  --delete-chain
            -X [chain]		Delete a user-defined chain
  --policy  -P chain target
				Change policy on chain to target
  --rename-chain
            -E old-chain new-chain
				Change chain name, (moving any references)

Options:
    --ipv4	-4		Nothing (line is ignored by ip6tables-restore)
    --ipv6	-6		Error (line is ignored by iptables-restore)
[!] --protocol	-p proto	protocol: by number or name, eg. \`tcp'
[!] --source	-s address[/mask][...]
				source specification
[!] --destination -d address[/mask][...]
				destination specification
[!] --in-interface -i input name[+]
				network interface name ([+] for wildcard)
 --jump	-j target
				target for rule (may load target extension)
  --goto      -g chain
			       jump to chain with no return
  --match	-m match
				extended match (may load extension)
  --numeric	-n		numeric output of addresses and ports
[!] --out-interface -o output name[+]
				network interface name ([+] for wildcard)
  --table	-t table	table to manipulate (default: \`filter')
  --verbose	-v		verbose mode
  --wait	-w [seconds]	maximum wait to acquire xtables lock before give up
  --line-numbers		print line numbers when listing
  --exact	-x		expand numbers (display exact values)
[!] --fragment	-f		match second or further fragments only
  --modprobe=<command>		try to insert modules using this command
  --set-counters -c PKTS BYTES	set the counter during insert/append
[!] --version	-V		print package version.
`;

/** nft_strerror-style one-liners (exit 1). */
function problem(ctx: CommandContext, msg: string): number {
  ctx.stderr.write(`iptables: ${msg}\n`);
  return 1;
}

function report(ctx: CommandContext, e: IptError): number {
  ctx.stderr.write(e.text);
  return e.code;
}

/** An nft batch the kernel refused (exit 4). */
function batchFailed(ctx: CommandContext, what: string, errno: string, obj: string): number {
  ctx.stderr.write(`${PROG}:  ${what} failed (${errno}): ${obj}\n`);
  return 4;
}

const ERRNO_TEXT: Record<string, string> = {
  EINVAL: 'Invalid argument',
  EBUSY: 'Device or resource busy',
  ELOOP: 'Too many links',
};

function ruleFromArgs(a: IptArgs, target: Target): Rule {
  return {
    ...a.spec.rule,
    matches: a.spec.rule.matches,
    target,
    counters: { ...a.spec.rule.counters },
  };
}

/** The rule's target, resolving a chain name against the table (`Chain 'X' does not exist`). */
function resolveTarget(a: IptArgs, ns: Netns): Target | IptError {
  const j = a.spec.jump;
  if (j === undefined) return { kind: 'none' };
  if (STANDARD_TARGETS.has(j) || EXTENSION_TARGETS.has(j)) return a.spec.target;
  const c = ns.netfilter.chain(a.table, j);
  if (!c || c.policy !== undefined) return paramProblem(`Chain '${j}' does not exist`);
  return { kind: 'jump', chain: j };
}

function runIptables(argv: string[], ctx: CommandContext): number {
  const ns = ctx.netns;
  if (!ns) return problem(ctx, 'not available in the lab console');
  const parsed = parseIptables(argv);
  if (!parsed.ok) return report(ctx, parsed.error);
  const a = parsed.value;
  if (a.version) {
    println(ctx, PROG);
    return 0;
  }
  if (a.help) {
    ctx.stdout.write(HELP_TEXT);
    return 0;
  }
  const nf = ns.netfilter;
  const t = a.table;
  const chain = a.chain as string;
  const fmt: ListFormat = {
    numeric: a.numeric,
    verbose: a.verbose,
    exact: a.exact,
    lineNumbers: a.lineNumbers,
  };
  switch (a.command) {
    case 'L':
    case 'S': {
      if (a.chain !== undefined && !nf.chain(t, a.chain)) {
        ctx.stderr.write(
          `${PROG}: chain \`${a.chain}' in table \`${t}' is incompatible, use 'nft' tool.\n`,
        );
        return 1;
      }
      const status = a.command === 'L' ? list(ctx, ns, a, fmt) : listRules(ctx, ns, a);
      if (status === 0 && a.zeroToo) {
        nf.zero(t, a.chain);
        if (a.chain !== undefined) println(ctx, `Zeroing chain \`${a.chain}'`);
      }
      return status;
    }
    case 'N': {
      const err = checkChainName(chain);
      if (err) return report(ctx, err);
      const r = nf.newChain(t, chain);
      if (!r.ok) return problem(ctx, 'Chain already exists.');
      ctx.world.changed();
      return 0;
    }
    case 'X': {
      const r = nf.deleteChain(t, a.chain);
      if (!r.ok) {
        if (r.errno === 'ENOENT') return problem(ctx, 'No chain/target/match by that name.');
        return batchFailed(ctx, 'CHAIN_DEL', ERRNO_TEXT.EBUSY, `chain ${r.chain ?? chain}`);
      }
      ctx.world.changed();
      return 0;
    }
    case 'E': {
      if (a.chain !== undefined && isBuiltinChain(t, a.chain))
        return report(ctx, paramProblem(`cannot rename built-in chain \`${a.chain}' in cnlab`));
      const err = checkChainName(a.newName as string);
      if (err) return report(ctx, err);
      const r = nf.renameChain(t, chain, a.newName as string);
      if (!r.ok)
        return problem(
          ctx,
          r.errno === 'EEXIST' ? 'File exists.' : 'No chain/target/match by that name.',
        );
      ctx.world.changed();
      return 0;
    }
    case 'F':
    case 'Z': {
      const r = a.command === 'F' ? nf.flush(t, a.chain) : nf.zero(t, a.chain, a.rulenum);
      if (!r.ok) {
        if (r.errno === 'E2BIG') return problem(ctx, 'Index of deletion too big.');
        return problem(ctx, 'No chain/target/match by that name.');
      }
      ctx.world.changed();
      return 0;
    }
    case 'P': {
      const pol = a.policy as string;
      if (pol !== 'ACCEPT' && pol !== 'DROP') {
        if (!nf.chain(t, chain)) return problem(ctx, 'No chain/target/match by that name.');
        if (!isBuiltinChain(t, chain)) return problem(ctx, 'Bad built-in chain name.');
        return problem(ctx, "Bad policy name. Run `dmesg' for more information.");
      }
      const r = nf.setPolicy(t, chain, pol);
      if (!r.ok) {
        return problem(
          ctx,
          r.errno === 'ENOTBUILTIN'
            ? 'Bad built-in chain name.'
            : 'No chain/target/match by that name.',
        );
      }
      if (a.counters) {
        const c = nf.chain(t, chain) as Chain;
        c.policyCounters = { packets: a.counters[0], bytes: a.counters[1] };
      }
      ctx.world.changed();
      return 0;
    }
    case 'A':
    case 'I':
    case 'R':
    case 'C':
    case 'D':
      return ruleCommand(ctx, ns, a);
    default:
      return report(ctx, paramProblem('no command specified'));
  }
}

/** iptables' chain name checks for -N and -E. */
function checkChainName(name: string): IptError | undefined {
  if (name.length >= 29)
    return paramProblem(`chain name \`${name}' too long (must be under 29 chars)`);
  if (name.startsWith('-') || name.startsWith('!'))
    return paramProblem("chain name not allowed to start with `-'");
  if (STANDARD_TARGETS.has(name) || EXTENSION_TARGETS.has(name))
    return paramProblem('chain name may not clash with target name');
  if (/\s/.test(name) || name === '') return paramProblem(`Invalid chain name \`${name}'`);
  return undefined;
}

function ruleCommand(ctx: CommandContext, ns: Netns, a: IptArgs): number {
  const nf = ns.netfilter;
  const t = a.table;
  const chain = a.chain as string;
  if (a.command === 'D' && a.rulenum !== undefined) {
    const r = nf.deleteAt(t, chain, a.rulenum);
    if (!r.ok)
      return problem(
        ctx,
        r.errno === 'ENOENT' ? 'No chain/target/match by that name.' : 'Index of deletion too big.',
      );
    ctx.world.changed();
    return 0;
  }
  const target = resolveTarget(a, ns);
  if ('text' in target) return report(ctx, target);
  const rule = ruleFromArgs(a, target);
  if (a.command === 'C' || a.command === 'D') {
    const c = nf.chain(t, chain);
    if (!c) return problem(ctx, 'No chain/target/match by that name.');
    const want = ruleSpec(rule);
    const idx = c.rules.findIndex((r) => ruleSpec(r) === want);
    if (idx < 0) return problem(ctx, 'Bad rule (does a matching rule exist in that chain?).');
    if (a.command === 'C') return 0;
    nf.deleteAt(t, chain, idx + 1);
    ctx.world.changed();
    return 0;
  }
  let r: NfResult;
  let what: string;
  if (a.command === 'R') {
    r = nf.replace(t, chain, a.rulenum as number, rule);
    what = 'RULE_REPLACE';
  } else if (a.command === 'I') {
    r = nf.insert(t, chain, rule, a.rulenum ?? 1);
    what = 'RULE_INSERT';
  } else {
    r = nf.insert(t, chain, rule);
    what = 'RULE_APPEND';
  }
  if (!r.ok) {
    if (r.errno === 'ENOENT') return problem(ctx, 'No chain/target/match by that name.');
    if (r.errno === 'E2BIG')
      return problem(
        ctx,
        a.command === 'R' ? 'Index of replacement too big.' : 'Index of insertion too big.',
      );
    return batchFailed(ctx, what, ERRNO_TEXT[r.errno] ?? r.errno, `rule in chain ${chain}`);
  }
  ctx.world.changed();
  return 0;
}

/** Chains of a table in listing order: built-ins, then user chains by name. */
function chainsOf(ns: Netns, table: TableName): Chain[] {
  const tb = ns.netfilter.view(table);
  return [...tb.builtinChains(), ...tb.userChains()];
}

function list(ctx: CommandContext, ns: Netns, a: IptArgs, f: ListFormat): number {
  const tb = ns.netfilter.view(a.table);
  if (a.chain !== undefined && a.rulenum !== undefined) {
    const rule = tb.chains.get(a.chain)?.rules[a.rulenum - 1];
    if (rule) println(ctx, ruleRow(rule, a.rulenum, f));
    return 0;
  }
  const chains = a.chain === undefined ? chainsOf(ns, a.table) : [tb.chains.get(a.chain) as Chain];
  const out: string[] = [];
  chains.forEach((c, i) => {
    if (i > 0) out.push('');
    out.push(chainTitle(c, tb.references(c.name), f));
    out.push(listHeader(f));
    c.rules.forEach((r, k) => {
      out.push(ruleRow(r, k + 1, f));
    });
  });
  ctx.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

function listRules(ctx: CommandContext, ns: Netns, a: IptArgs): number {
  const tb = ns.netfilter.view(a.table);
  const counters = a.verbose;
  const pline = (c: Chain) =>
    c.policy !== undefined
      ? `-P ${c.name} ${c.policy}${counters ? ` -c ${c.policyCounters.packets} ${c.policyCounters.bytes}` : ''}`
      : `-N ${c.name}`;
  if (a.chain !== undefined) {
    const c = tb.chains.get(a.chain) as Chain;
    if (a.rulenum !== undefined) {
      const r = c.rules[a.rulenum - 1];
      if (r) println(ctx, ruleLine(c.name, r, counters));
      return 0;
    }
    println(ctx, pline(c));
    for (const r of c.rules) println(ctx, ruleLine(c.name, r, counters));
    return 0;
  }
  const chains = chainsOf(ns, a.table);
  for (const c of chains) println(ctx, pline(c));
  for (const c of chains) for (const r of c.rules) println(ctx, ruleLine(c.name, r, counters));
  return 0;
}

export const iptablesCommand: Command = {
  name: 'iptables',
  help: {
    summary: 'packet filter and NAT rules (iptables 1.8.9, nf_tables backend)',
    usage: [
      'iptables [-t table] -[ACD] chain rule-specification',
      'iptables [-t table] -I chain [rulenum] rule-specification',
      'iptables [-t table] -[LS] [chain [rulenum]] [-n] [-v] [-x] [--line-numbers]',
      'iptables [-t table] -[FZNX] [chain]',
      'iptables [-t table] -P chain ACCEPT|DROP',
    ],
    notes:
      'Tables filter and nat are evaluated by the packet path; mangle and raw rules are kept and listed only. Examples: iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE; iptables -t nat -L -n -v',
  },
  mutates: (argv) =>
    argv.some((w) =>
      /^-[A-Za-z]*[ADIRNXEFZP]|^--(append|delete|insert|replace|new-chain|delete-chain|rename-chain|flush|zero|policy)/.test(
        w,
      ),
    ),
  run: runIptables,
  complete: (before, partial, ctx) => {
    const last = before[before.length - 1];
    let options: string[] = [];
    if (last === '-t' || last === '--table') options = ['filter', 'nat', 'mangle', 'raw'];
    else if (last === '-j')
      options = ['ACCEPT', 'DROP', 'RETURN', 'REJECT', 'LOG', 'MASQUERADE', 'SNAT', 'DNAT'];
    else if (last === '-p') options = ['tcp', 'udp', 'icmp', 'all'];
    else if (last === '-m')
      options = ['conntrack', 'state', 'addrtype', 'comment', 'multiport', 'tcp', 'udp', 'icmp'];
    else if (last !== undefined && /^-[ADIRLSFZXP]$/.test(last)) {
      const ti = before.indexOf('-t');
      const table = (ti >= 0 ? before[ti + 1] : 'filter') as TableName;
      options = ctx.netns
        ? chainsOf(
            ctx.netns,
            ['filter', 'nat', 'mangle', 'raw'].includes(table) ? table : 'filter',
          ).map((c) => c.name)
        : [];
    } else options = ['-A', '-D', '-I', '-L', '-S', '-F', '-N', '-X', '-P', '-t', '-n', '-v'];
    return options.filter((o) => o.startsWith(partial));
  },
};

function runSave(argv: string[], ctx: CommandContext): number {
  const ns = ctx.netns;
  if (!ns) return problem(ctx, 'not available in the lab console');
  let counters = false;
  let only: TableName | undefined;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === '-c' || w === '--counters') counters = true;
    else if (w === '-t' || w === '--table') {
      const t = argv[++i];
      if (t === undefined) {
        ctx.stderr.write(`iptables-save: option '${w}' requires an argument\n`);
        return 1;
      }
      if (!['filter', 'nat', 'mangle', 'raw'].includes(t)) {
        ctx.stderr.write(`iptables-save v1.8.9 (nf_tables): table '${t}' does not exist\n`);
        return 1;
      }
      only = t as TableName;
    } else if (w === '-V' || w === '--version') {
      println(ctx, 'iptables-save v1.8.9 (nf_tables)');
      return 0;
    } else {
      ctx.stderr.write(`iptables-save: unrecognized option '${w}'\n`);
      return 1;
    }
  }
  const date = labCtime(ctx.now());
  const out: string[] = [];
  for (const tb of ns.netfilter.existing()) {
    if (only && tb.name !== only) continue;
    out.push(`# Generated by iptables-save v1.8.9 (nf_tables) on ${date}`, `*${tb.name}`);
    const chains = [...tb.builtinChains(), ...tb.userChains()];
    for (const c of chains) {
      const pc = c.policyCounters;
      out.push(`:${c.name} ${c.policy ?? '-'} [${pc.packets}:${pc.bytes}]`);
    }
    for (const c of chains)
      for (const r of c.rules)
        out.push(
          `${counters ? `[${r.counters.packets}:${r.counters.bytes}] ` : ''}-A ${c.name}${ruleSpec(r)}`,
        );
    out.push('COMMIT', `# Completed on ${date}`);
  }
  if (out.length > 0) ctx.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

export const iptablesSaveCommand: Command = {
  name: 'iptables-save',
  help: {
    summary: 'dump the iptables rules in iptables-restore format',
    usage: ['iptables-save [-c] [-t table]'],
    options: [
      ['-c', 'include packet and byte counters'],
      ['-t TABLE', 'only this table'],
    ],
    notes:
      "Tables appear once a command has written to them. The date is the lab's virtual clock counted from Mon Jan  1 00:00:00 2024.",
  },
  run: runSave,
};
