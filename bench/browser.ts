/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The browser rows of `npm run bench`: the built app in headless Chromium (Playwright's library,
 * not the test runner). It builds into its own folder and serves it with `vite preview` on port
 * 4273, or BENCH_PORT (the e2e suite uses 4173 and dist/; both may run at the same time).
 *
 * - initial JS: gzip size (zlib, level 9) of every script the page and its worker fetch before
 *   the lab is interactive (request started, by the page's Resource Timing, before the first
 *   frame in which the lab was ready with its nodes drawn, as a watcher installed before the
 *   page's scripts saw it); scripts loaded on demand afterwards (xterm, once a terminal opens)
 *   are listed apart, in `lazyJsFiles`;
 * - navigation to an interactive canvas with the default scenario (engine ready, three nodes
 *   drawn), in the page's own clock (performance.now() counts from navigation start);
 * - frames per second while dragging the canvas of a 1,000-node topology (750 hosts on 250
 *   segments, loaded from a share link), counted with requestAnimationFrame;
 * - Enter in a terminal to the first screen row of `ip route` output, 5-host scenario, p95.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from '@playwright/test';
import type { Scenario } from '../src/engine/api/types';
import { encodeScenario } from '../src/engine/scenario/url-codec';

export const BENCH_PORT = Number(process.env.BENCH_PORT ?? 4273);
const ORIGIN = `http://127.0.0.1:${BENCH_PORT}`;
const OUT_DIR = 'node_modules/.cache/cnlab-bench-dist';

export interface BrowserResults {
  initialJsGzipKB: number;
  initialJsFiles: { url: string; gzipKB: number }[];
  /** Scripts fetched after the lab was interactive (loaded on demand). */
  lazyJsFiles: { url: string; gzipKB: number }[];
  interactiveMs: number;
  panFps: number;
  /** Nodes in the topology, and how many of them the canvas drew (the ones in view). */
  panNodes: number;
  panDrawn: number;
  keyToRouteP95Ms: number;
  keyToRouteMedianMs: number;
  chromium: string;
}

function sh(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`))));
  });
}

async function startPreview(): Promise<ChildProcess> {
  const server = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--outDir',
      OUT_DIR,
      '--host',
      '127.0.0.1',
      '--port',
      String(BENCH_PORT),
      '--strictPort',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], detached: true },
  );
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(ORIGIN);
      if (r.ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stopPreview(server);
  throw new Error(`vite preview did not answer on ${ORIGIN}`);
}

function stopPreview(server: ChildProcess): void {
  // The server runs in its own process group (npx → node vite): end that group, by its id.
  if (server.pid !== undefined) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/**
 * Installed before the page's own scripts: from the first frame on, note (performance.now()) the
 * first frame in which the lab is ready with at least N canvas nodes, for every new N. Playwright's
 * own polling starts only once it has injected its script, which can be frames after the lab got
 * ready; scripts requested in between would then count as initial and the time would be late.
 * `whenInteractive` stops the watcher once it has its answer (it must not cost frames later).
 */
const WATCH_INTERACTIVE = `(() => {
  const seen = [];
  window.__cnlabReadyFrames = seen;
  const tick = () => {
    if (window.__cnlabStopWatch) return;
    const app = document.querySelector('.lab-app');
    if (app && app.getAttribute('data-status') === 'ready') {
      const n = document.querySelectorAll('[data-testid="canvas"] .react-flow__node').length;
      if (seen.length === 0 || n > seen[seen.length - 1][1]) seen.push([performance.now(), n]);
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** Wait in the page until the lab is ready with `count` canvas nodes; returns performance.now(). */
async function whenInteractive(page: Page, count: number): Promise<number> {
  const handle = await page.waitForFunction(
    (n) => {
      const frames = (window as unknown as { __cnlabReadyFrames?: [number, number][] })
        .__cnlabReadyFrames;
      const first = frames?.find(([, nodes]) => nodes >= n);
      return first ? first[0] : false;
    },
    count,
    { polling: 'raf', timeout: 60_000 },
  );
  const at = (await handle.jsonValue()) as number;
  await page.evaluate(() => {
    (window as unknown as { __cnlabStopWatch: boolean }).__cnlabStopWatch = true;
  });
  return at;
}

async function newPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await ctx.addInitScript("localStorage.setItem('cnlab.language', 'en')");
  // tsx compiles this file keeping function names (esbuild's __name helper); the callbacks passed
  // to page.evaluate are run in the page, which has no such helper.
  await ctx.addInitScript('globalThis.__name = (f) => f');
  await ctx.addInitScript(WATCH_INTERACTIVE);
  return ctx.newPage();
}

async function initialLoad(browser: Browser) {
  const page = await newPage(browser);
  const scripts = new Map<string, number>();
  const pending: Promise<void>[] = [];
  page.context().on('response', (res) => {
    const url = res.url();
    if (!url.startsWith(ORIGIN) || !/\.m?js(\?|$)/.test(url)) return;
    pending.push(
      res
        .body()
        .then((b) => {
          scripts.set(url.slice(ORIGIN.length), gzipSync(b, { level: 9 }).length);
        })
        .catch(() => {}),
    );
  });
  const times: number[] = [];
  // Scripts whose request started before the lab was interactive, by the page's clock. The
  // worker's script shows in the page's Resource Timing too (the worker is one bundle).
  const early = new Set<string>();
  for (let i = 0; i < 5; i++) {
    await page.goto(`${ORIGIN}/`, { waitUntil: 'commit' });
    const at = await whenInteractive(page, 3);
    times.push(at);
    const started = await page.evaluate(
      (t) =>
        performance
          .getEntriesByType('resource')
          .filter((e) => e.startTime <= t)
          .map((e) => e.name),
      at,
    );
    for (const url of started) if (url.startsWith(ORIGIN)) early.add(url.slice(ORIGIN.length));
  }
  await Promise.all(pending);
  await page.context().close();
  times.sort((a, b) => a - b);
  const files = [...scripts].map(([url, bytes]) => ({ url, gzipKB: bytes / 1024 }));
  const initial = files.filter((f) => early.has(f.url));
  return {
    interactiveMs: times[Math.floor(times.length / 2)],
    initialJsGzipKB: initial.reduce((s, f) => s + f.gzipKB, 0),
    initialJsFiles: initial.sort((a, b) => b.gzipKB - a.gzipKB),
    lazyJsFiles: files.filter((f) => !early.has(f.url)).sort((a, b) => b.gzipKB - a.gzipKB),
  };
}

/** `segments` segments with `perSegment` hosts cabled to each, on a grid. */
function bigScenario(segments: number, perSegment: number): Scenario {
  const steps: Scenario['steps'] = [{ on: 'lab', line: 'title big' }];
  const layout: Scenario['layout'] = {};
  const cols = 25;
  for (let s = 0; s < segments; s++) {
    const seg = `seg${s}`;
    steps.push({ on: 'lab', line: `segment add ${seg}` });
    const gx = (s % cols) * 900;
    const gy = Math.floor(s / cols) * 700;
    layout[`segment:${seg}`] = { x: gx + 300, y: gy + 450 };
    for (let h = 0; h < perSegment; h++) {
      const m = `h${s}x${h}`;
      steps.push(
        { on: 'lab', line: `machine add ${m}` },
        { on: 'lab', line: `cable ${m} eth0 ${seg}` },
      );
      layout[`machine:${m}`] = { x: gx + h * 290, y: gy };
    }
  }
  return { format: 'cnlab-scenario', version: 1, title: 'big', seed: 1, steps, layout };
}

async function panFps(browser: Browser): Promise<{ fps: number; drawn: number }> {
  const page = await newPage(browser);
  const scenario = bigScenario(250, 3);
  await page.goto(`${ORIGIN}/#s=${encodeScenario(scenario)}`);
  // The canvas draws only the nodes in view (onlyRenderVisibleElements): wait until most are
  // there and the count holds still (the load, then fit-view).
  await whenInteractive(page, 500);
  const drawn = page.locator('[data-testid="canvas"] .react-flow__node');
  let nodes = -1;
  for (let still = 0; still < 4; ) {
    await page.waitForTimeout(250);
    const n = await drawn.count();
    still = n === nodes ? still + 1 : 0;
    nodes = n;
  }
  const pane = page.locator('[data-testid="canvas"] .react-flow__pane');
  const box = await pane.boundingBox();
  if (!box) throw new Error('no canvas pane');
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __count: boolean };
    w.__frames = [];
    w.__count = true;
    const tick = (t: number) => {
      if (!w.__count) return;
      w.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  // Drag back and forth over empty canvas for ~3 s.
  const cx = box.x + 40;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const t0 = Date.now();
  let step = 0;
  while (Date.now() - t0 < 3000) {
    const dx = 300 * Math.sin(step / 15);
    const dy = 150 * Math.sin(step / 23);
    await page.mouse.move(cx + 300 + dx, cy + dy);
    step++;
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __count: boolean };
    w.__count = false;
    return w.__frames;
  });
  await page.context().close();
  const span = (frames[frames.length - 1] - frames[0]) / 1000;
  return { fps: (frames.length - 1) / span, drawn: nodes };
}

async function keyToRoute(browser: Browser): Promise<{ p95: number; median: number }> {
  const page = await newPage(browser);
  const steps: Scenario['steps'] = [{ on: 'lab', line: 'segment add lan0' }];
  const layout: Scenario['layout'] = { 'segment:lan0': { x: 600, y: 500 } };
  for (let i = 1; i <= 5; i++) {
    steps.push(
      { on: 'lab', line: `machine add node${i}` },
      { on: 'lab', line: `cable node${i} eth0 lan0` },
      { on: `node${i}`, line: `ip addr add 10.0.0.${i}/24 dev eth0` },
      { on: `node${i}`, line: 'ip link set eth0 up' },
    );
    layout[`machine:node${i}`] = { x: (i - 1) * 300, y: 60 };
  }
  const scenario: Scenario = {
    format: 'cnlab-scenario',
    version: 1,
    title: 'five hosts',
    seed: 1,
    steps,
    layout,
  };
  await page.goto(`${ORIGIN}/#s=${encodeScenario(scenario)}`);
  await whenInteractive(page, 6);
  const panel = page.getByTestId('terminal.node1');
  await panel.locator('.xterm-rows').getByText('root@node1:~#').first().waitFor();
  await panel.locator('.xterm').click();
  const expected = '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1';
  const samples: number[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.type('clear');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(30);
    await page.waitForFunction(
      (sel) => {
        const rows = document.querySelectorAll(`${sel} .xterm-rows > div`);
        return (rows[0]?.textContent ?? '').startsWith('root@node1') && rows.length > 0
          ? !(rows[1]?.textContent ?? '').trim()
          : false;
      },
      '[data-testid="terminal.node1"]',
      { polling: 'raf', timeout: 5000 },
    );
    await page.keyboard.type('ip route');
    await page.waitForFunction(
      (sel) =>
        (document.querySelector(`${sel} .xterm-rows > div`)?.textContent ?? '')
          .replace(/\u00a0/g, ' ')
          .trimEnd() === 'root@node1:~# ip route',
      '[data-testid="terminal.node1"]',
      { polling: 'raf', timeout: 5000 },
    );
    await page.waitForTimeout(30);
    await page.evaluate(
      ({ sel, text }) => {
        const w = window as unknown as { __lat: Promise<number> };
        const rows = document.querySelector(`${sel} .xterm-rows`) as Element;
        w.__lat = new Promise((resolve) => {
          let t0 = 0;
          const onKey = (e: KeyboardEvent) => {
            if (e.key === 'Enter' && t0 === 0) t0 = performance.now();
          };
          window.addEventListener('keydown', onKey, true);
          const obs = new MutationObserver(() => {
            if (t0 === 0) return;
            for (const r of rows.children) {
              if ((r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd() === text) {
                obs.disconnect();
                window.removeEventListener('keydown', onKey, true);
                resolve(performance.now() - t0);
                return;
              }
            }
          });
          obs.observe(rows, { childList: true, subtree: true, characterData: true });
        });
      },
      { sel: '[data-testid="terminal.node1"]', text: expected },
    );
    await page.keyboard.press('Enter');
    const ms = await page.evaluate(() =>
      Promise.race([
        (window as unknown as { __lat: Promise<number> }).__lat,
        new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no output')), 5000)),
      ]),
    );
    if (i >= 5) samples.push(ms); // the first few warm the JIT
  }
  await page.context().close();
  samples.sort((a, b) => a - b);
  return {
    p95: samples[Math.ceil(samples.length * 0.95) - 1],
    median: samples[Math.floor(samples.length / 2)],
  };
}

export function chromiumPath(): string | undefined {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return existsSync(p) ? p : undefined;
}

export async function browserBench(): Promise<BrowserResults> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium (set CHROMIUM_PATH)');
  await sh('npx', ['vite', 'build', '--outDir', OUT_DIR, '--emptyOutDir', '--logLevel', 'warn']);
  const server = await startPreview();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    const load = await initialLoad(browser);
    const pan = await panFps(browser);
    const key = await keyToRoute(browser);
    return {
      ...load,
      panFps: pan.fps,
      panNodes: 1000,
      panDrawn: pan.drawn,
      keyToRouteP95Ms: key.p95,
      keyToRouteMedianMs: key.median,
      chromium: browser.version(),
    };
  } finally {
    await browser?.close();
    stopPreview(server);
  }
}
