import type { LabApi } from '../engine/api/lab-api';

/** What the worker exposes: the Lab API plus a liveness probe. */
export interface WorkerLab extends LabApi {
  ping(): Promise<'pong'>;
}
