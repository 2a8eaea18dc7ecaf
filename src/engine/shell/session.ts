/**
 * A shell session: one terminal tab (or one `cnlab sh` script) on one machine and netns, with
 * its own variables, history and last exit status.
 */
import type { SessionId, Signal, Target } from '../api/types';

export interface Session {
  id: SessionId;
  target: Target;
  /** 'lab' sessions run the lab console (topology commands) instead of a machine's shell. */
  kind: 'machine' | 'lab';
  env: Map<string, string>;
  /** The variables `export` marked: a command's environment is these plus its `NAME=v` prefixes. */
  exported: Set<string>;
  history: string[];
  lastStatus: number;
  /** Set by `exit`: a script stops, a terminal's shell has ended. */
  exited?: boolean;
  /** Set when running a script file: diagnostics then read `FILE: line N: …` as bash prints. */
  script?: { file: string; line: number };
  /**
   * Where the terminal was before each interactive `bash` it started (`ip netns exec x bash`
   * moves it into x); `exit` returns to the last one instead of ending the terminal.
   */
  outer?: Target[];
  /** How many `bash -c` shells this one runs in (0 or absent: the terminal's own). */
  childDepth?: number;
  /** Background jobs started with `&` (the finished ones too, until `wait` collects them). */
  jobs?: BackgroundJob[];
  /** `$!`: the pid of the last background job. */
  lastBgPid?: number;
}

export interface BackgroundJob {
  /** The job number bash shows (`[1]`). */
  n: number;
  pid: number;
  /** Sends the job's processes a signal (HUP when its terminal closes, `kill`'s TERM). */
  kill(sig: Signal): void;
  /** The list as typed (without its `&`), as `Done` shows it. */
  text: string;
  /** The exit status, once it has ended. */
  code?: number;
  /** A terminal has shown its `Done`. */
  notified?: boolean;
  /** Processes waiting for it (`wait`), woken when it ends. */
  waiters: Set<() => void>;
}

export function createSession(id: SessionId, target: Target, kind: Session['kind']): Session {
  const env = new Map<string, string>([
    ['HOME', '/root'],
    ['USER', 'root'],
    ['SHELL', '/bin/bash'],
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['TERM', 'xterm-256color'],
  ]);
  return { id, target, kind, env, exported: new Set(env.keys()), history: [], lastStatus: 0 };
}

export function diagPrefix(session: Session): string {
  return session.script ? `${session.script.file}: line ${session.script.line}` : 'bash';
}

/**
 * What an interactive bash with job control prints before its next prompt for the background
 * jobs that ended since: `[1]+  Done                    sleep 1`, `Exit N` for a failure.
 */
export function jobNotices(session: Session): string {
  const jobs = session.jobs ?? [];
  const ended = jobs.filter((j) => j.code !== undefined && !j.notified);
  return ended.map((j) => jobLine(j, jobs, false)).join('');
}

/**
 * A job as bash lists it (`jobs`, and the notices): `[N]+  Running                 TEXT &`, the
 * current job `+` and the one before `-` among `listed`, the pid after the mark with `-l`. An
 * ended job shown is reported: it is not shown again.
 */
export function jobLine(j: BackgroundJob, listed: readonly BackgroundJob[], long: boolean): string {
  const mark = j === listed.at(-1) ? '+' : j === listed.at(-2) ? '-' : ' ';
  const state = j.code === undefined ? 'Running' : jobState(j.code);
  if (j.code !== undefined) j.notified = true;
  const amp = j.code === undefined ? ' &' : '';
  const pid = long ? ` ${j.pid}` : ' ';
  return `[${j.n}]${mark}${pid} ${state.padEnd(24)}${j.text}${amp}\n`;
}

const SIGNAL_NAMES: Record<number, string> = {
  129: 'Hangup',
  130: 'Interrupt',
  137: 'Killed',
  143: 'Terminated',
};

/** How bash names an ended job: Done, Exit N, or the signal that ended it. */
export function jobState(code: number): string {
  if (code === 0) return 'Done';
  return SIGNAL_NAMES[code] ?? `Exit ${code}`;
}
