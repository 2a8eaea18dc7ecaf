/**
 * What the store needs of a walkthrough for a `#guide=` link: its scenario and its step count.
 * Imported on demand (main.tsx), so the walkthroughs and the built-in scenarios stay out of the
 * first download.
 */
import type { Scenario } from '../../engine/api/types';
import { builtinScenario } from '../../engine/scenario/builtin';
import { walkthroughById } from './walkthroughs';

export function guideData(id: string): { scenario: Scenario; steps: number } | null {
  const w = walkthroughById(id);
  const b = w && builtinScenario(w.scenario);
  return w && b ? { scenario: b.scenario, steps: w.steps.length } : null;
}
