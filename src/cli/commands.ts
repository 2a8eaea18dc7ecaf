/**
 * The `cnlab` commands, over a {@link CliIo} so that tests run them in memory. Each returns the
 * process exit status: bad input is one `cnlab: …` line on stderr and status 2.
 */
import { Lab } from '../engine/api/lab';
import { type PcapNaming, PcapRecorder } from '../engine/api/pcap-export';
import { runFile } from '../engine/api/run-file';
import { type ExecSpec, parseExecSpec, runScenario } from '../engine/api/run-scenario';
import { BUILTIN_SCENARIOS } from '../engine/scenario/builtin';
import { LIMITS, validateScenario } from '../engine/scenario/validate';
import type { CliCommand, CliOutputs } from './args';
import { type CliIo, fileError, type LineSink } from './io';
import { resolveScenario } from './scenario-source';

type Cmd<K extends CliCommand['kind']> = Extract<CliCommand, { kind: K }>;

/** `cnlab sh FILE | -c LINE`. */
export function shCommand(cmd: Cmd<'sh'>, io: CliIo): number {
  const file = 'line' in cmd.source ? 'bash' : cmd.source.file;
  let text: string;
  if ('line' in cmd.source) text = cmd.source.line;
  else {
    try {
      text = io.readText(cmd.source.file);
    } catch (e) {
      // bash FILE's status when FILE cannot be read
      io.stderr(`cnlab: ${cmd.source.file}: ${fileError(e)}\n`);
      return 127;
    }
  }
  const outputs = openOutputs(cmd, 'netns', io);
  if (!outputs.ok) return fail(io, outputs.error);
  const write = (stream: 'stdout' | 'stderr', data: string) =>
    stream === 'stdout' ? io.stdout(data) : io.stderr(data);
  const r = runFile(file, text, write, {
    seed: cmd.seed,
    machine: cmd.machine,
    onReady: outputs.attach,
  });
  const written = outputs.finish();
  if (!r.ok) return fail(io, r.error);
  if (!written.ok) return fail(io, written.error);
  return r.status;
}

/** `cnlab run SCENARIO [--exec "NODE: COMMAND"]…`. */
export function runCommand(cmd: Cmd<'run'>, io: CliIo): number {
  const execs: ExecSpec[] = [];
  for (const text of cmd.execs) {
    const p = parseExecSpec(text);
    if (!p.ok) return fail(io, p.error);
    execs.push(p.exec);
  }
  const source = resolveScenario(cmd.scenario, io);
  if (!source.ok) return fail(io, source.error);
  const outputs = openOutputs(cmd, 'machine', io);
  if (!outputs.ok) return fail(io, outputs.error);
  const write = (stream: 'stdout' | 'stderr', data: string) =>
    stream === 'stdout' ? io.stdout(data) : io.stderr(data);
  const r = runScenario(source.scenario, execs, write, {
    seed: cmd.seed,
    onReady: outputs.attach,
  });
  const written = outputs.finish();
  for (const w of r.warnings) io.stderr(`cnlab: warning: ${w}\n`);
  if (!r.ok) return fail(io, r.error);
  if (!written.ok) return fail(io, written.error);
  return r.status;
}

/** `cnlab scenarios`: one line per built-in, `ID  TITLE — DESCRIPTION`. */
export function scenariosCommand(io: CliIo): number {
  const width = Math.max(...BUILTIN_SCENARIOS.map((b) => b.id.length)) + 2;
  for (const b of BUILTIN_SCENARIOS) {
    io.stdout(`${b.id.padEnd(width)}${b.title} — ${b.description}\n`);
  }
  return 0;
}

/** `cnlab check FILE`. */
export function checkCommand(file: string, io: CliIo): number {
  let text: string;
  try {
    text = io.readText(file);
  } catch (e) {
    io.stderr(`cnlab: ${file}: ${fileError(e)}\n`);
    return 1;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    io.stderr(`cnlab: ${file}: not JSON (${(e as Error).message})\n`);
    return 1;
  }
  const v = validateScenario(data);
  if (!v.ok) {
    io.stderr(`cnlab: ${file}: ${v.error}\n`);
    return 1;
  }
  const r = new Lab(v.scenario.seed).load(v.scenario);
  if (!r.ok) {
    io.stderr(`cnlab: ${file}: ${r.error}\n`);
    return 1;
  }
  for (const w of r.warnings ?? []) io.stderr(`cnlab: ${file}: warning: ${w}\n`);
  const steps = v.scenario.steps.length;
  io.stdout(
    `${file}: ok: "${v.scenario.title}", ${steps} step${steps === 1 ? '' : 's'} (limit ${LIMITS.steps}), ${r.view.machines.length} machines\n`,
  );
  return 0;
}

function fail(io: CliIo, error: string): number {
  io.stderr(`cnlab: ${error}\n`);
  return 2;
}

interface Outputs {
  ok: true;
  /** Attach the captures and the trace sink to the lab (RunFileOptions.onReady). */
  attach: (lab: Lab) => void;
  /** Stop recording and write the pcap files. */
  finish: () => { ok: true } | { ok: false; error: string };
}

/**
 * Prepare `--pcap DIR` and `--trace FILE`. The trace file is opened first, so a bad path is
 * reported before anything runs; events are written as they come, one JSON object per line.
 */
function openOutputs(
  opts: CliOutputs,
  naming: PcapNaming,
  io: CliIo,
): Outputs | { ok: false; error: string } {
  let sink: LineSink | undefined;
  if (opts.traceFile !== undefined) {
    try {
      sink = io.openSink(opts.traceFile);
    } catch (e) {
      return { ok: false, error: `--trace ${opts.traceFile}: ${fileError(e)}` };
    }
  }
  let recorder: PcapRecorder | undefined;
  return {
    ok: true,
    attach: (lab) => {
      if (sink) {
        const out = sink;
        lab.subscribe((batch) => {
          for (const e of batch) {
            if (e.kind !== 'trace') continue;
            let text = '';
            for (const t of e.events) text += `${JSON.stringify(t)}\n`;
            out.write(text);
          }
        });
      }
      if (opts.pcapDir !== undefined) {
        recorder = new PcapRecorder(lab, naming);
        recorder.start();
      }
    },
    finish: () => {
      sink?.close();
      if (!recorder || opts.pcapDir === undefined) return { ok: true };
      const dir = opts.pcapDir;
      try {
        for (const f of recorder.finish()) io.writeFile(dir, f.name, f.bytes);
      } catch (e) {
        return { ok: false, error: `--pcap ${dir}: ${fileError(e)}` };
      }
      return { ok: true };
    },
  };
}
