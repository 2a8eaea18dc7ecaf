import type {
  ExecId,
  LabListener,
  LoadResult,
  Micros,
  RunResult,
  Scenario,
  SessionId,
  Signal,
  Target,
  TopologyView,
  Unsubscribe,
} from './types';

/**
 * The one facade the outside world calls: the worker exposes it over Comlink, the CLI and the
 * tests call it in-process. Every method is async so both transports share one interface.
 */
export interface LabApi {
  /** Validate a scenario and replay its steps on a fresh lab. On error the old lab is kept. */
  load(scenario: Scenario): Promise<LoadResult>;
  /** Open a shell session on a machine (optionally inside one of its netns). */
  openSession(target: Target): Promise<SessionId>;
  closeSession(session: SessionId): Promise<void>;
  /** Start a command line; output streams as `output` events and ends with an `exit` event. */
  exec(session: SessionId, line: string): Promise<ExecId>;
  /** Run a line and advance virtual time until it exits (at most `limitMs` of virtual time). */
  execToEnd(session: SessionId, line: string, limitMs?: number): Promise<RunResult>;
  /** Deliver a signal (Ctrl-C) to the running command of a session. */
  signal(exec: ExecId, sig: Signal): Promise<void>;
  /** Advance virtual time by `ms` milliseconds, firing every timer due on the way. */
  run(ms: number): Promise<void>;
  /** Current virtual time. */
  now(): Promise<Micros>;
  /** What the canvas draws. */
  view(): Promise<TopologyView>;
  /** Tab completion candidates for a partial line in a session. */
  complete(session: SessionId, line: string): Promise<string[]>;
  subscribe(listener: LabListener): Promise<Unsubscribe>;
  /** The scenario that rebuilds the current lab: its steps plus layout. */
  snapshot(): Promise<Scenario>;
  /** Record canvas positions (layout only; no effect on the simulation). */
  setLayout(layout: Scenario['layout']): Promise<void>;
}
