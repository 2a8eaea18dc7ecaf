/**
 * The in-process Lab: sessions, command execution on the virtual clock, event batching, and
 * scenarios. The worker exposes it over Comlink; the CLI and tests call it directly.
 */
import { World } from '../kernel/world';
import { validateScenario } from '../scenario/validate';
import type { CommandContext } from '../shell/command';
import { type CommandSet, CommandsNotLoaded, namesInPartialLine } from '../shell/command-set';
import { type Job, runScript, type ShellEnv } from '../shell/executor';
import { parse } from '../shell/parser';
import { type OutStream, Proc } from '../shell/process';
import { eagerCommandSets } from '../shell/registry';
import { createSession, diagPrefix, jobNotices, type Session } from '../shell/session';
import { msToMicros } from '../sim/clock';
import type { LabApi } from './lab-api';
import { labFacade } from './lab-facade';
import type {
  ExecId,
  LabEvent,
  LabListener,
  LoadResult,
  RunResult,
  Scenario,
  ScenarioStep,
  SessionId,
  Signal,
  Target,
  TopologyView,
} from './types';

/** The target name of the lab console. */
export const LAB_CONSOLE = 'lab';
/** Default bound on virtual time for `execToEnd` (then the command gets Ctrl-C). */
export const DEFAULT_EXEC_LIMIT_MS = 3_600_000;
/** Timers fired per call before the lab stops to stay responsive (a storm guard). */
export const EVENT_BUDGET = 1_000_000;
/**
 * Timers one `run` call may fire (a few tens of milliseconds of work). When the lab is busier
 * than that, virtual time falls behind and catches up on later calls, so the worker keeps
 * answering — Ctrl-C included — at least every tick.
 */
export const RUN_BUDGET = 5_000;
/** Trace events a running line collects before they are delivered to listeners. */
const TRACE_FLUSH_EVENTS = 10_000;

/** The command tables a lab offers: a machine's shell and the lab console. */
export interface LabCommands {
  machine: CommandSet;
  lab: CommandSet;
}

interface Running {
  id: ExecId;
  session: Session;
  line: string;
  job: Job;
  proc?: Proc;
  mutated: boolean;
  code?: number;
}

/**
 * The lab over given command tables. With lazily loaded tables (the browser's worker) a line that
 * may run a command not loaded yet is refused with `CommandsNotLoaded` before anything happens;
 * `labFacade` then loads it and runs the line.
 */
export class LabEngine {
  private world: World;
  private sessions = new Map<SessionId, Session>();
  private running = new Map<ExecId, Running>();
  /** The foreground exec of each session. */
  private foreground = new Map<SessionId, ExecId>();
  private listeners = new Set<LabListener>();
  private queue: LabEvent[] = [];
  private steps: ScenarioStep[] = [];
  private layout: Scenario['layout'] = {};
  private nextSession = 1;
  private nextExec = 1;
  private shownVersion = -1;

  private readonly commands: LabCommands;

  constructor(seed: number, commands: LabCommands) {
    this.world = new World(seed);
    this.commands = commands;
  }

  /** Replace the lab with a scenario's. On a validation error the current lab is kept. */
  load(input: unknown): LoadResult & { warnings?: string[] } {
    const v = validateScenario(input);
    if (!v.ok) return { ok: false, error: v.error };
    const s = v.scenario;
    this.requireCommands(s.steps.map((st) => [st.on === LAB_CONSOLE ? 'lab' : 'machine', st.line]));
    for (const r of this.running.values()) r.job.interrupted = true;
    this.running.clear();
    this.foreground.clear();
    this.world = new World(s.seed);
    this.steps = [];
    this.layout = { ...s.layout };
    const warnings: string[] = [];
    const replay = createSession('replay', { machine: LAB_CONSOLE }, 'lab');
    for (let i = 0; i < s.steps.length; i++) {
      const step = s.steps[i];
      const isLab = step.on === LAB_CONSOLE;
      if (!isLab && !this.world.machines.has(step.on)) {
        return this.failLoad(`step ${i + 1}: there is no machine named "${step.on}"`, i + 1);
      }
      replay.kind = isLab ? 'lab' : 'machine';
      replay.target = { machine: step.on, netns: step.netns };
      const r = this.runLine(replay, step.line);
      if (r.code !== 0)
        warnings.push(
          `step ${i + 1} (${step.on}): ${firstLine(r.stderr) || `exit status ${r.code}`}`,
        );
    }
    this.world.title = s.title;
    this.world.changed();
    this.flush();
    return warnings.length > 0
      ? { ok: true, view: this.view(), warnings }
      : { ok: true, view: this.view() };
  }

  openSession(target: Target): SessionId {
    const isLab = target.machine === LAB_CONSOLE;
    const machine = this.world.machines.get(target.machine);
    if (!isLab && !machine) throw new Error(`there is no machine named "${target.machine}"`);
    if (machine && target.netns !== undefined && !machine.named.has(target.netns)) {
      throw new Error(`Cannot open network namespace "${target.netns}": No such file or directory`);
    }
    const id = `s${this.nextSession++}`;
    this.sessions.set(id, createSession(id, target, isLab ? 'lab' : 'machine'));
    return id;
  }

  closeSession(id: SessionId): void {
    const fg = this.foreground.get(id);
    if (fg !== undefined) this.signal(fg, 'INT');
    // Its background jobs end with it (SIGHUP, as when a terminal closes).
    for (const j of this.sessions.get(id)?.jobs ?? []) if (j.code === undefined) j.kill('HUP');
    this.sessions.delete(id);
  }

  /** Start a line in a session; its output and exit arrive as events. */
  exec(sessionId: SessionId, line: string): ExecId {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    this.requireCommands([[session.kind, line]]);
    if (line.trim() !== '') session.history.push(line);
    const run = this.start(session, line);
    this.settle();
    this.flush();
    return run.id;
  }

  /** Run a line to its end, advancing virtual time as needed (bounded by `limitMs`). */
  execToEnd(sessionId: SessionId, line: string, limitMs = DEFAULT_EXEC_LIMIT_MS): RunResult {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    this.requireCommands([[session.kind, line]]);
    if (line.trim() !== '') session.history.push(line);
    const r = this.runLine(session, line, limitMs);
    this.flush();
    return r;
  }

  signal(execId: ExecId, sig: Signal): void {
    const run = this.running.get(execId);
    if (!run) return;
    run.job.interrupted = true;
    for (const p of run.job.procs) p.signal(sig);
    run.proc?.signal(sig);
    this.settle();
    this.flush();
  }

  /** Advance virtual time by `ms`, firing everything due. */
  run(ms: number): void {
    if (!(ms > 0)) return;
    this.world.sched.runFor(msToMicros(ms), RUN_BUDGET);
    this.queue.push({ kind: 'clock', now: this.world.sched.now });
    this.flush();
  }

  now(): number {
    return this.world.sched.now;
  }

  /** The simulated world, for benchmarks and white-box tests (not part of the LabApi). */
  worldForBench(): World {
    return this.world;
  }

  /** True while any command is running or any timer is pending (the worker paces time then). */
  busy(): boolean {
    return this.running.size > 0 || this.world.sched.pending > 0;
  }

  view(): TopologyView {
    return { ...this.world.view(), layout: { ...this.layout } };
  }

  complete(sessionId: SessionId, line: string): string[] {
    const session = this.sessions.get(sessionId);
    if (!session) return [];
    const words = line.split(/[ \t]+/);
    const partial = words.pop() ?? '';
    const lastSep = Math.max(line.lastIndexOf(';'), line.lastIndexOf('|'), line.lastIndexOf('&'));
    const commandWords = line
      .slice(lastSep + 1)
      .trimStart()
      .split(/[ \t]+/);
    commandWords.pop();
    const set = this.setFor(session);
    const missing = set.missing(namesInPartialLine(line));
    if (missing.length > 0) throw new CommandsNotLoaded(missing, () => set.load(missing));
    const table = set.table;
    if (commandWords.length === 0) {
      return set
        .names()
        .filter((n) => n.startsWith(partial))
        .sort();
    }
    const cmd = table.get(commandWords[0]);
    const ctx = this.contextFor(session);
    const own = cmd?.complete?.(commandWords.slice(1), partial, ctx) ?? [];
    if (own.length > 0) return [...new Set(own)].sort();
    return completeByContext(commandWords[commandWords.length - 1], partial, ctx);
  }

  subscribe(listener: LabListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): Scenario {
    return {
      format: 'cnlab-scenario',
      version: 1,
      title: this.world.title,
      seed: this.world.seed,
      steps: this.steps.map((s) => ({ ...s })),
      layout: { ...this.layout },
    };
  }

  setLayout(layout: Scenario['layout']): void {
    this.layout = { ...layout };
  }

  /** Run a script file's lines in one session, as `bash FILE` would (used by `cnlab sh`). */
  runScript(sessionId: SessionId, file: string, text: string, out: (e: LabEvent) => void): number {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    this.requireCommands(lines.map((l) => [session.kind, l]));
    const unsubscribe = this.subscribe((batch) => {
      for (const e of batch) out(e);
    });
    try {
      for (let i = 0; i < lines.length; i++) {
        session.script = { file, line: i + 1 };
        // A `for` left open reads on, as bash does, until its `done`.
        let text = lines[i];
        let parsed = parse(text);
        while (!parsed.ok && i + 1 < lines.length && opensCompound(text, parsed.error)) {
          text += `\n${lines[++i]}`;
          parsed = parse(text);
        }
        if (!parsed.ok && parsed.error.startsWith('syntax error near')) {
          this.runLine(session, text);
          this.flush();
          return 2;
        }
        this.runLine(session, text);
        this.flush();
        if (session.exited) break;
      }
      return session.lastStatus;
    } finally {
      session.script = undefined;
      session.exited = undefined;
      unsubscribe();
    }
  }

  // -- internals ------------------------------------------------------------------------------

  private runLine(session: Session, line: string, limitMs = DEFAULT_EXEC_LIMIT_MS): RunResult {
    let stdout = '';
    let stderr = '';
    const run = this.start(session, line, (stream, data) => {
      if (stream === 'stdout') stdout += data;
      else stderr += data;
    });
    const sched = this.world.sched;
    const deadline = sched.now + msToMicros(limitMs);
    this.settle();
    while (run.code === undefined) {
      const next = sched.nextAt();
      if (next === undefined || next > deadline) {
        this.signal(run.id, 'INT');
        if (run.code === undefined) break;
        continue;
      }
      sched.runUntil(next, EVENT_BUDGET);
      // A long traced run hands its events on as it goes (as the worker does every tick), so
      // they are not all held here until the command ends.
      if (this.world.trace.events.length >= TRACE_FLUSH_EVENTS) this.flush();
    }
    return { stdout, stderr, code: run.code ?? 130 };
  }

  private start(
    session: Session,
    line: string,
    tap?: (stream: 'stdout' | 'stderr', data: string) => void,
  ): Running {
    const id = this.nextExec++;
    const job: Job = { procs: new Set(), interrupted: false };
    const run: Running = { id, session, line, job, mutated: false };
    this.running.set(id, run);
    this.foreground.set(session.id, id);
    const sink = (stream: 'stdout' | 'stderr'): OutStream => ({
      write: (data) => {
        if (data === '') return;
        tap?.(stream, data);
        this.emitOutput(id, session.id, stream, data);
      },
    });
    const stdout = sink('stdout');
    const stderr = sink('stderr');
    const finish = (code: number) => {
      // A terminal's shell reports the background jobs that ended, before its next prompt.
      if (!session.script) {
        const notices = jobNotices(session);
        if (notices) stderr.write(notices);
      }
      run.code = code;
      session.lastStatus = code;
      this.running.delete(id);
      if (this.foreground.get(session.id) === id) this.foreground.delete(session.id);
      if (run.mutated) this.record(session, line);
      this.queue.push({ kind: 'exit', exec: id, session: session.id, code });
    };
    if (session.kind === 'machine' && !this.world.machines.has(session.target.machine)) {
      stderr.write(`bash: machine "${session.target.machine}" no longer exists\n`);
      finish(1);
      return run;
    }
    const parsed = parse(line);
    if (!parsed.ok) {
      const prefix = diagPrefix(session);
      const detail =
        parsed.error.startsWith('syntax error near') && session.script
          ? `\n${prefix}: \`${line}'`
          : '';
      stderr.write(`${prefix}: ${parsed.error}${detail}\n`);
      finish(parsed.status ?? 2);
      return run;
    }
    const set = this.setFor(session);
    const table = set.table;
    const env: ShellEnv = {
      world: this.world,
      session,
      lookupCommand: (name) => {
        const command = table.get(name);
        // Unreachable: every name the line holds was loaded before it started (requireCommands).
        if (!command && set.isUnloaded(name)) throw new Error(`${name} was not loaded`);
        return command;
      },
      listCommands: () => [...table.values()],
      stdout,
      stderr,
      job,
      wakeShell: () => run.proc?.wake(),
      noteMutation: () => {
        run.mutated = true;
      },
    };
    run.proc = new Proc(this.world.sched, runScript(parsed.script, env), finish, (error) => {
      stderr.write(
        `bash: cnlab internal error: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      finish(1);
    });
    run.proc.start();
    return run;
  }

  private record(session: Session, line: string): void {
    // Replayed steps are recorded too, so a snapshot right after a load reproduces the scenario.
    const on = session.kind === 'lab' ? LAB_CONSOLE : session.target.machine;
    const step: ScenarioStep = session.target.netns
      ? { on, netns: session.target.netns, line }
      : { on, line };
    this.steps.push(step);
  }

  /** Fire everything due at the current instant (zero-delay wakes and signals). */
  private settle(): void {
    this.world.sched.runUntil(this.world.sched.now, EVENT_BUDGET);
  }

  private emitOutput(
    exec: ExecId,
    session: SessionId,
    stream: 'stdout' | 'stderr',
    data: string,
  ): void {
    const last = this.queue[this.queue.length - 1];
    if (last?.kind === 'output' && last.exec === exec && last.stream === stream) last.data += data;
    else this.queue.push({ kind: 'output', exec, session, stream, data });
  }

  /** Deliver queued events as one batch, with a topology event if the world changed. */
  private flush(): void {
    const traced = this.world.trace.take();
    if (traced.length > 0) this.queue.push({ kind: 'trace', events: traced });
    const storm = this.world.storm.takeWarning();
    if (storm) this.queue.push({ kind: 'notice', level: 'warning', text: storm });
    if (this.world.version !== this.shownVersion) {
      this.shownVersion = this.world.version;
      this.queue.push({ kind: 'topology', view: this.view() });
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    for (const l of this.listeners) l(batch);
  }

  private setFor(session: Pick<Session, 'kind'>): CommandSet {
    return session.kind === 'lab' ? this.commands.lab : this.commands.machine;
  }

  /**
   * Refuse, before anything happens, lines that may run a command not loaded yet (lazy tables
   * only); the error carries the load to await before trying again.
   */
  private requireCommands(lines: [Session['kind'], string][]): void {
    const missing: { set: CommandSet; names: string[] }[] = [];
    for (const [kind, line] of lines) {
      const set = this.setFor({ kind });
      const names = set.missingFor(line);
      if (names.length > 0) missing.push({ set, names });
    }
    if (missing.length === 0) return;
    const names = [...new Set(missing.flatMap((m) => m.names))];
    throw new CommandsNotLoaded(names, async () => {
      await Promise.all(missing.map((m) => m.set.load(m.names)));
    });
  }

  private contextFor(session: Session): CommandContext {
    const table = this.setFor(session).table;
    const none = { write: () => {} };
    const machine = this.world.machines.get(session.target.machine);
    return {
      machine,
      netns: machine?.netns(session.target.netns),
      stdin: { read: () => null, attach: () => {} },
      stdout: none,
      stderr: none,
      env: session.env,
      session,
      world: this.world,
      now: () => this.world.sched.now,
      diagPrefix: () => diagPrefix(session),
      commands: () => [...table.values()],
      wake: () => {},
    };
  }

  private failLoad(error: string, step: number): LoadResult {
    return { ok: false, error, step };
  }
}

/**
 * Completion any command gets: after a word that takes a device (`dev`, `-i`, `-I`, `master`),
 * the devices of the namespace; after one that takes a namespace (`-n`, `netns`, `exec`), the
 * named namespaces of the machine.
 */
function completeByContext(previous: string, partial: string, ctx: CommandContext): string[] {
  let names: string[] = [];
  if (['dev', '-i', '-I', 'master', 'link', 'oif', 'iif'].includes(previous)) {
    names = ctx.netns?.devices.map((d) => d.name) ?? [];
  } else if (['-n', '-netns', 'netns', 'exec'].includes(previous)) {
    names = [...(ctx.machine?.named.keys() ?? [])];
  }
  return names.filter((n) => n.startsWith(partial)).sort();
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** The lab with every command loaded: the CLI, tests and the in-process client. */
export class Lab extends LabEngine {
  constructor(seed = 1) {
    super(seed, eagerCommandSets());
  }
}

/** The async facade over an in-process Lab: the same interface the worker exposes. */
export function createLab(seed = 1): LabApi & { readonly core: Lab } {
  const core = new Lab(seed);
  return { core, ...labFacade(core) };
}

/** A script line that leaves a compound command (`for … do … done`) open for the next lines. */
function opensCompound(text: string, error: string): boolean {
  return error === 'syntax error: unexpected end of file' && /(^|[\s;|&])for\s/.test(text);
}
