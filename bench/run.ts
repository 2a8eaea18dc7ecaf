/**
 * `npm run bench`: speed of the engine, as ratios against baselines measured in the same run
 * (machines are noisy; wall-clock numbers alone mean little). Prints a table and writes
 * reports/bench.json. Never part of `npm test`: tests assert behaviour, not time.
 *
 * Rows:
 * - docker0 echo round trips per second (`ping -f` between two containers on a bridge), tracing
 *   off and on, against the real kernel doing the same in network namespaces on this machine
 *   (measured when run as root with iproute2 and iputils; otherwise the engine figure alone).
 * - building the docker0 topology (commands per second).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Lab } from '../src/engine/api/lab';
import { DOCKER0_LINES, floodPing } from './topologies';

interface Row {
  name: string;
  unit: string;
  engine: number;
  baseline?: number;
  baselineName?: string;
  target?: string;
}

const PINGS = Number(process.env.BENCH_PINGS ?? 20000);

function labWithDocker0(tracing: boolean): { lab: Lab; session: string; buildMs: number } {
  const lab = new Lab(1);
  const con = lab.openSession({ machine: 'lab' });
  lab.execToEnd(con, 'machine add host --bare');
  const session = lab.openSession({ machine: 'host' });
  const t0 = performance.now();
  for (const line of DOCKER0_LINES) {
    const r = lab.execToEnd(session, line);
    if (r.code !== 0) throw new Error(`${line}: ${r.stderr}`);
  }
  const buildMs = performance.now() - t0;
  lab.worldForBench().trace.enabled = tracing;
  return { lab, session, buildMs };
}

function enginePingRate(tracing: boolean): number {
  const { lab, session } = labWithDocker0(tracing);
  lab.execToEnd(session, floodPing(10));
  const t0 = performance.now();
  const r = lab.execToEnd(session, floodPing(PINGS));
  const ms = performance.now() - t0;
  if (!r.stdout.includes(`${PINGS} received`))
    throw new Error(`engine ping failed:\n${r.stdout}${r.stderr}`);
  return PINGS / (ms / 1000);
}

/** The same topology and flood ping on the real kernel, in a private network namespace. */
function kernelPingRate(): number | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const script = [
    'set -e',
    'mount -t tmpfs none /run/netns 2>/dev/null || { mkdir -p /run/netns && mount -t tmpfs none /run/netns; }',
    ...DOCKER0_LINES,
    floodPing(200),
    't0=$(date +%s%N)',
    `${floodPing(PINGS)} >/dev/null`,
    't1=$(date +%s%N)',
    'echo $(( (t1 - t0) / 1000 ))',
  ].join('\n');
  try {
    const out = execFileSync(
      'unshare',
      ['--net', '--mount', '--propagation', 'private', 'bash', '-c', script],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const micros = Number(out.trim().split('\n').pop());
    return micros > 0 ? PINGS / (micros / 1e6) : undefined;
  } catch {
    return undefined;
  }
}

function main(): void {
  const rows: Row[] = [];
  const kernel = kernelPingRate();
  const off = enginePingRate(false);
  const on = enginePingRate(true);
  rows.push({
    name: 'docker0 echo round trips, tracing off',
    unit: 'rt/s',
    engine: off,
    baseline: kernel,
    baselineName: 'Linux ping -f',
    target: '>= 1.0',
  });
  rows.push({
    name: 'docker0 echo round trips, tracing on',
    unit: 'rt/s',
    engine: on,
    baseline: kernel,
    baselineName: 'Linux ping -f',
    target: '>= 0.1',
  });
  const builds = Array.from({ length: 20 }, () => labWithDocker0(false).buildMs);
  const buildMs = builds.sort((a, b) => a - b)[10];
  rows.push({
    name: 'build docker0 (18 commands)',
    unit: 'commands/s',
    engine: DOCKER0_LINES.length / (buildMs / 1000),
  });

  const fmt = (n: number | undefined) =>
    n === undefined ? '-' : n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2);
  console.log(`cnlab bench (${PINGS} pings; node ${process.version})\n`);
  console.log(
    `${'row'.padEnd(42)} ${'engine'.padStart(12)} ${'baseline'.padStart(12)} ${'ratio'.padStart(7)}  target`,
  );
  for (const r of rows) {
    const ratio = r.baseline ? r.engine / r.baseline : undefined;
    console.log(
      `${r.name.padEnd(42)} ${fmt(r.engine).padStart(12)} ${fmt(r.baseline).padStart(12)} ${(ratio === undefined ? '-' : ratio.toFixed(2)).padStart(7)}  ${r.target ?? ''}`,
    );
  }
  if (kernel === undefined)
    console.log('\n(real-kernel baseline skipped: needs root, unshare, iproute2 and ping)');
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench.json', `${JSON.stringify({ pings: PINGS, rows }, null, 2)}\n`);
}

main();
