/**
 * Helpers to write built-in scenarios as plain command lines: one step per non-blank line, run
 * on one machine (or `lab`, the lab console). Lines starting with `#` are comments.
 */
import type { Scenario, ScenarioStep } from '../../api/types';

/** The steps of `text`, one per line, all run on `on`. */
export function stepsOn(on: string, text: string): ScenarioStep[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => ({ on, line }));
}

/** `text` as one shell word (single-quoted when it holds anything but safe characters). */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_.,:/=+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A version-1 scenario with seed 1. */
export function scenarioOf(
  title: string,
  steps: ScenarioStep[],
  layout: Scenario['layout'],
): Scenario {
  return { format: 'cnlab-scenario', version: 1, title, seed: 1, steps, layout };
}
