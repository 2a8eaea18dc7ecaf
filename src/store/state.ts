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
  Target,
  TopologyView,
  TraceEvent,
} from '../engine/api/types';
import type { ContainerImage, ContainersByMachine, FlannelBackend } from './daemons';
import type { InnerPaletteItem, PaletteItem } from './naming';
import type { TraceData } from './trace-model';
import type { History } from './undo';

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
  /** A view id: `machine:…`, `segment:…`, `netns:<machine>:<name|->` or `dev:…`. */
  selectedId: string | null;
  /** Machines and segments picked together (shift-click, box select), for bulk delete. */
  multi: string[];
  select(id: string | null): void;
  /** Add or remove a machine or segment from the multi-selection (shift-click). */
  toggleSelect(id: string): void;
  /** Replace the multi-selection (a box select); the first id becomes the selection. */
  setSelection(ids: string[]): void;
}

/** What a terminal pane has to show next, in order. The pane takes them with `takeInbox`. */
export type TerminalItem =
  | { type: 'ready' }
  | { type: 'output'; data: string }
  | { type: 'exit'; code: number }
  | { type: 'failed'; detail: string }
  /** Keys for the line editor, as if typed (a walkthrough's "Run in terminal"). */
  | { type: 'input'; data: string };

/** The machine name of the lab console (the shell whose commands change the topology). */
export const LAB_CONSOLE = 'lab';

/** The pseudo tab of the dock that lists the commands the canvas ran (the lab actions log). */
export const ACTIONS_TAB = '#actions';

/** One command a canvas gesture ran, as the actions log shows it. */
export interface ActionEntry {
  id: number;
  /** Where it ran: a tab id (`node1`, `node1:ns1`) or LAB_CONSOLE. */
  where: string;
  prompt: string;
  line: string;
  code: number;
  output: string;
}

/** One table of the inspector: a command and exactly what it printed. */
export interface InspectorTable {
  command: string;
  text: string;
}

export interface TerminalTab {
  /** `machine` or `machine:netns` (one tab per shell target), or LAB_CONSOLE. */
  id: string;
  /** Lines typed in this tab (the line editor's ↑ history; autosaved). */
  history: string[];
  /** What the tab showed (prompts, lines, output; capped), replayed after a reload. */
  transcript: string;
  session: SessionId | null;
  /** A command line is running (from submit until its `exit` event). */
  busy: boolean;
  /** The running exec, once `lab.exec` has answered. */
  exec: ExecId | null;
  /** Ctrl-C came before the exec id was known: send it as soon as it is. */
  interruptPending: boolean;
  /**
   * The lines of a command still open (`for … do` without its `done`), waiting for the next
   * line under the `> ` prompt; null when the shell waits for a new command.
   */
  pendingInput: string | null;
  inbox: TerminalItem[];
}

export interface TerminalSlice {
  tabs: TerminalTab[];
  activeTabId: string | null;
  /** The other tab shown in split view (the one that was active before). */
  secondTabId: string | null;
  split: boolean;
  toggleSplit(): void;
  /** Open (or focus) the terminal of a machine, or of one of its named netns. */
  openTerminal(machine: string, netns?: string | null): Promise<void>;
  /** Open the shell session of an existing tab (after a reload or an engine restart). */
  connectTab(tabId: string): Promise<void>;
  closeTerminal(tabId: string): void;
  focusTerminal(tabId: string): void;
  runLine(tabId: string, line: string): Promise<void>;
  /**
   * Type `line` and Enter into a tab's terminal (it waits for the prompt, as typed-ahead keys
   * do), opening the terminal of `machine`/`netns` first if it is not open.
   */
  typeLine(machine: string, netns: string | null, line: string): Promise<void>;
  interrupt(tabId: string): Promise<void>;
  /** Ctrl-C at a prompt: drop a command still open; true when there was one. */
  abandonInput(tabId: string): boolean;
  complete(tabId: string, line: string): Promise<string[]>;
  /** Hand the pending items of a tab to its pane (and forget them). */
  takeInbox(tabId: string): TerminalItem[];
}

export type ToastKind =
  | 'linkCopied'
  | 'linkInAddressBar'
  | 'commandFailed'
  | 'dropNetnsOutside'
  | 'dropBridgeOutside'
  | 'selectHostFirst'
  | 'connectOtherHost'
  | 'connectNotBridge'
  | 'connectFromNetns'
  | 'badAddress'
  | 'badMtu'
  | 'badHostname'
  | 'nothingToUndo'
  | 'nothingToRedo'
  | 'dropContainerOutside'
  | 'dropPodOutside'
  | 'containerStarted'
  | 'podStarted'
  | 'podStartedCni'
  | 'flannelNoHosts'
  | 'calicoNoHosts'
  | 'calicoNoUnderlay'
  | 'calicoBirdRunning'
  | 'calicoStarted'
  | 'flannelNoUnderlay'
  | 'flannelHostGw'
  | 'flannelStarted'
  | 'duplicated'
  | 'duplicateWhat'
  | 'deletedMany'
  | 'newLab'
  | 'layoutDone';
export type ErrorKind =
  | 'badLink'
  | 'loadFailed'
  | 'engineFailed'
  | 'restoreFailed'
  | 'engineRestarted';

export interface Toast {
  id: number;
  kind: ToastKind;
  detail?: string;
  /** More placeholders of the message (hosts, names, counts). */
  params?: Record<string, string | number>;
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
  /** The image a Container from the palette runs. */
  containerImage: ContainerImage;
  /** The flannel network dialog is open (after a drop or a click on the palette item). */
  flannelOpen: boolean;
  /** The Calico network dialog is open. */
  calicoOpen: boolean;
  setContainerImage(image: ContainerImage): void;
  setFlannelOpen(open: boolean): void;
  setCalicoOpen(open: boolean): void;
  setLanguage(language: Language): void;
  showToast(kind: ToastKind, detail?: string, params?: Record<string, string | number>): void;
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
  /** Run the commands of one gesture in a shell on `target`, logged; stops at the first failure. */
  runActions(target: Target, lines: string[]): Promise<boolean>;
  /** Add a host, router or segment from the palette, at `position` or at a free spot. */
  addFromPalette(item: PaletteItem, position?: NodePosition): Promise<void>;
  /** Add a network namespace or a bridge to a host (dropped onto it, or the selected host). */
  addInside(item: InnerPaletteItem, machine: string | null): Promise<void>;
  /** Run the commands of one gesture on several shells, undone as one step group. */
  runPlan(runs: { target: Target; lines: string[] }[]): Promise<boolean>;
  /** Start etcd (if none runs), write the network config and start flanneld on `hosts`. */
  startFlannel(hosts: string[], backend: FlannelBackend): Promise<boolean>;
  /** BIRD with calico-node's configuration on `hosts` and, with `withPods`, a Calico pod on each. */
  startCalico(hosts: string[], withPods: boolean): Promise<boolean>;
  /** The hosts among `hosts` that have a default route. */
  hostsWithDefault(hosts: string[]): Promise<Set<string>>;
  /** Which machine runs etcd (its log exists), or null. */
  findEtcd(): Promise<string | null>;
  /** Ask each machine's dockerd which containers it runs (names, images, shared namespaces). */
  refreshContainers(): Promise<void>;
  /** Copy a machine: `machine add` plus the same cables. */
  duplicateNode(id: string): Promise<void>;
  /** Delete every machine and segment of the multi-selection (one undo step). */
  deleteSelected(): Promise<void>;
  /** Start from an empty lab (an empty scenario). */
  newLab(): Promise<void>;
  /** Replace the lab with `scenario` (a walkthrough's built-in); false and a toast if it failed. */
  openScenario(scenario: Scenario): Promise<boolean>;
  /** Move nodes and save the layout (auto-layout). */
  applyLayout(positions: Record<string, NodePosition>): Promise<void>;
  /** Containers by machine, as dockerd reports them. */
  containers: ContainersByMachine;
  /** Plug a named netns into a bridge of the same host with a new veth pair. */
  connectNetns(machine: string, netns: string, bridgeDeviceId: string): Promise<void>;
  setDeviceUp(deviceId: string, up: boolean): Promise<void>;
  addAddress(deviceId: string, cidr: string): Promise<boolean>;
  delAddress(deviceId: string, cidr: string): Promise<void>;
  setMtu(deviceId: string, mtu: string): Promise<boolean>;
  setHostname(machine: string, hostname: string): Promise<boolean>;
  setIpForward(machine: string, on: boolean): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  /** Read the live tables of the selected machine, netns or device (hidden inspector shell). */
  refreshTables(): Promise<void>;
  /** Save the lab and the terminals to storage soon (debounced). */
  scheduleAutosave(): void;
  /** Restart the engine from the last autosave after a crash. */
  recover(detail: string): Promise<void>;
  /** Cable a machine to a segment on its next free interface. */
  cable(machine: string, segment: string): Promise<void>;
  /** Delete a machine, segment, netns or device by view id (the matching command). */
  deleteNode(id: string): Promise<void>;
  /** Undo/redo bookkeeping (see undo.ts). */
  history: History;
  /** Steps the engine had recorded at the last autosave. */
  stepCount: number;
  actions: ActionEntry[];
  /** Live tables of the selection, by the target key they were read from. */
  tables: { key: string; rows: InspectorTable[] } | null;
}

/** Where the replay of a flow stands. */
export interface Playback {
  /** The flow being replayed (its first packet's id), or null. */
  flow: number | null;
  /** Index into the flow's events. */
  step: number;
  playing: boolean;
  /** 1 = normal speed. */
  speed: number;
  /** Jump to each new flow as it appears (until the user picks a flow or a step). */
  follow: boolean;
}

/** A command line typed in a terminal since the lab was loaded (deep links replay them). */
export interface TraceRun {
  tabId: string;
  line: string;
  /** Trace events recorded before it started. */
  traceAt: number;
}

export interface TraceSlice {
  trace: TraceData;
  playback: Playback;
  timelineOpen: boolean;
  traceRuns: TraceRun[];
  /** Record a batch of trace events (from `applyEngineEvents`). */
  recordTrace(events: TraceEvent[]): void;
  /** Forget the recorded trace (a new lab was loaded). */
  resetTrace(): void;
  /** Resolves once every batch received so far is in `trace` (the decoder loads on demand). */
  traceSettled(): Promise<void>;
  setTimelineOpen(open: boolean): void;
  selectFlow(flow: number | null): void;
  setStep(step: number): void;
  stepBy(delta: number): void;
  setPlaying(on: boolean): void;
  setSpeed(speed: number): void;
  noteRun(tabId: string, line: string): void;
  /** Trace events recorded since the lab was loaded (kept or dropped). */
  traceTotal(): number;
}

/** The guided walkthrough the lab shows (see src/ui/guide). */
export interface GuideSlice {
  /** The open walkthrough and its current step (0-based), or null. */
  guide: { id: string; step: number } | null;
  /** The walkthrough panel is showing (the walkthrough stays when it is hidden). */
  guideOpen: boolean;
  /** Steps of the current walkthrough ticked off, ascending. */
  guideDone: number[];
  /** Open walkthrough `id` at `step` (a new walkthrough starts with nothing ticked). */
  openGuide(id: string, step?: number): void;
  setGuideStep(step: number): void;
  tickGuideStep(step: number): void;
  setGuideOpen(open: boolean): void;
  /** Leave the walkthrough (the panel, if open, lists the walkthroughs). */
  closeGuide(): void;
}

export type LabState = TopologySlice &
  SelectionSlice &
  TerminalSlice &
  UiSlice &
  LabSlice &
  TraceSlice &
  GuideSlice;

export type Slice<T> = StateCreator<LabState, [], [], T>;

/** What the store needs from outside: the engine client and the scenario codec. */
export interface StoreDeps {
  lab: import('../engine/api/lab-api').LabApi;
  defaultScenario: Scenario;
  decodeScenario(text: string): { ok: true; scenario: Scenario } | { ok: false; error: string };
  encodeScenario(s: Scenario): string;
  language: Language;
  /** Where the autosave goes (localStorage in the browser when not given). */
  storage?: KeyValueStorage | null;
  /** Milliseconds the autosave waits for more changes. */
  autosaveDelayMs?: number;
  /**
   * A walkthrough's scenario and step count by walkthrough id (null: no such walkthrough), for
   * `#guide=` links. Without it such links only open the walkthrough panel.
   */
  loadGuide?(id: string): Promise<{ scenario: Scenario; steps: number } | null>;
}

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * What an engine connection may add to LabApi to survive a crash (the worker client does): a
 * crash notice and a fresh engine.
 */
export interface RestartableLab {
  onCrash(listener: (detail: string) => void): () => void;
  restart(): Promise<void>;
}
