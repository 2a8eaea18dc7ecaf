export { AUTOSAVE_KEY } from './autosave';
export * from './calico-plan';
export * from './context';
export * from './create-store';
export * from './daemons';
export * from './deep-link';
export {
  INSPECTOR_COMMANDS,
  OPTIONAL_INSPECTOR_COMMANDS,
  SHARE_PREFIX,
  shareText,
  targetOf,
} from './lab-slice';
export type { InnerPaletteItem, InnerRef, PaletteItem } from './naming';
export { isHostname, isIpv4Cidr, isMtu, netnsId, parseInnerId, tabIdOf, tabTarget } from './naming';
export * from './selectors';
export * from './state';
export * from './trace-model';
export { selectCurrentEvent, selectFlowEvents, tracedRuns } from './trace-slice';
