/**
 * A profiling helper (not part of `npm run bench`): builds docker0 or the built-in flannel VXLAN
 * scenario and times one flood ping, so a CPU profile shows only the packet path:
 *
 *   node scripts/bench.mjs bench/profile.ts flannel 30000 trace
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof node_modules/.cache/cnlab-bench-node/profile.mjs docker0 30000
 *
 * (the second runs the bundle the first built: one module, so a profile's line numbers mean
 * something; under tsx every module is a separate, slower unit).
 *
 * Arguments: topology (docker0 | flannel), ping count, and `trace` to turn tracing on.
 * Prints the round trips per second and a hash of the ping's output (for a quick determinism check).
 */
import { createHash } from 'node:crypto';
import { Lab } from '../src/engine/api/lab';
import { builtinScenario } from '../src/engine/scenario/builtin/index';
import { DOCKER0_LINES, floodPing } from './topologies';

const [topology = 'docker0', countText = '30000', traceArg] = process.argv.slice(2);
const count = Number(countText);
const tracing = traceArg === 'trace';

function docker0(): { lab: Lab; session: string; line: (n: number) => string } {
  const lab = new Lab(1);
  lab.execToEnd(lab.openSession({ machine: 'lab' }), 'machine add host --bare');
  const session = lab.openSession({ machine: 'host' });
  for (const line of DOCKER0_LINES) {
    const r = lab.execToEnd(session, line);
    if (r.code !== 0) throw new Error(`${line}: ${r.stderr}`);
  }
  return { lab, session, line: floodPing };
}

function flannel(): { lab: Lab; session: string; line: (n: number) => string } {
  const lab = new Lab(1);
  const scenario = builtinScenario('flannel-vxlan-manual') ?? builtinScenario('flannel-vxlan');
  if (!scenario) throw new Error('no built-in flannel VXLAN scenario');
  const loaded = lab.load(scenario.scenario);
  if (!loaded.ok) throw new Error(loaded.error);
  const session = lab.openSession({ machine: 'node1' });
  return { lab, session, line: (n) => `ip netns exec pod1 ping -f -q -c ${n} 10.244.2.2` };
}

const { lab, session, line } = topology === 'flannel' ? flannel() : docker0();
lab.worldForBench().trace.enabled = tracing;
lab.execToEnd(session, line(2000)); // warm-up
const t0 = performance.now();
const c0 = process.cpuUsage();
const r = lab.execToEnd(session, line(count));
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const events = lab.worldForBench().trace.events.length;
const hash = createHash('sha256').update(r.stdout).update(r.stderr).digest('hex').slice(0, 16);
console.log(
  `${topology}${tracing ? ' (tracing)' : ''}: ${count} pings in ${ms.toFixed(0)} ms = ${Math.round(count / (ms / 1000))} rt/s (CPU time: ${Math.round(count / ((cpu.user + cpu.system) / 1e6))} rt/s); output ${hash}; trace events ${events}`,
);
if (process.env.PROFILE_SHOW_OUTPUT) console.log(r.stdout);
