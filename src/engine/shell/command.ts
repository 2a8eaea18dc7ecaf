/**
 * What a command is: a plain object with its help text as data and a `run` that returns an exit
 * status (or a generator when it takes virtual time). Commands are thin: they parse argv, call
 * the world, and print in the real tool's format. User errors are output, never exceptions.
 */

import type { Machine } from '../kernel/machine';
import type { Netns } from '../kernel/netns';
import type { World } from '../kernel/world';
import type { Micros } from '../sim/clock';
import type { InStream, OutStream, ProcBody } from './process';
import type { Session } from './session';

export interface HelpDoc {
  /** One line for `help`. */
  summary: string;
  /** Usage lines, as the real tool prints them. */
  usage: string[];
  /** Option lines: [flags, description]. */
  options?: [string, string][];
  /** A paragraph on what it does in the lab and where the real tool differs, if anywhere. */
  notes?: string;
}

export interface CommandContext {
  stdin: InStream;
  stdout: OutStream;
  stderr: OutStream;
  /** Variables visible to this command (the session's plus any `NAME=value` prefixes). */
  env: Map<string, string>;
  session: Session;
  world: World;
  /** The machine and network namespace the command runs in (absent in the lab console). */
  machine?: Machine;
  netns?: Netns;
  now(): Micros;
  /** bash's prefix for diagnostics: `bash` in a terminal, `FILE: line N` in a script. */
  diagPrefix(): string;
  /** The commands this session offers (for `help`). */
  commands(): readonly Command[];
  /** Wake this command's process if it waits (e.g. a packet reached its socket). */
  wake(): void;
  /**
   * Run shell text (`bash -c`) as a child shell with `ctx`'s namespace and output streams;
   * absent where no shell runs commands (tests' bare contexts).
   */
  shell?(text: string, ctx: CommandContext): ProcBody;
}

export type CommandResult = number | ProcBody;

export interface Command {
  name: string;
  help: HelpDoc;
  /** True when the command can change the lab; such lines are kept in the scenario. */
  mutates?: boolean | ((argv: string[]) => boolean);
  run(argv: string[], ctx: CommandContext): CommandResult;
  /** Candidates for the word being completed, given the words before it (argv[0] excluded). */
  complete?(before: string[], partial: string, ctx: CommandContext): string[];
}

/** True for `-h`/`--help` anywhere in argv. */
export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** Render a command's help page (`CMD --help`, `help CMD`, `man CMD`). */
export function formatHelp(name: string, help: HelpDoc): string {
  const lines = [`${name} - ${help.summary}`, '', 'Usage:'];
  for (const u of help.usage) lines.push(`  ${u}`);
  if (help.options && help.options.length > 0) {
    lines.push('', 'Options:');
    const width = Math.max(...help.options.map(([f]) => f.length));
    for (const [flag, text] of help.options) lines.push(`  ${flag.padEnd(width)}  ${text}`);
  }
  if (help.notes) lines.push('', help.notes);
  return `${lines.join('\n')}\n`;
}

/** Print a line to stdout. */
export function println(ctx: CommandContext, text = ''): void {
  ctx.stdout.write(`${text}\n`);
}

/** Print a line to stderr and return the exit status, for `return fail(ctx, msg, 1)`. */
export function fail(ctx: CommandContext, text: string, code = 1): number {
  ctx.stderr.write(`${text}\n`);
  return code;
}
