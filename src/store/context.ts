import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabStore } from './create-store';
import type { LabState } from './state';

export const LabStoreContext = createContext<LabStore | null>(null);

/** The store itself, for actions and for imperative reads in event handlers and effects. */
export function useLabStore(): LabStore {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('useLabStore: no <LabStoreContext.Provider> above this component');
  return store;
}

/** Subscribe to one narrow slice of the lab store. */
export function useLab<T>(selector: (s: LabState) => T): T {
  return useStore(useLabStore(), selector);
}
