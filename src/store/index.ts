export * from './context';
export * from './create-store';
export { SHARE_PREFIX, shareText } from './lab-slice';
export type { PaletteItem } from './naming';
export * from './selectors';
export * from './state';
