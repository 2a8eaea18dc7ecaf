/**
 * The shape of the one lab store. It holds DTO snapshots from the engine and UI state only, never
 * engine objects (style rule H). Slices live in their own files; `create-store.ts` joins them.
 */
import type { StateCreator } from 'zustand/vanilla';
import type {
  ExecId,
  LabEvent,
  NodePosition,
  Scenario,
  SessionId,
  TopologyView,
} from '../engine/api/types';
import type { PaletteItem } from './naming';

export type Language = 'en' | 'zh-CN';

export interface TopologySlice {
  /** The last view the engine sent (null until the first load). */
  topology: TopologyView | null;
  /** Canvas positions by view node id. The UI owns layout; the engine only stores it. */
  positions: Record<string, NodePosition>;
  /** Bumped on every scenario load, so the canvas knows when to fit the view. */
  loadCount: number;
  /** Move nodes on the canvas (while dragging): local only. */
  moveNodes(moved: Record<string, NodePosition>): void;
  /** Save the current layout in the engine (after a drag ends). */
  saveLayout(): Promise<void>;
}

export interface SelectionSlice {
  selectedId: string | null;
  select(id: string | null): void;
}

/** What a terminal pane has to show next, in order. The pane takes them with `takeInbox`. */
export type TerminalItem =
  | { type: 'ready' }
  | { type: 'output'; data: string }
  | { type: 'exit'; code: number }
  | { type: 'failed'; detail: string };

/** The machine name of the lab console (the shell whose commands change the topology). */
export const LAB_CONSOLE = 'lab';

export interface TerminalTab {
  /** The machine name (one tab per machine), or LAB_CONSOLE. */
  id: string;
  session: SessionId | null;
  /** A command line is running (from submit until its `exit` event). */
  busy: boolean;
  /** The running exec, once `lab.exec` has answered. */
  exec: ExecId | null;
  /** Ctrl-C came before the exec id was known: send it as soon as it is. */
  interruptPending: boolean;
  inbox: TerminalItem[];
}

export interface TerminalSlice {
  tabs: TerminalTab[];
  activeTabId: string | null;
  /** Open (or focus) the terminal of a machine. */
  openTerminal(machine: string): Promise<void>;
  closeTerminal(tabId: string): void;
  focusTerminal(tabId: string): void;
  runLine(tabId: string, line: string): Promise<void>;
  interrupt(tabId: string): Promise<void>;
  complete(tabId: string, line: string): Promise<string[]>;
  /** Hand the pending items of a tab to its pane (and forget them). */
  takeInbox(tabId: string): TerminalItem[];
}

export type ToastKind = 'linkCopied' | 'linkInAddressBar' | 'commandFailed';
export type ErrorKind = 'badLink' | 'loadFailed' | 'engineFailed';

export interface Toast {
  id: number;
  kind: ToastKind;
  detail?: string;
}

export interface LabError {
  id: number;
  kind: ErrorKind;
  detail: string;
}

export interface UiSlice {
  status: 'idle' | 'booting' | 'ready' | 'failed';
  language: Language;
  toasts: Toast[];
  errors: LabError[];
  helpOpen: boolean;
  setLanguage(language: Language): void;
  showToast(kind: ToastKind, detail?: string): void;
  dismissToast(id: number): void;
  reportError(kind: ErrorKind, detail: string): void;
  dismissError(id: number): void;
  setHelpOpen(open: boolean): void;
}

export interface LabSlice {
  /** Subscribe to the engine, load the scenario of the `#s=` hash (or the default), open a terminal. */
  boot(hash: string): Promise<void>;
  /** The engine events of one batch: the only way engine state enters the store. */
  applyEngineEvents(batch: LabEvent[]): void;
  /** `#s=…` for the current lab (steps plus the UI's layout). */
  shareHash(): Promise<string>;
  /** Run one lab-console command (topology change); false and a toast if it failed. */
  runLabCommand(line: string): Promise<boolean>;
  /** Add a host, router or segment from the palette, at `position` or at a free spot. */
  addFromPalette(item: PaletteItem, position?: NodePosition): Promise<void>;
  /** Cable a machine to a segment on its next free interface. */
  cable(machine: string, segment: string): Promise<void>;
  /** Delete a machine or a segment by view node id. */
  deleteNode(id: string): Promise<void>;
}

export type LabState = TopologySlice & SelectionSlice & TerminalSlice & UiSlice & LabSlice;

export type Slice<T> = StateCreator<LabState, [], [], T>;

/** What the store needs from outside: the engine client and the scenario codec. */
export interface StoreDeps {
  lab: import('../engine/api/lab-api').LabApi;
  defaultScenario: Scenario;
  decodeScenario(text: string): { ok: true; scenario: Scenario } | { ok: false; error: string };
  encodeScenario(s: Scenario): string;
  language: Language;
}
