/**
 * `birdc [-s SOCKET] [COMMAND …]`: BIRD's control client. With a command it prints the
 * `BIRD 2.0.12 ready.` banner and the answer; without one it reads commands from its input,
 * one per line. Keywords may be abbreviated to any unique prefix (`sh ro`), as in BIRD's CLI.
 * Commands: show status, show protocols [all] [NAME], show route [all] [count] [for ADDR]
 * [PREFIX] [table master4] [protocol NAME] [export NAME], enable|disable|restart NAME|all,
 * configure, down. Answers and errors are bird 2.0.12's (fixtures/birdc-real.txt).
 */
import { BIRD_VERSION, Bird, DEFAULT_SOCKET } from '../../../daemons/bird/bird';
import { ConfigError, parseWhere } from '../../../daemons/bird/config';
import { type Command, fail } from '../../command';
import { absolutePath } from '../../files';
import { readLines } from '../../process';
import { loadBirdConfig } from './bird';
import { showInterfaces, showProtocols, showRoute, showStatus } from './birdc-show';

const USAGE = 'Usage: birdc [-s <control-socket>] [-v] [-r] [-l]';
const NO_SUCH = "No such command. Press `?' for help.";

/** One command's answer; `error` makes birdc exit 1 when it ran from the command line. */
interface Answer {
  text: string;
  error?: boolean;
}

/** The keyword `word` abbreviates among `choices`, if exactly one (or an exact match). */
function kw(word: string | undefined, choices: readonly string[]): string | undefined {
  if (word === undefined) return undefined;
  if (choices.includes(word)) return word;
  const m = choices.filter((c) => c.startsWith(word));
  return m.length === 1 ? m[0] : undefined;
}

function syntax(expecting: string): Answer {
  return {
    text: `syntax error, unexpected CF_SYM_UNDEFINED, expecting ${expecting}\n`,
    error: true,
  };
}

/** Runs one command line against `bird`. */
export function birdCommand(
  bird: Bird,
  line: string,
  ctx: Parameters<typeof loadBirdConfig>[0],
): Answer {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const verb = kw(words[0], ['show', 'enable', 'disable', 'restart', 'configure', 'down']);
  const isProto = (name: string) => bird.protos.some((p) => p.cfg.name === name);
  switch (verb) {
    case 'show': {
      const what = kw(words[1], ['status', 'protocols', 'route', 'interfaces']);
      if (what === 'status' && words.length === 2) return { text: showStatus(bird) };
      if (what === 'interfaces' && words.length <= 3) {
        const summary = words.length === 3;
        if (summary && kw(words[2], ['summary']) !== 'summary') return syntax('END or SUMMARY');
        return { text: showInterfaces(bird, summary) };
      }
      if (what === 'protocols') {
        let all = false;
        let rest = words.slice(2);
        if (kw(rest[0], ['all']) === 'all') {
          all = true;
          rest = rest.slice(1);
        }
        if (rest.length > 1) return { text: `${NO_SUCH}\n`, error: true };
        const name = rest[0]?.replace(/^"(.*)"$/, '$1');
        if (name !== undefined && !rest[0].startsWith('"') && !isProto(name)) {
          return syntax(all ? 'END or CF_SYM_KNOWN or TEXT' : 'END or CF_SYM_KNOWN or TEXT or ALL');
        }
        return { text: showProtocols(bird, all, name) };
      }
      if (what === 'route') return routeCommand(bird, words.slice(2), isProto);
      return { text: `${NO_SUCH}\n`, error: true };
    }
    case 'enable':
    case 'disable':
    case 'restart': {
      const name = words[1];
      if (words.length !== 2) return { text: `${NO_SUCH}\n`, error: true };
      const targets =
        name === 'all'
          ? bird.protos
          : bird.protos.filter((p) => p.cfg.name === name.replace(/^"(.*)"$/, '$1'));
      if (targets.length === 0) return syntax('CF_SYM_KNOWN or TEXT or ALL');
      return { text: targets.map((p) => `${p.cfg.name}: ${toggle(bird, p, verb)}\n`).join('') };
    }
    case 'configure': {
      if (words.length > 1) return { text: `${NO_SUCH}\n`, error: true };
      const cfg = loadBirdConfig(ctx, bird.configPath);
      const head = `Reading configuration from ${bird.configPath}\n`;
      if (typeof cfg === 'string') return { text: `${head}${cfg}\n`, error: true };
      const done = bird.reconfigure(cfg);
      return { text: `${head}${done ? 'Reconfigured' : 'Reconfiguration in progress'}\n` };
    }
    case 'down':
      if (words.length > 1) return { text: `${NO_SUCH}\n`, error: true };
      bird.shutdown();
      return { text: 'Shutdown requested\n' };
    default:
      return { text: `${NO_SUCH}\n`, error: true };
  }
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
  bird.stopProto(p, false, 'Restarting');
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
      if (!isIp(v)) return syntax('IP4 or IP6 or VPN_RD or CF_SYM_KNOWN');
      opts.for = v.split('/')[0];
    } else if (a === 'table') {
      const v = args[++i];
      if (v !== 'master4' && v !== 'master6') return syntax('CF_SYM_KNOWN');
      opts.table = v;
    } else if (a === 'filter') {
      const v = args[++i];
      if (!v || !bird.cfg.filters.has(v)) return unexpected(v);
      opts.filter = { kind: 'named', name: v };
    } else if (a === 'protocol' || a === 'export') {
      const v = args[++i];
      if (!v || !isProto(v))
        return syntax(a === 'export' ? 'CF_SYM_KNOWN or TABLE' : 'CF_SYM_KNOWN');
      if (a === 'protocol') opts.protocol = v;
      else opts.export = v;
    } else return unexpected(a);
  }
  return showRoute(bird, opts);
}

function unexpected(word: string | undefined): Answer {
  const what = word === undefined ? 'END' : 'CF_SYM_UNDEFINED';
  return { text: `syntax error, unexpected ${what}\n`, error: true };
}

export const birdcCommand: Command = {
  name: 'birdc',
  help: {
    summary: "BIRD's control client: show protocols, show route, enable/disable",
    usage: ['birdc [-s SOCKET] [COMMAND ...]'],
    options: [['-s SOCKET', 'control socket (default /run/bird/bird.ctl)']],
    notes:
      'Try: birdc show protocols (BGP sessions), birdc show route (the routes BIRD knows, ' +
      'with the peer each came from), birdc show protocols all NAME (timers, capabilities, ' +
      'counters), birdc disable static1 (withdraw this node’s block from its peers).',
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
          return fail(ctx, `birdc: option requires an argument -- 's'\n${USAGE}`);
        socket = absolutePath(v);
      } else if (!['-v', '-r', '-l'].includes(a)) {
        return fail(
          ctx,
          `birdc: invalid option -- '${a[1] === '-' || !a[1] ? '-' : a[1]}'\n${USAGE}`,
        );
      }
    }
    const machine = ctx.machine;
    const bird = machine ? Bird.at(machine, socket) : undefined;
    if (!bird) {
      return fail(
        ctx,
        `Unable to connect to server control socket (${socket}): No such file or directory`,
      );
    }
    ctx.stdout.write(`BIRD ${BIRD_VERSION} ready.\n`);
    const line = argv.slice(i).join(' ');
    if (line !== '') {
      const a = birdCommand(bird, line, ctx);
      ctx.stdout.write(a.text);
      return a.error ? 1 : 0;
    }
    return (function* () {
      yield* readLines(ctx.stdin, (l) => {
        if (l.trim() === '' || bird.exited) return;
        ctx.stdout.write(birdCommand(bird, l, ctx).text);
      });
      return 0;
    })();
  },
};
