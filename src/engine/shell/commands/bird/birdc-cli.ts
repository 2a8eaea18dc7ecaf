/**
 * birdc's own half of the CLI: the command tree it builds from BIRD's command table, the
 * expansion of abbreviated keywords before a line goes to the daemon (`sh ro` → `show route`),
 * "Ambiguous command" with the candidates' help lines, "No such command" for a line that does
 * not reach a real command, and `?` help. The table is bird 2.0.12's (captured with `?` on
 * Debian 12's birdc), in its order: that order is the order of every listing.
 */

/** One entry of BIRD's command table: a real command, or only a help line (`show ...`). */
interface CmdInfo {
  command: string;
  args: string;
  help: string;
  real: boolean;
}

interface CmdNode {
  token: string;
  /** BIRD's hack: `rip` and `roa` lose ties so that `show r` is `show route`. */
  prio: number;
  children: CmdNode[];
  cmd?: CmdInfo;
  helpLine?: CmdInfo;
}

const R = true;
const H = false;
const PROTO_ARG = '(<protocol> | "<pattern>" | all) [message]';
const RELOAD_ARG = '<protocol> | "<pattern>" | all';
const NAME_IFACE = '[<name>] ["<interface>"]';

const TABLE: [string, string, string, boolean][] = [
  ['quit', '', 'Quit the client', R],
  ['exit', '', 'Exit the client', R],
  ['help', '', 'Description of the help system', R],
  ['show', '...', 'Show status information', H],
  ['show status', '', 'Show router status', R],
  ['show memory', '', 'Show memory usage', R],
  ['show protocols', '[<protocol> | "<pattern>"]', 'Show routing protocols', R],
  ['show protocols all', '[<protocol> | "<pattern>"]', 'Show routing protocol details', R],
  ['show interfaces', '', 'Show network interfaces', R],
  ['show interfaces summary', '', 'Show summary of network interfaces', R],
  ['show route', '...', 'Show routing table', H],
  [
    'show route',
    '[<prefix>|for <prefix>|for <ip>] [table <t>] [(import|export) table <p>.<c>] ' +
      '[filter <f>|where <cond>] [all] [primary] [filtered] [(export|preexport|noexport) <p>] ' +
      '[protocol <p>] [stats|count]',
    'Show routing table',
    R,
  ],
  ['show symbols', '...', 'Show all known symbolic names', H],
  [
    'show symbols',
    '[table|filter|function|protocol|template|<symbol>]',
    'Show all known symbolic names',
    R,
  ],
  ['show bfd', '...', 'Show information about BFD protocol', H],
  ['show bfd sessions', '[<name>]', 'Show information about BFD sessions', R],
  ['show babel', '...', 'Show information about Babel protocol', H],
  ['show babel interfaces', NAME_IFACE, 'Show information about Babel interfaces', R],
  ['show babel neighbors', NAME_IFACE, 'Show information about Babel neighbors', R],
  ['show babel entries', '[<name>]', 'Show information about Babel prefix entries', R],
  ['show babel routes', '[<name>]', 'Show information about Babel route entries', R],
  ['show ospf', '...', 'Show information about OSPF protocol', H],
  ['show ospf', '[<name>]', 'Show information about OSPF protocol', R],
  ['show ospf neighbors', NAME_IFACE, 'Show information about OSPF neighbors', R],
  ['show ospf interface', NAME_IFACE, 'Show information about interface', R],
  ['show ospf topology', '[all] [<name>]', 'Show information about OSPF network topology', R],
  ['show ospf state', '[all] [<name>]', 'Show information about OSPF network state', R],
  ['show ospf lsadb', '...', 'Show content of OSPF LSA database', H],
  [
    'show ospf lsadb',
    '[global | area <id> | link] [type <num>] [lsid <id>] [self | router <id>] [<proto>]',
    'Show content of OSPF LSA database',
    R,
  ],
  ['show rip', '...', 'Show information about RIP protocol', H],
  ['show rip interfaces', NAME_IFACE, 'Show information about RIP interfaces', R],
  ['show rip neighbors', NAME_IFACE, 'Show information about RIP neighbors', R],
  ['show static', '[<name>]', 'Show details of static protocol', R],
  ['dump', '...', 'Dump debugging information', H],
  ['dump resources', '', 'Dump all allocated resource', R],
  ['dump sockets', '', 'Dump open sockets', R],
  ['dump events', '', 'Dump event log', R],
  ['dump interfaces', '', 'Dump interface information', R],
  ['dump neighbors', '', 'Dump neighbor cache', R],
  ['dump attributes', '', 'Dump attribute cache', R],
  ['dump routes', '', 'Dump routing table', R],
  ['dump protocols', '', 'Dump protocol information', R],
  ['eval', '<expr>', 'Evaluate an expression', R],
  ['echo', '...', 'Control echoing of log messages', H],
  [
    'echo',
    '(all | off | { debug|trace|info|remote|warning|error|auth [, ...] }) [<buffer-size>]',
    'Control echoing of log messages',
    R,
  ],
  ['disable', PROTO_ARG, 'Disable protocol', R],
  ['enable', PROTO_ARG, 'Enable protocol', R],
  ['restart', PROTO_ARG, 'Restart protocol', R],
  ['reload', RELOAD_ARG, 'Reload protocol', R],
  ['reload in', RELOAD_ARG, 'Reload protocol (just imported routes)', R],
  ['reload out', RELOAD_ARG, 'Reload protocol (just exported routes)', R],
  ['debug', '...', 'Control protocol debugging via BIRD logs', H],
  [
    'debug',
    '(<protocol> | <channel> | "<pattern>" | all) ' +
      '(all | off | { states|routes|filters|interfaces|events|packets [, ...] })',
    'Control protocol debugging via BIRD logs',
    R,
  ],
  ['mrtdump', '...', 'Control protocol debugging via MRTdump files', H],
  [
    'mrtdump',
    '(<protocol> | "<pattern>" | all) (all | off | { states|messages [, ...] })',
    'Control protocol debugging via MRTdump format',
    R,
  ],
  ['restrict', '', 'Restrict current CLI session to safe commands', R],
  ['configure', '...', 'Reload configuration', H],
  ['configure', '["<file>"] [timeout [<sec>]]', 'Reload configuration', R],
  [
    'configure soft',
    '["<file>"] [timeout [<sec>]]',
    'Reload configuration and ignore changes in filters',
    R,
  ],
  ['configure timeout', '[<sec>]', 'Reload configuration with undo timeout', R],
  ['configure confirm', '', 'Confirm last configuration change - deactivate undo timeout', R],
  ['configure undo', '', 'Undo last configuration change', R],
  ['configure status', '', 'Show configuration status', R],
  ['configure check', '["<file>"]', 'Parse configuration and check its validity', R],
  ['down', '', 'Shut the daemon down', R],
  ['graceful', 'restart', 'Shut the daemon down for graceful restart', H],
  ['graceful restart', '', 'Shut the daemon down for graceful restart', R],
];

/** cmd_build_tree(): a node per keyword, children in the table's order. */
function buildTree(): CmdNode {
  const root: CmdNode = { token: '', prio: 1, children: [] };
  for (const [command, args, help, real] of TABLE) {
    let node = root;
    for (const token of command.split(' ')) {
      let next = node.children.find((c) => c.token === token);
      if (!next) {
        next = { token, prio: token === 'rip' || token === 'roa' ? 0 : 1, children: [] };
        node.children.push(next);
      }
      node = next;
    }
    const info = { command, args, help, real };
    if (real) node.cmd = info;
    else node.helpLine = info;
  }
  return root;
}

const ROOT = buildTree();

/** Every keyword of the command table: BIRD's lexer returns these as keywords, not symbols. */
export const CLI_KEYWORDS: ReadonlySet<string> = new Set(
  TABLE.flatMap(([command, args]) => [
    ...command.split(' '),
    ...(args === 'restart' ? [args] : []),
  ]),
);

/** cmd_display_help(): `command args`, padded to 45, two spaces, the help text. */
function helpLine(c: CmdInfo | undefined): string {
  return c ? `${`${c.command} ${c.args}`.padEnd(45)}  ${c.help}\n` : '';
}

/** cmd_find_abbrev(): an exact keyword, else the one prefix match of the highest priority. */
function findAbbrev(node: CmdNode, word: string): CmdNode | 'ambiguous' | undefined {
  let best: CmdNode | undefined;
  let ambiguous = false;
  for (const m of node.children) {
    if (m.token === word) return m;
    if (m.token.length > word.length && m.token.startsWith(word)) {
      if (best && best.prio > m.prio) continue;
      if (best && best.prio === m.prio) ambiguous = true;
      best = m;
    }
  }
  return ambiguous ? 'ambiguous' : best;
}

const NO_SUCH = "No such command. Press `?' for help.\n";

/**
 * cmd_expand(): the line with its keywords spelt out for the daemon, or what birdc prints itself
 * instead of sending it (then the line fails).
 */
export function cmdExpand(line: string): { expanded: string } | { text: string } {
  let node = ROOT;
  let rest = line;
  const re = /\S+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const found = findAbbrev(node, m[0]);
    if (found === 'ambiguous') {
      const list = node.children.filter(
        (c) => c.token.length > m[0].length && c.token.startsWith(m[0]),
      );
      return {
        text: `Ambiguous command, possible expansions are:\n${list.map((c) => helpLine(c.helpLine ?? c.cmd)).join('')}`,
      };
    }
    if (!found) break;
    node = found;
    rest = line.slice(m.index + m[0].length);
  }
  if (!node.cmd) return { text: NO_SUCH };
  return { expanded: `${node.cmd.command}${rest}` };
}

/** cmd_help(): the help of what `line` (before its `?`) names and of what may follow it. */
export function cmdHelp(line: string): string {
  let node = ROOT;
  for (const w of line.trim().split(/\s+/).filter(Boolean)) {
    const found = findAbbrev(node, w);
    if (!found || found === 'ambiguous') break;
    node = found;
  }
  return helpLine(node.cmd) + node.children.map((c) => helpLine(c.helpLine ?? c.cmd)).join('');
}
