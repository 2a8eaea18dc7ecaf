/**
 * Processes on the virtual clock. A command that takes time (ping, sleep, tcpdump, a pipeline
 * stage reading its input) is a generator that yields `Park` to wait and is resumed by the
 * scheduler — never by real time — so a run is deterministic and Ctrl-C is just an exception
 * thrown into the generator at the point where it waits.
 */
import type { Signal } from '../api/types';
import type { Micros } from '../sim/clock';
import type { Scheduler, TimerId } from '../sim/scheduler';

/** Yielded by a process: wait until woken, or until virtual time `until` if given. */
export interface Park {
  until?: Micros;
}
/** Why a parked process was resumed. */
export type Resume = 'wake' | 'timeout';
/** A long-running command body. Its return value is the exit status. */
export type ProcBody = Generator<Park, number, Resume>;

/** Thrown into a parked process when a signal arrives; uncaught it ends the process with 128+n. */
export class Interrupt extends Error {
  readonly sig: Signal;

  constructor(sig: Signal) {
    super(`SIG${sig}`);
    this.sig = sig;
  }
}

export const SIGNAL_NUMBERS: Record<Signal, number> = { HUP: 1, INT: 2, KILL: 9, TERM: 15 };

/** Wait for `us` microseconds of virtual time (throws Interrupt on Ctrl-C). */
export function* sleep(now: () => Micros, us: Micros): Generator<Park, void, Resume> {
  const until = now() + us;
  while (now() < until) yield { until };
}

export class Proc {
  private parked = false;
  private done = false;
  /**
   * The park's timeout timer. It is kept when the process is woken early and parks again with a
   * later deadline (a flood ping re-parks after every reply): it then fires early, sees the
   * deadline has not come and re-arms for it, instead of a timer being made and cancelled on
   * every wake-up.
   */
  private timer: TimerId | undefined;
  /** When the current park times out, if it does. */
  private deadline: Micros | undefined;
  private wakeQueued = false;

  private readonly sched: Scheduler;
  private readonly body: ProcBody;
  private readonly onExit: (code: number) => void;
  private readonly onCrash: (error: unknown) => void;
  /** The scheduler callbacks of `wake` and of a park's timeout, made once (perf only). */
  private readonly wakeNow = () => {
    this.wakeQueued = false;
    if (this.parked) this.step('wake');
  };
  private readonly timeout = () => {
    this.timer = undefined;
    if (!this.parked || this.deadline === undefined) return;
    if (this.sched.now < this.deadline) this.timer = this.sched.at(this.deadline, this.timeout);
    else this.step('timeout');
  };

  constructor(
    sched: Scheduler,
    body: ProcBody,
    onExit: (code: number) => void,
    onCrash: (error: unknown) => void,
  ) {
    this.sched = sched;
    this.body = body;
    this.onExit = onExit;
    this.onCrash = onCrash;
  }

  get finished(): boolean {
    return this.done;
  }

  /** Run the body until it first parks or returns. */
  start(): void {
    this.step('wake');
  }

  /** Resume a parked process soon (at the current virtual instant, after what is queued). */
  wake(): void {
    if (!this.parked || this.wakeQueued || this.done) return;
    this.wakeQueued = true;
    this.sched.after(0, this.wakeNow);
  }

  /** Deliver a signal: an Interrupt thrown at the point where the process waits. */
  signal(sig: Signal): void {
    if (this.done) return;
    this.sched.after(0, () => {
      if (!this.done) this.step(new Interrupt(sig));
    });
  }

  /** Resume the body with `input` (an Interrupt is thrown into it). */
  private step(input: Resume | Interrupt): void {
    if (this.done) return;
    this.parked = false;
    this.deadline = undefined;
    let r: IteratorResult<Park, number>;
    try {
      r = input instanceof Interrupt ? this.body.throw(input) : this.body.next(input);
    } catch (e) {
      this.end();
      if (e instanceof Interrupt) this.onExit(128 + SIGNAL_NUMBERS[e.sig]);
      else this.onCrash(e);
      return;
    }
    if (r.done) {
      this.end();
      this.onExit(r.value);
      return;
    }
    this.parked = true;
    const until = r.value.until;
    if (until === undefined) return;
    this.deadline = until;
    if (this.timer !== undefined && this.timer.at <= until) return;
    if (this.timer !== undefined) this.sched.cancel(this.timer);
    this.timer = this.sched.at(until, this.timeout);
  }

  private end(): void {
    this.done = true;
    if (this.timer !== undefined) this.sched.cancel(this.timer);
    this.timer = undefined;
  }
}

/** Where a process writes. */
export interface OutStream {
  write(text: string): void;
}

/** Where a process reads: data, `null` at end of input, `undefined` when nothing is there yet. */
export interface InStream {
  read(): string | null | undefined;
  /** The process to wake when data arrives. */
  attach(reader: Proc): void;
}

/** A pipe between two stages of a pipeline. */
export class Pipe implements InStream, OutStream {
  private chunks: string[] = [];
  private closed = false;
  private reader: Proc | undefined;

  write(text: string): void {
    if (this.closed || text === '') return;
    this.chunks.push(text);
    this.reader?.wake();
  }

  close(): void {
    this.closed = true;
    this.reader?.wake();
  }

  read(): string | null | undefined {
    if (this.chunks.length > 0) {
      const all = this.chunks.join('');
      this.chunks = [];
      return all;
    }
    return this.closed ? null : undefined;
  }

  attach(reader: Proc): void {
    this.reader = reader;
  }
}

/** Input that is already at its end (a terminal command's stdin in the lab). */
export const EMPTY_INPUT: InStream = { read: () => null, attach: () => {} };

/** Read everything up to end of input. */
export function* readAll(stdin: InStream): Generator<Park, string, Resume> {
  let out = '';
  for (;;) {
    const chunk = stdin.read();
    if (chunk === null) return out;
    if (chunk === undefined) yield {};
    else out += chunk;
  }
}

/** Yield complete lines (without '\n') as they arrive; a last unterminated line too. */
export function* readLines(
  stdin: InStream,
  onLine: (line: string) => unknown,
): Generator<Park, void, Resume> {
  let buf = '';
  for (;;) {
    const chunk = stdin.read();
    if (chunk === undefined) {
      yield {};
      continue;
    }
    if (chunk === null) {
      if (buf !== '') onLine(buf);
      return;
    }
    buf += chunk;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      if (onLine(buf.slice(0, nl)) === false) return;
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
    }
  }
}
