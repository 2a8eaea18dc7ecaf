/**
 * The recorded trace and its replay (style rule H: `PacketOverlay` and the timeline read
 * `trace` and `playback`; replay never re-runs the engine). Engine `trace` events enter through
 * `applyEngineEvents` → `recordTrace`. While playing, one timer moves the step on; the canvas
 * animates the step it is shown with requestAnimationFrame.
 */
import type { TraceEvent } from '../engine/api/types';
import type { LabState, Slice, TraceRun, TraceSlice } from './state';
import { EMPTY_TRACE, flowEvents, stepDurationMs, TraceRecorder } from './trace-model';

/**
 * The frame decoder (about 10 KB gzip: Ethernet to BGP and VXLAN) is fetched with the first trace
 * batch, not with the page; batches that arrive before it are kept and recorded in order then.
 */
const loadDecoder = () => import('../engine/wire/decode');

const RUNS_LIMIT = 20;

/** The events of the flow being replayed. */
export const selectFlowEvents = (s: LabState) => flowEvents(s.trace, s.playback.flow);

/** The event at the playback cursor, if any. */
export const selectCurrentEvent = (s: LabState): TraceEvent | undefined =>
  selectFlowEvents(s)[s.playback.step];

export const createTraceSlice: Slice<TraceSlice> = (set, get) => {
  let recorder: TraceRecorder | null = null;
  /** Batches received while the decoder loads, oldest first. */
  let waiting: TraceEvent[][] = [];
  let decoderLoad: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let total = 0;

  const stopTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const schedule = () => {
    stopTimer();
    const s = get();
    if (!s.playback.playing) return;
    const events = selectFlowEvents(s);
    const wait = stepDurationMs(events[s.playback.step], s.playback.speed);
    timer = setTimeout(() => {
      timer = null;
      const now = get();
      const count = selectFlowEvents(now).length;
      if (!now.playback.playing) return;
      if (now.playback.step + 1 >= count) {
        set({ playback: { ...now.playback, playing: false } });
        return;
      }
      set({ playback: { ...now.playback, step: now.playback.step + 1 } });
      schedule();
    }, wait);
  };

  const record = (r: TraceRecorder, events: readonly TraceEvent[]) => {
    const trace = r.add(events);
    const { playback } = get();
    const newest = trace.flows.at(-1)?.id ?? null;
    if (playback.follow && newest !== null && newest !== playback.flow) {
      set({ trace, playback: { ...playback, flow: newest, step: 0, playing: false } });
      stopTimer();
    } else {
      set({ trace });
    }
  };

  const clampStep = (s: LabState, step: number) =>
    Math.max(0, Math.min(step, selectFlowEvents(s).length - 1));

  return {
    trace: EMPTY_TRACE,
    playback: { flow: null, step: 0, playing: false, speed: 1, follow: true },
    timelineOpen: false,
    traceRuns: [],

    recordTrace(events) {
      if (events.length === 0) return;
      total += events.length;
      if (recorder) {
        record(recorder, events);
        return;
      }
      waiting.push(events);
      decoderLoad ??= loadDecoder().then(
        (decoder) => {
          const r = new TraceRecorder(decoder);
          recorder = r;
          const batches = waiting;
          waiting = [];
          for (const batch of batches) record(r, batch);
        },
        () => {
          decoderLoad = null;
        },
      );
    },

    async traceSettled() {
      while (waiting.length > 0 && decoderLoad) await decoderLoad;
    },

    resetTrace() {
      stopTimer();
      total = 0;
      waiting = [];
      set((s) => ({
        trace: recorder?.reset() ?? EMPTY_TRACE,
        traceRuns: [],
        playback: { ...s.playback, flow: null, step: 0, playing: false, follow: true },
      }));
    },

    setTimelineOpen(open) {
      set({ timelineOpen: open });
      if (!open) get().setPlaying(false);
    },

    selectFlow(flow) {
      stopTimer();
      set((s) => ({ playback: { ...s.playback, flow, step: 0, playing: false, follow: false } }));
    },

    setStep(step) {
      const s = get();
      set({ playback: { ...s.playback, step: clampStep(s, step), follow: false } });
      if (s.playback.playing) schedule();
    },

    stepBy(delta) {
      const s = get();
      stopTimer();
      set({
        playback: {
          ...s.playback,
          step: clampStep(s, s.playback.step + delta),
          playing: false,
          follow: false,
        },
      });
    },

    setPlaying(on) {
      const s = get();
      if (!on) {
        stopTimer();
        if (s.playback.playing) set({ playback: { ...s.playback, playing: false } });
        return;
      }
      const count = selectFlowEvents(s).length;
      if (count === 0) return;
      // Playing from the last step starts over.
      const step = s.playback.step >= count - 1 ? 0 : s.playback.step;
      set({ playback: { ...s.playback, step, playing: true, follow: false } });
      schedule();
    },

    setSpeed(speed) {
      set((s) => ({ playback: { ...s.playback, speed } }));
      if (get().playback.playing) schedule();
    },

    noteRun(tabId, line) {
      if (line.trim() === '') return;
      const run: TraceRun = { tabId, line: line.trim(), traceAt: total };
      set((s) => ({ traceRuns: [...s.traceRuns, run].slice(-RUNS_LIMIT * 5) }));
    },

    traceTotal() {
      return total;
    },
  };
};

/** The runs that produced trace events (each run's events end where the next run starts). */
export function tracedRuns(runs: readonly TraceRun[], total: number): TraceRun[] {
  return runs.filter((r, i) => (runs[i + 1]?.traceAt ?? total) > r.traceAt).slice(-RUNS_LIMIT);
}
