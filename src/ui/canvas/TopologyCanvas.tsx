import {
  Background,
  Controls,
  type FinalConnectionState,
  MiniMap,
  type NodeChange,
  type NodeMouseHandler,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  type ReactFlowState,
  useStore as useFlowStore,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { NodePosition } from '../../engine/api/types';
import {
  selectContainers,
  selectLoadCount,
  selectMulti,
  selectPositions,
  selectSelectedId,
  selectTopology,
  useLab,
  useLabStore,
} from '../../store';
import { CopyIcon, LayoutIcon, TrashIcon } from '../app/icons';
import { useT } from '../i18n';
import { CalicoDialogWhenOpen } from './CalicoDialogWhenOpen';
import { FlannelDialogWhenOpen } from './FlannelDialogWhenOpen';
import {
  autoLayout,
  COLLAPSE_ZOOM,
  FAR_ZOOM,
  keepMeasured,
  type LabFlowNode,
  MACHINE_SIZE,
  SEGMENT_HEIGHT,
  stabilizeNodes,
  topologyToFlow,
} from './flow-mapping';
import { LabEdge } from './LabEdge';
import { Legend } from './Legend';
import { MachineNode } from './MachineNode';
import { PacketOverlayWhenOpen } from './PacketOverlayWhenOpen';
import { isInnerItem, PALETTE_MIME, paletteItemOf } from './palette-dnd';
import { SegmentNode } from './SegmentNode';

// Module scope: React Flow re-mounts every node when these objects change identity.
const nodeTypes = { machine: MachineNode, segment: SegmentNode };
const edgeTypes = { lab: LabEdge };
/** A boolean, so the canvas re-renders when crossing the threshold, not on every zoom step. */
const selectCollapsed = (s: ReactFlowState) => s.transform[2] < COLLAPSE_ZOOM;
const selectFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;
// The bottom padding keeps the Controls and the MiniMap clear of the nodes after a fit.
const fitViewOptions = {
  padding: { top: '48px', bottom: '140px', x: '64px' },
  maxZoom: 1.25,
} as const;
const miniMapColor = (node: LabFlowNode) => (node.type === 'segment' ? '#5b8def' : '#334155');

/** The node (by id) under a viewport point, if any: where a cable drag was released. */
function nodeIdAt(x: number, y: number): string | null {
  const el = document.elementFromPoint(x, y)?.closest('.react-flow__node');
  return el?.getAttribute('data-id') ?? null;
}

/** The device chip under a viewport point, if any. */
function deviceIdAt(x: number, y: number): string | null {
  const el = document.elementFromPoint(x, y)?.closest('[data-device-id]');
  return el?.getAttribute('data-device-id') ?? null;
}

const machineName = (nodeId: string | null) =>
  nodeId?.startsWith('machine:') ? nodeId.slice('machine:'.length) : null;

function CanvasInner() {
  const t = useT();
  const store = useLabStore();
  const view = useLab(selectTopology);
  const positions = useLab(selectPositions);
  const selectedId = useLab(selectSelectedId);
  const loadCount = useLab(selectLoadCount);
  const multi = useLab(selectMulti);
  const containers = useLab(selectContainers);
  const { screenToFlowPosition, fitView, getNodes } = useReactFlow<LabFlowNode>();
  const boxing = useRef(false);
  const collapsed = useFlowStore(selectCollapsed);
  const far = useFlowStore(selectFar);
  const [measured, setMeasured] = useState<readonly LabFlowNode[]>([]);
  const previous = useRef<readonly LabFlowNode[]>([]);

  const flow = useMemo(
    () => topologyToFlow(view, positions, selectedId, collapsed, { multi, containers }),
    [view, positions, selectedId, collapsed, multi, containers],
  );
  const empty = view !== null && view.machines.length === 0 && view.segments.length === 0;
  const hasTunnels = flow.edges.some((e) => e.data?.kind === 'tunnel');
  const selectedMachine =
    selectedId?.startsWith('machine:') && multi.length <= 1 ? selectedId : null;

  const arrange = useCallback(() => {
    const s = store.getState();
    if (!s.topology) return;
    const sizes = new Map(getNodes().map((n) => [n.id, n.measured]));
    const sizeOf = (id: string) => {
      const m = sizes.get(id);
      return m?.width && m.height ? { width: m.width, height: m.height } : undefined;
    };
    void s.applyLayout(autoLayout(s.topology, sizeOf)).then(() => {
      requestAnimationFrame(() => void fitView({ ...fitViewOptions, duration: 250 }));
    });
  }, [store, getNodes, fitView]);
  const nodes = useMemo(() => {
    const next = stabilizeNodes(keepMeasured(flow.nodes, measured), previous.current);
    previous.current = next;
    return next;
  }, [flow.nodes, measured]);

  useEffect(() => {
    if (loadCount === 0) return;
    const frame = requestAnimationFrame(() => void fitView(fitViewOptions));
    return () => cancelAnimationFrame(frame);
  }, [loadCount, fitView]);

  // A node added anywhere (palette, lab console), or a host that grew (a namespace or device
  // was added), may reach outside the view: show everything.
  const nodeCount =
    flow.nodes.length +
    flow.nodes.reduce(
      (n, node) => n + (node.type === 'machine' ? node.data.netnsCount + node.data.deviceCount : 0),
      0,
    );
  const seenCount = useRef(nodeCount);
  useEffect(() => {
    // From an empty lab too: the first host dropped may land anywhere.
    const grew = nodeCount > seenCount.current;
    seenCount.current = nodeCount;
    if (!grew) return;
    const duration = window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 250;
    const frame = requestAnimationFrame(() => void fitView({ ...fitViewOptions, duration }));
    return () => cancelAnimationFrame(frame);
  }, [nodeCount, fitView]);

  // F fits the whole lab into view (when no field or terminal has the keyboard).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target;
      if (event.key !== 'f' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target instanceof HTMLElement && target.closest('input, textarea, select, .xterm'))
        return;
      event.preventDefault();
      void fitView({ ...fitViewOptions, duration: 200 });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fitView]);

  const onNodesChange = useCallback(
    (changes: NodeChange<LabFlowNode>[]) => {
      const moved: Record<string, NodePosition> = {};
      let resized = false;
      for (const c of changes) {
        if (c.type === 'position' && c.position) moved[c.id] = c.position;
        if (c.type === 'dimensions' && c.dimensions) resized = true;
      }
      if (resized) {
        setMeasured((prev) => {
          const sizes = new Map(prev.map((n) => [n.id, n]));
          for (const c of changes) {
            if (c.type === 'dimensions' && c.dimensions) {
              sizes.set(c.id, { id: c.id, measured: c.dimensions } as LabFlowNode);
            }
          }
          return [...sizes.values()];
        });
      }
      // Selection and removal are the store's business, not React Flow's; a box select (Shift
      // and drag) hands its picks to the store.
      if (boxing.current) {
        const picked = changes.flatMap((c) => (c.type === 'select' && c.selected ? [c.id] : []));
        const touched = changes.some((c) => c.type === 'select');
        if (touched) {
          const s = store.getState();
          const kept = s.multi.filter(
            (id) => !changes.some((c) => c.type === 'select' && c.id === id && !c.selected),
          );
          s.setSelection([...new Set([...kept, ...picked])]);
        }
      }
      if (Object.keys(moved).length > 0) store.getState().moveNodes(moved);
    },
    [store],
  );

  const onNodeClick: NodeMouseHandler<LabFlowNode> = useCallback(
    (event, node) => {
      const s = store.getState();
      if (event.shiftKey) {
        s.toggleSelect(node.id);
        return;
      }
      s.select(node.id);
      if (node.type === 'machine') void s.openTerminal(node.data.name);
    },
    [store],
  );

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const from = state.fromNode;
      if (from?.type !== 'machine') return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      const targetId = state.toNode?.id ?? nodeIdAt(point.clientX, point.clientY);
      const s = store.getState();
      const machine = s.topology?.machines.find((m) => m.id === from.id);
      if (!machine) return;
      const handle = state.fromHandle?.id ?? '';
      if (handle.startsWith('ns:')) {
        // From a namespace: plug it into the bridge it was dropped on.
        const toHandle = state.toHandle?.id?.replace(/:[tb]$/, '') ?? null;
        const device = toHandle ?? deviceIdAt(point.clientX, point.clientY);
        if (device) void s.connectNetns(machine.name, handle.slice(3), device);
        else if (targetId && targetId !== from.id) s.showToast('connectOtherHost');
        else if (targetId) s.showToast('connectNotBridge');
        return;
      }
      const segment = s.topology?.segments.find((x) => x.id === targetId);
      if (segment) void s.cable(machine.name, segment.name);
    },
    [store],
  );

  const onNodeDoubleClick: NodeMouseHandler<LabFlowNode> = useCallback(
    (_event, node) => {
      if (node.type === 'machine') void store.getState().openTerminal(node.data.name);
    },
    [store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const item = paletteItemOf(event.dataTransfer.getData(PALETTE_MIME));
      if (!item) return;
      event.preventDefault();
      if (item === 'flannel') {
        store.getState().setFlannelOpen(true);
        return;
      }
      if (item === 'calico') {
        store.getState().setCalicoOpen(true);
        return;
      }
      if (isInnerItem(item)) {
        void store.getState().addInside(item, machineName(nodeIdAt(event.clientX, event.clientY)));
        return;
      }
      const p = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // Centre the new node under the pointer.
      const half =
        item === 'segment'
          ? { x: 120, y: SEGMENT_HEIGHT / 2 }
          : { x: MACHINE_SIZE.width / 2, y: MACHINE_SIZE.height / 2 };
      void store
        .getState()
        .addFromPalette(item, { x: Math.round(p.x - half.x), y: Math.round(p.y - half.y) });
    },
    [screenToFlowPosition, store],
  );

  return (
    <section
      className={`lab-canvas${far ? ' lab-canvas--far' : ''}`}
      aria-label={t('canvas.label')}
      data-testid="canvas"
    >
      <ReactFlow<LabFlowNode>
        nodes={nodes}
        edges={flow.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onNodeClick={onNodeClick}
        onNodeDoubleClick={onNodeDoubleClick}
        onNodeDragStop={() => void store.getState().saveLayout()}
        onPaneClick={() => {
          if (!boxing.current) store.getState().select(null);
        }}
        onSelectionStart={() => {
          boxing.current = true;
          store.getState().setSelection([]);
        }}
        onSelectionEnd={() => {
          // The click that ends a box select must not clear it.
          setTimeout(() => {
            boxing.current = false;
          }, 0);
        }}
        onConnectEnd={onConnectEnd}
        onDragOver={onDragOver}
        onDrop={onDrop}
        fitView
        fitViewOptions={fitViewOptions}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={null}
        selectNodesOnDrag={false}
        zoomOnDoubleClick={false}
        minZoom={0.05}
        maxZoom={2.5}
        // Zoomed out (compact hosts) most of the lab is in view: culling would only re-mount
        // nodes on every pan step. Zoomed in it keeps the DOM to the few hosts on screen.
        onlyRenderVisibleElements={!collapsed}
      >
        <Panel position="bottom-center" className="lab-legend-panel">
          <Legend tunnels={hasTunnels} />
        </Panel>
        <Panel position="top-left">
          <div className="lab-canvas-tools" data-testid="canvas-tools">
            <button
              type="button"
              className="lab-button lab-button--icon"
              title={t('canvas.autoLayoutHint')}
              disabled={empty}
              onClick={arrange}
              data-testid="toolbar.autoLayout"
            >
              <LayoutIcon size={16} />
              <span>{t('canvas.autoLayout')}</span>
            </button>
            {selectedMachine && (
              <button
                type="button"
                className="lab-button lab-button--icon"
                title={t('canvas.duplicateHint')}
                onClick={() => void store.getState().duplicateNode(selectedMachine)}
                data-testid="toolbar.duplicate"
              >
                <CopyIcon size={16} />
                <span>{t('canvas.duplicate')}</span>
              </button>
            )}
            {multi.length > 1 && (
              <button
                type="button"
                className="lab-button lab-button--icon lab-button--danger"
                title={t('canvas.deleteSelectedHint')}
                onClick={() => void store.getState().deleteSelected()}
                data-testid="toolbar.deleteSelected"
              >
                <TrashIcon size={16} />
                <span>{t('canvas.deleteSelected', { count: multi.length })}</span>
              </button>
            )}
            {!empty && multi.length <= 1 && (
              <span className="lab-canvas-tools__hint">{t('canvas.selectionHint')}</span>
            )}
          </div>
        </Panel>
        <Background gap={24} size={1.5} color="#c8d0dc" />
        <Controls showInteractive={false} />
        <MiniMap<LabFlowNode>
          pannable
          zoomable
          nodeColor={miniMapColor}
          nodeStrokeWidth={2}
          style={{ width: 150, height: 96 }}
        />
      </ReactFlow>
      <PacketOverlayWhenOpen />
      {empty && (
        <div className="lab-canvas-empty" data-testid="canvas-empty">
          <div className="lab-canvas-empty__card">
            <p className="lab-canvas-empty__title">{t('canvas.emptyTitle')}</p>
            <p>{t('canvas.emptyHint')}</p>
          </div>
        </div>
      )}
      <FlannelDialogWhenOpen />
      <CalicoDialogWhenOpen />
    </section>
  );
}

export function TopologyCanvas() {
  return (
    <ReactFlowProvider>
      <CanvasInner />
    </ReactFlowProvider>
  );
}
