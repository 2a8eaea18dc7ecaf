/**
 * What `cnlab sh FILE` does: a fresh lab with one bare machine (a new network namespace: only
 * `lo`, down — what `unshare --net` gives a script on real Linux), the file's lines run in one
 * shell session in order, every byte of output passed on as it is written.
 */
import { Lab } from './lab';

export interface RunFileOptions {
  seed?: number;
  machine?: string;
  /** Called once the machine exists, before the first line runs (to attach captures, a trace sink). */
  onReady?: (lab: Lab) => void;
}

export type RunFileResult = { ok: true; status: number } | { ok: false; error: string };

export function runFile(
  file: string,
  text: string,
  onOutput: (stream: 'stdout' | 'stderr', data: string) => void,
  options: RunFileOptions = {},
): RunFileResult {
  const machine = options.machine ?? 'host';
  const lab = new Lab(options.seed ?? 1);
  const con = lab.openSession({ machine: 'lab' });
  const made = lab.execToEnd(con, `machine add ${machine} --bare`);
  if (made.code !== 0) return { ok: false, error: made.stderr.trim() };
  const session = lab.openSession({ machine });
  options.onReady?.(lab);
  const status = lab.runScript(session, file, text, (e) => {
    if (e.kind === 'output') onOutput(e.stream, e.data);
  });
  return { ok: true, status };
}
