/**
 * Runs a parsed line: and-or lists with bash's short-circuit rules, pipelines whose stages are
 * processes joined by pipes, `NAME=value` prefixes, and `$?`. The executor itself is a process:
 * it parks while its stages run, so a pipeline of long-running commands streams.
 */

import type { Netns } from '../kernel/netns';
import { newSockHolder } from '../kernel/sock-procs';
import { vfsExists, vfsIsDir } from '../kernel/vfs';
import type { World } from '../kernel/world';
import type { AndOrNode, ForNode, PipelineNode, ScriptNode, SimpleCommandNode } from './ast';
import type { Command, CommandContext } from './command';
import { expandToString, expandWord, type Lookup } from './expand';
import { MAX_NESTING, parse } from './parser';
import {
  EMPTY_INPUT,
  type InStream,
  Interrupt,
  type OutStream,
  Pipe,
  Proc,
  type ProcBody,
} from './process';
import { applyRedirects } from './redirect';
import type { BackgroundJob, Session } from './session';
import { diagPrefix } from './session';

/** The foreground job of a session: what Ctrl-C reaches. */
export interface Job {
  procs: Set<Proc>;
  interrupted: boolean;
}

export interface ShellEnv {
  world: World;
  session: Session;
  /** Finds a command by name for this session (machine shell or lab console). */
  lookupCommand(name: string): Command | undefined;
  /** Every command this session offers. */
  listCommands(): readonly Command[];
  stdout: OutStream;
  stderr: OutStream;
  job: Job;
  /** Wakes the executor's own process (called when a stage exits). */
  wakeShell(): void;
  /** Records a line that changed the lab (for the scenario snapshot). */
  noteMutation(): void;
  /** The namespace commands run in, when not the session's (a child shell's, `bash -c`). */
  netns?: Netns;
}

/** Thrown by a write into a pipe whose reader has exited; ends the writer like SIGPIPE. */
export class BrokenPipe extends Error {}

/** Exit status of a process killed by SIGPIPE (128 + 13). */
const SIGPIPE_STATUS = 141;

export function* runScript(script: ScriptNode, env: ShellEnv): ProcBody {
  for (const item of script.items) {
    if (item.background) {
      startBackground(item, env);
      env.session.lastStatus = 0;
      continue;
    }
    const status = yield* runAndOr(item, env);
    env.session.lastStatus = status;
    if (env.job.interrupted || env.session.exited) return status;
  }
  return env.session.lastStatus;
}

/**
 * `LIST &`: the list runs as a process of its own while the shell goes on. Its output goes
 * where the shell's goes; Ctrl-C (which reaches the foreground job) leaves it running. A
 * terminal shows `[N] PID` as bash's interactive shells do; a script shows nothing.
 */
function startBackground(item: AndOrNode, env: ShellEnv): void {
  const session = env.session;
  // A terminal's shell reports ended jobs (`Done`) and forgets them: their numbers come free.
  if (!session.script && session.jobs) session.jobs = session.jobs.filter((j) => !j.notified);
  session.jobs ??= [];
  const jobs = session.jobs;
  const bgJob: Job = { procs: new Set(), interrupted: false };
  const machine = env.world.machines.get(session.target.machine);
  const pid = machine ? newSockHolder(machine).pid : 0;
  const n = jobs.length === 0 ? 1 : Math.max(...jobs.map((j) => j.n)) + 1;
  const bgEnv: ShellEnv = { ...env, job: bgJob, wakeShell: () => proc.wake() };
  const record: BackgroundJob = {
    n,
    pid,
    text: item.background ?? '',
    waiters: new Set(),
    kill: (sig) => {
      bgJob.interrupted = true;
      for (const p of bgJob.procs) p.signal(sig);
      proc.signal(sig);
    },
  };
  const done = (code: number) => {
    record.code = code;
    for (const w of record.waiters) w();
    record.waiters.clear();
  };
  const proc: Proc = new Proc(env.world.sched, runAndOr(item, bgEnv), done, (error) => {
    env.stderr.write(`${diagPrefix(session)}: cnlab internal error: ${errorMessage(error)}\n`);
    done(1);
  });
  jobs.push(record);
  session.lastBgPid = pid;
  if (!session.script) env.stderr.write(`[${n}] ${pid}\n`);
  proc.start();
}

function* runAndOr(node: AndOrNode, env: ShellEnv): ProcBody {
  let status = yield* runPipeline(node.first, env);
  for (const { op, pipeline } of node.rest) {
    env.session.lastStatus = status;
    if (env.job.interrupted || env.session.exited) return status;
    if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) {
      status = yield* runPipeline(pipeline, env);
    }
  }
  return status;
}

function* runPipeline(node: PipelineNode, env: ShellEnv): ProcBody {
  const n = node.commands.length;
  const procs: Proc[] = [];
  const statuses: number[] = new Array(n).fill(0);
  let input: InStream = EMPTY_INPUT;
  for (let i = 0; i < n; i++) {
    const isLast = i === n - 1;
    const pipe = isLast ? undefined : new GuardedPipe();
    const out: OutStream = pipe ?? env.stdout;
    const stageInput = input;
    const cmd = node.commands[i];
    const wake = () => proc.wake();
    const body =
      cmd.type === 'For'
        ? runFor(cmd, env, out, wake)
        : runSimple(cmd, env, stageInput, out, n > 1, wake);
    const proc: Proc = new Proc(
      env.world.sched,
      body,
      (code) => {
        statuses[i] = code;
        pipe?.close();
        if (stageInput instanceof GuardedPipe) stageInput.readerGone();
        env.job.procs.delete(proc);
        env.wakeShell();
      },
      (error) => {
        env.stderr.write(
          `${diagPrefix(env.session)}: cnlab internal error: ${errorMessage(error)}\n`,
        );
        statuses[i] = 1;
        pipe?.close();
        env.job.procs.delete(proc);
        env.wakeShell();
      },
    );
    if (stageInput instanceof GuardedPipe) stageInput.attach(proc);
    procs.push(proc);
    env.job.procs.add(proc);
    input = pipe ?? EMPTY_INPUT;
  }
  for (const p of procs) p.start();
  while (procs.some((p) => !p.finished)) {
    try {
      yield {};
    } catch (e) {
      // The shell waits for its foreground job; the job's processes got the signal too.
      if (!(e instanceof Interrupt)) throw e;
      env.job.interrupted = true;
    }
  }
  const last = statuses[n - 1];
  return node.negated ? (last === 0 ? 1 : 0) : last;
}

/** A `for` loop: the body once per word, with NAME set to it (the loop runs as its own stage). */
function* runFor(node: ForNode, env: ShellEnv, stdout: OutStream, wake: () => void): ProcBody {
  const session = env.session;
  const values = node.words.flatMap((w) => expandWord(w, shellLookup(session)));
  // The body's own stages wake this stage's process, not the shell's.
  const inner: ShellEnv = { ...env, stdout, wakeShell: wake };
  let status = 0;
  for (const value of values) {
    session.env.set(node.name, value);
    for (const item of node.body) {
      status = yield* runAndOr(item, inner);
      session.lastStatus = status;
      if (env.job.interrupted || session.exited) return status;
    }
  }
  return status;
}

/**
 * `bash -c TEXT`: TEXT as a script in a child shell that runs in `c`'s namespace and writes to
 * its streams. The child starts from its environment (the exported variables and the command's
 * prefixes), all of them exported again; what it sets stays in it. Its `exit` ends only the child.
 */
function* runChildShell(text: string, env: ShellEnv, c: CommandContext): ProcBody {
  const parsed = parse(text);
  if (!parsed.ok) {
    const quoted = parsed.error.startsWith('syntax error near')
      ? `bash: -c: line 1: \`${text}'\n`
      : '';
    c.stderr.write(`bash: -c: line 1: ${parsed.error}\n${quoted}`);
    return parsed.status ?? 2;
  }
  const depth = (env.session.childDepth ?? 0) + 1;
  if (depth > MAX_NESTING) {
    c.stderr.write(
      `bash: child shells nested more than ${MAX_NESTING} deep are not supported in cnlab\n`,
    );
    return 2;
  }
  const session: Session = {
    ...env.session,
    env: new Map(c.env),
    exported: new Set(c.env.keys()),
    script: undefined,
    exited: undefined,
    outer: [],
    childDepth: depth,
  };
  const child: ShellEnv = {
    ...env,
    session,
    stdout: c.stdout,
    stderr: c.stderr,
    netns: c.netns,
    wakeShell: c.wake,
  };
  return yield* runScript(parsed.script, child);
}

function shellLookup(session: Session): Lookup {
  return (name) => special(name, session) ?? session.env.get(name);
}

function* runSimple(
  node: SimpleCommandNode,
  env: ShellEnv,
  stdin: InStream,
  stdout: OutStream,
  inPipeline: boolean,
  wake: () => void,
): ProcBody {
  const session = env.session;
  const lookup = shellLookup(session);
  const argv = node.words.flatMap((w) => expandWord(w, lookup));
  const assigned = node.assignments.map((a) => [a.name, expandToString(a.value, lookup)] as const);
  const machine = env.world.machines.get(session.target.machine);
  const netns = env.netns ?? machine?.netns(session.target.netns);
  const stdio = applyRedirects(node.redirects, { stdin, stdout, stderr: env.stderr }, lookup, {
    machine,
    netns,
  });
  if ('error' in stdio) {
    env.stderr.write(`${diagPrefix(session)}: ${stdio.error}\n`);
    return 1;
  }
  // A line that opened a machine file for writing changed the lab, whatever the command does.
  if (stdio.wroteFile) env.noteMutation();
  if (argv.length === 0) {
    // `NAME=value` alone sets a shell variable (not in a pipeline's subshell).
    if (!inPipeline) for (const [k, v] of assigned) session.env.set(k, v);
    return 0;
  }
  const command = env.lookupCommand(argv[0]);
  if (!command) {
    // A name with a slash is a path: bash execs it instead of searching PATH.
    const why = !argv[0].includes('/')
      ? 'command not found'
      : machine && vfsIsDir(machine, argv[0])
        ? 'Is a directory'
        : machine && vfsExists(machine, argv[0])
          ? 'Permission denied'
          : 'No such file or directory';
    stdio.stderr.write(`${diagPrefix(session)}: ${argv[0]}: ${why}\n`);
    return why === 'command not found' || why.startsWith('No such') ? 127 : 126;
  }
  // The command's environment: the exported variables, then its own `NAME=value` prefixes.
  const vars = new Map<string, string>();
  for (const k of session.exported) {
    const v = session.env.get(k);
    if (v !== undefined) vars.set(k, v);
  }
  for (const [k, v] of assigned) vars.set(k, v);
  const ctx: CommandContext = {
    stdin: stdio.stdin,
    stdout: stdio.stdout,
    stderr: stdio.stderr,
    env: vars,
    session,
    world: env.world,
    machine,
    netns,
    now: () => env.world.sched.now,
    diagPrefix: () => diagPrefix(session),
    commands: env.listCommands,
    wake,
    shell: (text, c) => runChildShell(text, env, c),
  };
  const mutates =
    typeof command.mutates === 'function' ? command.mutates(argv.slice(1)) : command.mutates;
  let result: ReturnType<Command['run']>;
  try {
    result = command.run(argv.slice(1), ctx);
  } catch (e) {
    if (e instanceof BrokenPipe) return SIGPIPE_STATUS;
    throw e;
  }
  let status: number;
  if (typeof result === 'number') status = result;
  else {
    try {
      status = yield* result;
    } catch (e) {
      if (e instanceof BrokenPipe) return SIGPIPE_STATUS;
      throw e;
    }
  }
  if (mutates && status === 0) env.noteMutation();
  return status;
}

function special(name: string, session: Session): string | undefined {
  switch (name) {
    case '?':
      return String(session.lastStatus);
    case '0':
      return session.script?.file ?? 'bash';
    case '#':
      return '0';
    case '$':
      return '1';
    case '!':
      // The pid of the last background job (empty before any).
      return session.lastBgPid === undefined ? '' : String(session.lastBgPid);
    default:
      return /^[1-9]$/.test(name) ? '' : undefined;
  }
}

/** A pipe that breaks (SIGPIPE) for its writer once the reader is gone. */
class GuardedPipe extends Pipe {
  private gone = false;
  readerGone(): void {
    this.gone = true;
  }
  override write(text: string): void {
    if (this.gone) throw new BrokenPipe();
    super.write(text);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
