import { describe, expect, it } from 'vitest';
import type { LabApi } from '../engine/api/lab-api';
import type { LabEvent } from '../engine/api/types';
import { defaultScenario } from '../engine/scenario/default-scenario';
import { createLocalLab } from './local-client';

describe('local client', () => {
  it('gives Node the same LabApi the worker exposes', async () => {
    const lab: LabApi = createLocalLab(1);
    const events: LabEvent[] = [];
    const unsubscribe = await lab.subscribe((b) => events.push(...b));
    expect((await lab.load(defaultScenario)).ok).toBe(true);
    const s = await lab.openSession({ machine: 'node2' });
    expect(await lab.execToEnd(s, 'hostname')).toEqual({ stdout: 'node2\n', stderr: '', code: 0 });
    const id = await lab.exec(s, 'sleep 5');
    await lab.run(5_000);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'exit', exec: id, code: 0 }));
    expect((await lab.snapshot()).steps).toEqual(defaultScenario.steps);
    unsubscribe();
  });
});
