/**
 * Test support (imported by tests only): run a built-in scenario as `cnlab run ID --exec …`
 * does, with a pcap on every interface (the recorder `--pcap` uses) and the trace collected.
 */
import type { Lab } from '../../api/lab';
import { PcapRecorder } from '../../api/pcap-export';
import { parseExecSpec, runScenario } from '../../api/run-scenario';
import type { TraceEvent } from '../../api/types';
import { readPcap } from '../../wire';
import { builtinScenario } from './index';

export interface Ran {
  status: number;
  output: string;
  warnings: string[];
  /** Frames per capture file name (MACHINE__NETNS__IFNAME.pcap). */
  frames: Map<string, Uint8Array[]>;
  /** Every trace event, from the end of the scenario's load on. */
  trace: TraceEvent[];
  lab: Lab;
}

/** Load built-in `id`, run `execs` ("NODE: COMMAND") with a pcap on every interface. */
export function runBuiltin(id: string, ...execs: string[]): Ran {
  const b = builtinScenario(id);
  if (!b) throw new Error(`no built-in ${id}`);
  let recorder: PcapRecorder | undefined;
  let lab: Lab | undefined;
  let output = '';
  const trace: TraceEvent[] = [];
  const specs = execs.map((e) => {
    const p = parseExecSpec(e);
    if (!p.ok) throw new Error(p.error);
    return p.exec;
  });
  const r = runScenario(
    b.scenario,
    specs,
    (_s, d) => {
      output += d;
    },
    {
      onReady: (l) => {
        lab = l;
        recorder = new PcapRecorder(l, 'machine');
        recorder.start();
        l.subscribe((batch) => {
          for (const e of batch) if (e.kind === 'trace') trace.push(...e.events);
        });
      },
    },
  );
  if (!r.ok) throw new Error(r.error);
  const frames = new Map<string, Uint8Array[]>();
  for (const f of recorder?.finish() ?? []) {
    const pcap = readPcap(f.bytes);
    if (!pcap.ok) throw new Error(pcap.error.reason);
    frames.set(
      f.name,
      pcap.value.records.map((rec) => rec.bytes),
    );
  }
  return { status: r.status, output, warnings: r.warnings, frames, trace, lab: lab as Lab };
}
