import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../engine/scenario/default-scenario';
import * as decoder from '../engine/wire/decode';
import { createLabStore } from './create-store';
import { FakeLab } from './fake-lab';
import { traceOfLine } from './trace-fixture';
import { TraceRecorder } from './trace-model';

function setup() {
  return createLabStore({
    lab: new FakeLab(),
    defaultScenario,
    decodeScenario: () => ({ ok: false, error: 'unused' }),
    encodeScenario: () => '',
    language: 'en',
    storage: null,
  });
}

describe('trace slice: the frame decoder loads with the first batch', () => {
  const { events } = traceOfLine(defaultScenario, { machine: 'node1' }, 'ping -c 2 10.0.0.2');
  const half = Math.floor(events.length / 2);

  it('records batches that arrived while it loaded, in order, as the eager recorder does', async () => {
    const store = setup();
    store.getState().recordTrace(events.slice(0, half));
    store.getState().recordTrace(events.slice(half));
    expect(store.getState().traceTotal()).toBe(events.length);
    expect(store.getState().trace.events).toHaveLength(0);
    await store.getState().traceSettled();
    const eager = new TraceRecorder(decoder).add(events);
    expect(store.getState().trace).toEqual(eager);
    expect(store.getState().playback.flow).toBe(eager.flows.at(-1)?.id);
    // Later batches are recorded at once.
    store.getState().recordTrace(events.slice(0, 1));
    expect(store.getState().trace.events).toHaveLength(events.length + 1);
  });

  it('drops what was waiting when a new lab is loaded meanwhile', async () => {
    const store = setup();
    store.getState().recordTrace(events.slice(0, half));
    store.getState().resetTrace();
    store.getState().recordTrace(events.slice(half));
    await store.getState().traceSettled();
    expect(store.getState().trace).toEqual(new TraceRecorder(decoder).add(events.slice(half)));
  });
});
