/**
 * `birdc [-s SOCKET] [COMMAND …]`: BIRD's control client. With a command it prints the
 * `BIRD 2.0.12 ready.` banner and the answer; without one it reads commands from its input as
 * readline shows them (birdc-cli.ts expands abbreviations first, as the real client does).
 * The daemon's side: show status, show interfaces [summary], show protocols [all] [NAME|"PAT"],
 * show route …, show static [NAME], enable|disable|restart|reload NAME|"PAT"|all, configure
 * [soft|check|status] ["FILE"], restrict, down. Answers and errors are bird 2.0.12's
 * (fixtures/birdc-real.txt and the bird-* Linux cases); what the lab does not model says so.
 */
import { BIRD_VERSION, Bird, DEFAULT_SOCKET, type ProtoRun } from '../../../daemons/bird/bird';
import { ConfigError, parseWhere } from '../../../daemons/bird/config';
import { globMatch } from '../../../daemons/bird/kernel-proto';
import { vfsExists } from '../../../kernel/vfs';
import { type Command, fail } from '../../command';
import { absolutePath, readFile } from '../../files';
import { EMPTY_INPUT, readLines } from '../../process';
import { loadBirdConfig } from './bird';
import { CLI_KEYWORDS, cmdExpand, cmdHelp } from './birdc-cli';
import { showInterfaces, showProtocols, showRoute, showStatic, showStatus } from './birdc-show';

/** One command's answer; `error` makes birdc exit 1 when it ran from the command line. */
interface Answer {
  text: string;
  error?: boolean;
}

/** The token BIRD's lexer makes of `w`, as its parser's errors name it. */
function tokenName(bird: Bird, w: string | undefined): string {
  if (w === undefined) return 'END';
  if (w.startsWith('"')) return 'TEXT';
  if (/^\d+$/.test(w)) return 'NUM';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(w)) return 'IP4';
  if (KEYWORDS.has(w)) return w.toUpperCase();
  const known =
    bird.protos.some((p) => p.cfg.name === w) ||
    bird.cfg.filters.has(w) ||
    w === 'master4' ||
    w === 'master6';
  return known ? 'CF_SYM_KNOWN' : 'CF_SYM_UNDEFINED';
}

/** Keywords of the grammar beyond the command table's (the lexer makes them keywords too). */
const KEYWORDS = new Set([
  ...CLI_KEYWORDS,
  ...'for where filter protocol export count primary table filtered stats preexport noexport'.split(
    ' ',
  ),
]);

function syntaxError(bird: Bird, word: string | undefined, expecting?: string): Answer {
  const tail = expecting ? `, expecting ${expecting}` : '';
  return { text: `syntax error, unexpected ${tokenName(bird, word)}${tail}\n`, error: true };
}

/** What BIRD 2.0.12 has but the lab's BIRD does not model. */
function notModelled(command: string): Answer {
  return { text: `cnlab: birdc: '${command}' is not modelled in the lab\n`, error: true };
}

/** One connection to the control socket: `restrict` leaves it to the `show` commands. */
interface CliSession {
  restricted: boolean;
}

const DENIED: Answer = { text: 'Access denied\n', error: true };

/** The daemon's side: keywords must be spelt out; the first word that does not fit fails. */
function daemonCommand(
  bird: Bird,
  line: string,
  ctx: Parameters<typeof loadBirdConfig>[0],
  session: CliSession = { restricted: false },
): Answer {
  // BIRD's lexer: a quoted string is one TEXT token, spaces and all.
  if ((line.match(/"/g)?.length ?? 0) % 2 === 1)
    return { text: 'Unterminated string\n', error: true };
  const words: string[] = [...(line.match(/"[^"]*"|[^\s"]+/g) ?? [])];
  const isProto = (name: string) => bird.protos.some((p) => p.cfg.name === name);
  const end = (i: number, expecting = 'END'): Answer | undefined =>
    words.length > i ? syntaxError(bird, words[i], expecting) : undefined;
  const [verb, what] = words;
  if (verb === 'show') {
    switch (what) {
      case 'status':
        return end(2) ?? { text: showStatus(bird) };
      case 'interfaces': {
        const summary = words[2] === 'summary';
        return (
          end(summary ? 3 : 2, summary ? 'END' : 'END or SUMMARY') ?? {
            text: showInterfaces(bird, summary),
          }
        );
      }
      case 'protocols': {
        const all = words[2] === 'all';
        const at = all ? 3 : 2;
        const arg = words[at];
        if (arg !== undefined && !arg.startsWith('"') && !isProto(arg)) {
          return syntaxError(
            bird,
            arg,
            all ? 'END or CF_SYM_KNOWN or TEXT' : 'END or CF_SYM_KNOWN or TEXT or ALL',
          );
        }
        return (
          end(arg === undefined ? at : at + 1) ?? {
            text: showProtocols(bird, all, arg?.replace(/^"(.*)"$/, '$1')),
          }
        );
      }
      case 'route':
        return routeCommand(bird, words.slice(2), isProto);
      case 'static': {
        const name = words[2];
        if (name !== undefined && !isProto(name)) {
          return syntaxError(bird, name, 'END or CF_SYM_KNOWN');
        }
        const p = name === undefined ? undefined : bird.protos.find((q) => q.cfg.name === name);
        if (p && p.cfg.type !== 'static') {
          return { text: `${name}: Not a Static protocol\n`, error: true };
        }
        return end(name === undefined ? 2 : 3) ?? { text: showStatic(bird, p) };
      }
      case 'ospf':
      case 'rip':
      case 'babel':
      case 'bfd': {
        const proto = { ospf: 'OSPF', rip: 'RIP', babel: 'Babel', bfd: 'BFD' }[what];
        return { text: `There is no ${proto} protocol running\n`, error: true };
      }
      default:
        return notModelled(words.slice(0, 2).join(' '));
    }
  }
  switch (verb) {
    case 'enable':
    case 'disable':
    case 'restart':
    case 'reload': {
      const at = verb === 'reload' && (words[1] === 'in' || words[1] === 'out') ? 2 : 1;
      const target = words[at];
      const pattern = target?.startsWith('"') ? target.slice(1, -1) : undefined;
      if (target === undefined || (target !== 'all' && pattern === undefined && !isProto(target))) {
        return syntaxError(bird, target, 'CF_SYM_KNOWN or TEXT or ALL');
      }
      const next = words[at + 1];
      if (next !== undefined && (verb === 'reload' || !next.startsWith('"'))) {
        return syntaxError(bird, next, verb === 'reload' ? 'END' : 'END or TEXT');
      }
      if (session.restricted) return DENIED;
      const targets = bird.protos.filter((p) =>
        target === 'all'
          ? true
          : pattern !== undefined
            ? globMatch(pattern, p.cfg.name)
            : p.cfg.name === target,
      );
      if (targets.length === 0) return { text: 'No protocols match\n', error: true };
      const says = (p: ProtoRun) => (verb === 'reload' ? 'reloading' : toggle(bird, p, verb));
      return { text: targets.map((p) => `${p.cfg.name}: ${says(p)}\n`).join('') };
    }
    case 'configure':
      if (session.restricted && words[1] !== 'status') return DENIED;
      return configureCommand(bird, words.slice(1), ctx);
    case 'down':
      if (words.length > 1) return syntaxError(bird, words[1], 'END');
      if (session.restricted) return DENIED;
      bird.shutdown();
      return { text: 'Shutdown requested\n' };
    case 'help':
    case 'exit':
    case 'quit':
      // The daemon knows them as commands of no words; alone it answers nothing (and the real
      // client, which sent them from its command line, waits for ever: the lab's returns).
      return end(1) ?? { text: '' };
    case 'restrict':
      if (words.length > 1) return syntaxError(bird, words[1], 'END');
      session.restricted = true;
      return { text: 'Access restricted\n' };
    default:
      return notModelled(verb);
  }
}

/** `configure [soft|check|status|…] ["FILE"]`: read the file again (or another) and apply it. */
function configureCommand(
  bird: Bird,
  args: string[],
  ctx: Parameters<typeof loadBirdConfig>[0],
): Answer {
  const sub = ['soft', 'check', 'status', 'confirm', 'undo', 'timeout'].includes(args[0])
    ? args.shift()
    : undefined;
  if (sub === 'status') return { text: 'Daemon is up and running\n' };
  if (sub === 'confirm') return { text: 'Nothing to do\n' };
  if (sub === 'undo' || sub === 'timeout') return notModelled(`configure ${sub}`);
  const file = args[0]?.startsWith('"') ? args.shift()?.slice(1, -1) : undefined;
  if (args.length > 0) return syntaxError(bird, args[0]);
  const path = file === undefined ? bird.configPath : absolutePath(file);
  const head = `Reading configuration from ${path}\n`;
  if (readFile(ctx, path) === undefined) {
    return { text: `${head}${path}: No such file or directory\n`, error: true };
  }
  const cfg = loadBirdConfig(ctx, path);
  if (typeof cfg === 'string') return { text: `${head}${cfg}\n`, error: true };
  if (sub === 'check') return { text: `${head}Configuration OK\n` };
  bird.configPath = path;
  const done = bird.reconfigure(cfg);
  return { text: `${head}${done ? 'Reconfigured' : 'Reconfiguration in progress'}\n` };
}

function toggle(
  bird: Bird,
  p: Bird['protos'][number],
  verb: 'enable' | 'disable' | 'restart',
): string {
  if (verb === 'disable') {
    if (p.disabled) return 'already disabled';
    p.disabled = true;
    bird.logLine('INFO', `Disabling protocol ${p.cfg.name}`);
    bird.stopProto(p, false, 'Shutting down');
    return 'disabled';
  }
  if (verb === 'enable') {
    if (!p.disabled) return 'already enabled';
    p.disabled = false;
    bird.logLine('INFO', `Enabling protocol ${p.cfg.name}`);
    bird.startProto(p);
    return 'enabled';
  }
  if (p.disabled) return 'already disabled';
  bird.logLine('INFO', `Restarting protocol ${p.cfg.name}`);
  bird.stopProto(p, false, 'Restarting', 4); // Cease: administrative reset
  bird.startProto(p);
  return 'restarted';
}

/**
 * The words after `show route`. BIRD's client expands abbreviations of the command only (`sh r`);
 * these go to the daemon's parser as they are, so `co` is no `count`.
 */
function routeCommand(bird: Bird, args: string[], isProto: (n: string) => boolean): Answer {
  const opts: Parameters<typeof showRoute>[1] = { all: false, count: false };
  const isIp = (v: string | undefined) => v !== undefined && /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(v);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (isIp(a)) {
      if (opts.prefix || opts.for) return { text: 'Only one prefix expected\n', error: true };
      const [addr, len] = a.split('/');
      opts.prefix = { addr, len: len === undefined ? 32 : Number(len) };
      continue;
    }
    if (a === 'where' || (a === 'filter' && args[i + 1]?.startsWith('{'))) {
      try {
        const { body, rest } = parseWhere(args.slice(i + 1).join(' '), a === 'filter');
        opts.filter = { kind: 'inline', body };
        args = [...args.slice(0, i + 1), ...rest.split(' ').filter(Boolean)];
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        return { text: `${e.message}\n`, error: true };
      }
      continue;
    }
    if (a === 'all') opts.all = true;
    else if (a === 'count') opts.count = true;
    else if (a === 'primary') opts.primary = true;
    else if (a === 'for') {
      const v = args[++i];
      if (!isIp(v)) return syntaxError(bird, v, 'IP4 or IP6 or VPN_RD or CF_SYM_KNOWN');
      opts.for = v.split('/')[0];
    } else if (a === 'table') {
      const v = args[++i];
      if (v !== 'master4' && v !== 'master6') return syntaxError(bird, v, 'CF_SYM_KNOWN or ALL');
      opts.table = v;
    } else if (a === 'filter') {
      const v = args[++i];
      if (!v || !bird.cfg.filters.has(v)) return syntaxError(bird, v);
      opts.filter = { kind: 'named', name: v };
    } else if (a === 'protocol' || a === 'export') {
      const v = args[++i];
      if (!v || !isProto(v))
        return syntaxError(bird, v, a === 'export' ? 'CF_SYM_KNOWN or TABLE' : 'CF_SYM_KNOWN');
      if (a === 'protocol') opts.protocol = v;
      else opts.export = v;
    } else return syntaxError(bird, a);
  }
  return showRoute(bird, opts);
}

/** birdc, or birdcl (`light`: the client without readline, as BIRD builds both). */
function client(name: 'birdc' | 'birdcl'): Command {
  const light = name === 'birdcl';
  const usage = `Usage: ${name} [-s <control-socket>] [-v] [-r] [-l]`;
  return {
    name,
    help: {
      summary: "BIRD's control client: show protocols, show route, enable/disable",
      usage: [`${name} [-s SOCKET] [COMMAND ...]`],
      options: [['-s SOCKET', 'control socket (default /run/bird/bird.ctl)']],
      notes:
        'Try: birdc show protocols (BGP sessions), birdc show route (the routes BIRD knows, ' +
        'with the peer each came from), birdc show protocols all NAME (timers, capabilities, ' +
        'counters), birdc disable static1 (withdraw this node’s block from its peers). ' +
        'birdcl is the same client without readline.',
    },
    mutates: true,
    run(argv, ctx) {
      let socket = DEFAULT_SOCKET;
      let i = 0;
      for (; i < argv.length && argv[i].startsWith('-'); i++) {
        const a = argv[i];
        if (a === '-s' || a.startsWith('-s')) {
          const v = a.length > 2 ? a.slice(2) : argv[++i];
          if (v === undefined)
            return fail(ctx, `${name}: option requires an argument -- 's'\n${usage}`);
          socket = absolutePath(v);
        } else if (!['-v', '-r', '-l'].includes(a)) {
          return fail(
            ctx,
            `${name}: invalid option -- '${a[1] === '-' || !a[1] ? '-' : a[1]}'\n${usage}`,
          );
        }
      }
      const machine = ctx.machine;
      const bird = machine ? Bird.at(machine, socket) : undefined;
      if (!bird || !machine || !vfsExists(machine, socket)) {
        // A socket file left by a BIRD that failed to start (or stopped by a signal) refuses.
        const why =
          machine && vfsExists(machine, socket)
            ? 'Connection refused'
            : 'No such file or directory';
        return fail(ctx, `Unable to connect to server control socket (${socket}): ${why}`);
      }
      ctx.stdout.write(`BIRD ${BIRD_VERSION} ready.\n`);
      const line = argv.slice(i).join(' ');
      if (line !== '') {
        const e = cmdExpand(line);
        const a =
          'text' in e ? { text: e.text, error: true } : daemonCommand(bird, e.expanded, ctx);
        ctx.stdout.write(a.text);
        return a.error ? 1 : 0;
      }
      if (!ctx.session.script && ctx.stdin === EMPTY_INPUT) {
        // A terminal: the real birdc opens its `bird>` prompt here, which the lab does not model.
        ctx.stdout.write(light ? `${PROMPT}\n` : `${PROMPT}\r\x1b[K`);
        ctx.stderr.write(
          "cnlab: birdc's interactive prompt is not modelled; give the command on the line, " +
            `e.g. '${name} show protocols', or pipe commands in: printf 'show route\\n' | ${name}\n`,
        );
        return 0;
      }
      return interactive(bird, ctx, light);
    },
  };
}

export const birdcCommand = client('birdc');
export const birdclCommand = client('birdcl');

const PROMPT = 'bird> ';

/**
 * What birdc reading its input answers itself (it compares the first four letters only): `help`
 * prints a hint, `exit` and `quit` end it. From the command line these go to the daemon.
 */
function clientCommand(expanded: string): 'help' | 'exit' | undefined {
  if (expanded.startsWith('help')) return 'help';
  if (expanded.startsWith('exit') || expanded.startsWith('quit')) return 'exit';
  return undefined;
}

/**
 * Commands from standard input, as birdc's readline shows them when its input is no terminal:
 * the prompt and each line echoed; a line ending in `?` lists the help and is offered again
 * without it; the prompt is redrawn and erased (`\r ESC[K`) before each answer of the daemon.
 * birdcl (`light`) echoes too, but answers `?` alone, redraws nothing and ends with a newline.
 */
function interactive(bird: Bird, ctx: Parameters<Command['run']>[1], light: boolean) {
  const out = (t: string) => ctx.stdout.write(t);
  return (function* () {
    out(PROMPT);
    const session: CliSession = { restricted: false };
    let closed = false;
    yield* readLines(ctx.stdin, (l) => {
      out(`${l}\n`);
      let line = l;
      if (line.endsWith('?')) {
        line = line.slice(0, -1);
        out(cmdHelp(line));
        if (light) line = '';
        else out(`${PROMPT}${line}\n`);
      }
      if (line.trim() !== '') {
        const e = cmdExpand(line);
        if ('text' in e) out(e.text);
        else {
          const own = clientCommand(e.expanded);
          if (own === 'exit') {
            closed = true;
            return false;
          }
          if (own === 'help') out("Press `?' for context sensitive help.\n");
          else {
            const answer = daemonCommand(bird, e.expanded, ctx, session).text;
            out(light ? answer : `${PROMPT}\r\x1b[K${answer}`);
          }
          if (bird.exited) {
            closed = true;
            return false;
          }
        }
      }
      out(PROMPT);
    });
    if (!closed) out(light ? '\n' : '\r\x1b[K');
    return 0;
  })();
}
