/**
 * UI that the first screen does not show is fetched the first time it is needed (the initial
 * download stays small): `lazyNamed` wraps a module's named component for React.lazy, and
 * `MountOnce` mounts its children from the first time `when` is true on, so a dialog that was
 * opened once keeps its state and closes as it always did.
 */
import { type ComponentType, lazy, type ReactNode, Suspense, useState } from 'react';

// biome-ignore lint/suspicious/noExplicitAny: React.lazy's own constraint on components
export function lazyNamed<C extends ComponentType<any>>(load: () => Promise<C>) {
  return lazy(async () => ({ default: await load() }));
}

export function MountOnce({ when, children }: { when: boolean; children: ReactNode }) {
  const [seen, setSeen] = useState(when);
  if (when && !seen) setSeen(true);
  return seen || when ? <Suspense fallback={null}>{children}</Suspense> : null;
}
