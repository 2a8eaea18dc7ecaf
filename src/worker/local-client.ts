/**
 * The same LabApi with no Worker: for Node (the CLI, tests, benchmarks).
 */
export { createLab as createLocalLab } from '../engine/api/lab';
