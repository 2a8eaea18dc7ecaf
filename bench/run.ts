/**
 * `npm run bench` (scripts/bench.mjs bundles this file, then runs it): speed of the engine, as ratios
 * against baselines measured in the same run where there is one (machines are noisy; wall-clock
 * numbers alone mean little), and the browser app in headless Chromium. Prints a table and
 * writes reports/bench.json. Never part of `npm test`: tests assert behaviour, not time.
 *
 * Rows:
 * - echo round trips per second (`ping -f`) between two containers on docker0 and between two
 *   pods across flannel's VXLAN path, tracing off and on, against the real kernel doing the same
 *   in network namespaces on this machine (measured when run as root with unshare, iproute2 and
 *   iputils; otherwise the engine figure alone);
 * - a 100-host x 100-pod flannel VXLAN cluster (bench/cluster.ts): build time, heap after gc, a
 *   ping from a pod on node 1 to a pod on node 100; time per netns against the real kernel
 *   building a 10 x 10 cluster;
 * - building the docker0 topology through the shell (commands per second);
 * - the browser rows (bench/browser.ts; BENCH_BROWSER=0 skips them). BENCH_ONLY=engine or
 *   BENCH_ONLY=browser runs one half; BENCH_PORT moves the preview server off 4273.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Lab } from '../src/engine/api/lab';
import { builtinScenario } from '../src/engine/scenario/builtin/index';
import { type BrowserResults, browserBench, chromiumPath } from './browser';
import {
  buildEngineCluster,
  type ClusterShape,
  clusterNetnsCount,
  kernelClusterScript,
  nodeName,
  podAddress,
  podName,
} from './cluster';
import { DOCKER0_LINES, floodPing } from './topologies';

interface Row {
  name: string;
  unit: string;
  /** The measured value (the engine's, or the browser's). */
  engine: number;
  baseline?: number;
  baselineName?: string;
  /** What the row must reach: a ratio to the baseline, or an absolute bound on `engine`. */
  target?: { ratio: number } | { max: number } | { min: number };
  note?: string;
}

const PINGS = Number(process.env.BENCH_PINGS ?? 20000);
const CLUSTER: ClusterShape = { hosts: 100, pods: 100 };
const KERNEL_CLUSTER: ClusterShape = { hosts: 10, pods: 10 };
const isRoot = process.getuid?.() === 0;

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

/** The built-in flannel VXLAN scenario built with ip commands (pod1 on node1, pod2 on node2). */
function labWithFlannel(tracing: boolean): { lab: Lab; session: string } {
  const lab = new Lab(1);
  const scenario = builtinScenario('flannel-vxlan-manual') ?? builtinScenario('flannel-vxlan');
  if (!scenario) throw new Error('no built-in flannel VXLAN scenario');
  const loaded = lab.load(scenario.scenario);
  if (!loaded.ok) throw new Error(loaded.error);
  lab.worldForBench().trace.enabled = tracing;
  return { lab, session: lab.openSession({ machine: 'node1' }) };
}

const FLANNEL_PING = (count: number) => `ip netns exec pod1 ping -f -q -c ${count} 10.244.2.2`;

/** Timed runs of each flood ping, engine and kernel alike; the row reports their median. */
const RUNS = 3;
/** Pings before the timed runs: the engine's code is optimised by then (the kernel's already is). */
const WARMUP_PINGS = 5000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timedPings(lab: Lab, session: string, line: (n: number) => string): number {
  lab.execToEnd(session, line(WARMUP_PINGS));
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = lab.execToEnd(session, line(PINGS));
    const ms = performance.now() - t0;
    if (!r.stdout.includes(`${PINGS} received`))
      throw new Error(`engine ping failed:\n${r.stdout}${r.stderr}`);
    rates.push(PINGS / (ms / 1000));
  }
  return median(rates);
}

/** Run a bash script as root in a private network and mount namespace (own /run/netns). */
function inPrivateNetns(script: string): string | undefined {
  if (!isRoot) return undefined;
  const full = [
    'set -e',
    'mount -t tmpfs none /run/netns 2>/dev/null || { mkdir -p /run/netns && mount -t tmpfs none /run/netns; }',
    script,
  ].join('\n');
  try {
    return execFileSync(
      'unshare',
      ['--net', '--mount', '--propagation', 'private', 'bash', '-c', full],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 24 },
    );
  } catch {
    return undefined;
  }
}

/** The last line of a script's output as a number of microseconds, if it is one. */
function micros(out: string | undefined): number | undefined {
  const n = Number(out?.trim().split('\n').pop());
  return n > 0 ? n : undefined;
}

const TIMED = (line: string) => [
  't0=$(date +%s%N)',
  line,
  't1=$(date +%s%N)',
  'echo $(( (t1 - t0) / 1000 ))',
];

/** The real kernel's flood-ping rate over `build`, pinging with `ping` (a full command line). */
function kernelPingRate(build: string, ping: (n: number) => string): number | undefined {
  const timed = Array.from({ length: RUNS }, () => TIMED(`${ping(PINGS)} >/dev/null`)).flat();
  const out = inPrivateNetns([build, ping(200), ...timed].join('\n'));
  const us = out
    ?.trim()
    .split('\n')
    .slice(-RUNS)
    .map(Number)
    .filter((n) => n > 0);
  return us && us.length === RUNS ? median(us.map((u) => PINGS / (u / 1e6))) : undefined;
}

/** Microseconds per network namespace for the real kernel to build KERNEL_CLUSTER. */
function kernelClusterPerNetns(): number | undefined {
  const us = micros(inPrivateNetns(TIMED(kernelClusterScript(KERNEL_CLUSTER)).join('\n')));
  // The kernel's cluster has one more namespace than the engine's: `underlay` (the segment).
  return us ? us / (clusterNetnsCount(KERNEL_CLUSTER) + 1) : undefined;
}

function heapMB(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return Number.NaN;
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function clusterRows(rows: Row[]): void {
  const before = heapMB();
  const lab = new Lab(1);
  const t0 = performance.now();
  buildEngineCluster(lab, CLUSTER);
  // The first event batch after the build carries the topology view for the canvas: part of it.
  const session = lab.openSession({ machine: nodeName(1) });
  lab.execToEnd(session, 'true');
  const buildMs = performance.now() - t0;
  const heap = heapMB();
  const target = podAddress(CLUSTER.hosts, 1);
  const t1 = performance.now();
  const r = lab.execToEnd(session, `ip netns exec ${podName(1, 1)} ping -c 1 ${target}`);
  const pingMs = performance.now() - t1;
  if (!r.stdout.includes('1 received'))
    throw new Error(`cluster ping failed:\n${r.stdout}${r.stderr}`);
  const netns = clusterNetnsCount(CLUSTER);
  const kernelUs = kernelClusterPerNetns();
  const shape = `${CLUSTER.hosts}x${CLUSTER.pods}`;
  rows.push({
    name: `flannel cluster ${shape}: build`,
    unit: 'ms',
    engine: buildMs,
    target: { max: 2000 },
  });
  rows.push({
    name: `flannel cluster ${shape}: build per netns`,
    unit: 'us/netns',
    engine: (buildMs * 1000) / netns,
    baseline: kernelUs,
    baselineName: `Linux ${KERNEL_CLUSTER.hosts}x${KERNEL_CLUSTER.pods} (iproute2 batches)`,
    note: 'ratio = kernel time / engine time',
  });
  rows.push({
    name: `flannel cluster ${shape}: heap after gc`,
    unit: 'MB',
    engine: heap,
    target: { max: 1024 },
    note: Number.isNaN(heap)
      ? 'run node with --expose-gc'
      : `${(heap - before).toFixed(0)} MB of it the cluster`,
  });
  rows.push({
    name: `flannel cluster ${shape}: ping n1p1 -> n${CLUSTER.hosts}p1`,
    unit: 'ms',
    engine: pingMs,
    target: { max: 100 },
    note: 'first ping: ARP on pod, cni0 and underlay included',
  });
}

function browserSkipped(): string | undefined {
  if (process.env.BENCH_BROWSER === '0') return 'browser rows skipped (BENCH_BROWSER=0)';
  if (!chromiumPath())
    return 'browser rows skipped: no Chromium at /usr/bin/chromium (set CHROMIUM_PATH)';
  return undefined;
}

function pushBrowser(rows: Row[], b: BrowserResults): void {
  const worker = b.initialJsFiles
    .filter((f) => f.url.includes('worker'))
    .reduce((s, f) => s + f.gzipKB, 0);
  rows.push({
    name: 'browser: initial JS, page (gzip)',
    unit: 'KB',
    engine: b.initialJsGzipKB - worker,
    target: { max: 250 },
    note: b.initialJsFiles
      .filter((f) => !f.url.includes('worker'))
      .map((f) => `${f.url.replace(/^\/assets\//, '')} ${f.gzipKB.toFixed(0)}`)
      .join(', '),
  });
  rows.push({
    name: 'browser: initial JS, page + engine worker',
    unit: 'KB',
    engine: b.initialJsGzipKB,
    target: { max: 250 },
    note: `engine worker ${worker.toFixed(0)} KB`,
  });
  rows.push({
    name: 'browser: navigation -> interactive canvas',
    unit: 'ms',
    engine: b.interactiveMs,
    target: { max: 1000 },
    note: 'default scenario, median of 5',
  });
  rows.push({
    name: `browser: pan ${b.panNodes}-node topology`,
    unit: 'fps',
    engine: b.panFps,
    target: { min: 50 },
    note: `750 hosts + 250 segments; ${b.panDrawn} nodes in view`,
  });
  rows.push({
    name: 'browser: Enter -> `ip route` output, p95',
    unit: 'ms',
    engine: b.keyToRouteP95Ms,
    target: { max: 16 },
    note: `5 hosts; median ${b.keyToRouteMedianMs.toFixed(1)} ms`,
  });
}

function verdict(r: Row): { ratio?: number; ok?: boolean; target: string } {
  const ratio = r.baseline
    ? r.unit === 'us/netns'
      ? r.baseline / r.engine
      : r.engine / r.baseline
    : undefined;
  const t = r.target;
  if (!t) return { ratio, target: '' };
  if ('ratio' in t)
    return {
      ratio,
      ok: ratio === undefined ? undefined : ratio >= t.ratio,
      target: `ratio >= ${t.ratio}`,
    };
  if ('max' in t) return { ratio, ok: r.engine <= t.max, target: `<= ${t.max} ${r.unit}` };
  return { ratio, ok: r.engine >= t.min, target: `>= ${t.min} ${r.unit}` };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const notes: string[] = [];
  // BENCH_ONLY=engine or BENCH_ONLY=browser runs one half (handy while working on one of them).
  const only = process.env.BENCH_ONLY;
  if (only !== 'browser') await engineRows(rows, notes);
  let chromium: string | undefined;
  const skipBrowser =
    only === 'engine' ? 'browser rows skipped (BENCH_ONLY=engine)' : browserSkipped();
  if (skipBrowser) notes.push(skipBrowser);
  else {
    const b = await browserBench();
    chromium = b.chromium;
    pushBrowser(rows, b);
  }
  report(rows, notes, chromium);
}

async function engineRows(rows: Row[], notes: string[]): Promise<void> {
  clusterRows(rows);

  const dockerKernel = kernelPingRate(DOCKER0_LINES.join('\n'), floodPing);
  const flannelKernel = kernelPingRate(
    kernelClusterScript({ hosts: 2, pods: 1 }),
    (n) => `ip netns exec ${podName(1, 1)} ping -f -q -c ${n} ${podAddress(2, 1)}`,
  );
  const pingRows: [
    string,
    number | undefined,
    () => { lab: Lab; session: string },
    (n: number) => string,
  ][] = [
    ['docker0', dockerKernel, () => labWithDocker0(false), floodPing],
    ['flannel VXLAN pod->pod', flannelKernel, () => labWithFlannel(false), FLANNEL_PING],
  ];
  for (const [name, kernel, make, line] of pingRows) {
    const off = (() => {
      const { lab, session } = make();
      return timedPings(lab, session, line);
    })();
    const on = (() => {
      const { lab, session } = make();
      lab.worldForBench().trace.enabled = true;
      return timedPings(lab, session, line);
    })();
    rows.push({
      name: `${name} echo rt, tracing off`,
      unit: 'rt/s',
      engine: off,
      baseline: kernel,
      baselineName: 'Linux ping -f',
      target: { ratio: 1 },
    });
    rows.push({
      name: `${name} echo rt, tracing on`,
      unit: 'rt/s',
      engine: on,
      baseline: kernel,
      baselineName: 'Linux ping -f',
      target: { ratio: 0.1 },
    });
  }
  const builds = Array.from({ length: 20 }, () => labWithDocker0(false).buildMs);
  const buildMs = builds.sort((a, b) => a - b)[10];
  rows.push({
    name: `build docker0 (${DOCKER0_LINES.length} shell lines)`,
    unit: 'lines/s',
    engine: DOCKER0_LINES.length / (buildMs / 1000),
  });
  if (dockerKernel === undefined || flannelKernel === undefined)
    notes.push('real-kernel baselines skipped: they need root, unshare, iproute2 and ping');
}

function report(rows: Row[], notes: string[], chromium: string | undefined): void {
  const fmt = (n: number | undefined) =>
    n === undefined || Number.isNaN(n)
      ? '-'
      : n >= 100
        ? Math.round(n).toLocaleString('en')
        : n.toFixed(2);
  const lines = [
    `cnlab bench (${PINGS} pings; node ${process.version}${chromium ? `; Chromium ${chromium}` : ''})`,
    '',
    `${'row'.padEnd(46)} ${'measured'.padStart(10)} ${'unit'.padEnd(8)} ${'baseline'.padStart(10)} ${'ratio'.padStart(6)}  ${'target'.padEnd(16)} ok`,
  ];
  const out: object[] = [];
  for (const r of rows) {
    const v = verdict(r);
    const ok = v.ok === undefined ? '' : v.ok ? 'yes' : 'NO';
    lines.push(
      `${r.name.padEnd(46)} ${fmt(r.engine).padStart(10)} ${r.unit.padEnd(8)} ${fmt(r.baseline).padStart(10)} ${(v.ratio === undefined ? '-' : v.ratio.toFixed(2)).padStart(6)}  ${v.target.padEnd(16)} ${ok}`,
    );
    out.push({ ...r, ratio: v.ratio, ok: v.ok, targetText: v.target });
  }
  const withNotes = rows.filter((r) => r.note);
  if (withNotes.length > 0) lines.push('', ...withNotes.map((r) => `${r.name}: ${r.note}`));
  if (notes.length > 0) lines.push('', ...notes.map((n) => `(${n})`));
  console.log(lines.join('\n'));
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/bench.json',
    `${JSON.stringify({ pings: PINGS, node: process.version, chromium, rows: out, table: lines }, null, 2)}\n`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
