import {
  BaseEdge,
  EdgeLabelRenderer,
  type EdgeProps,
  getBezierPath,
  Position,
  useInternalNode,
} from '@xyflow/react';
import { memo } from 'react';
import { useT } from '../i18n';
import { cableGeometry, type LabFlowEdge, type Rect } from './flow-mapping';

type InternalNode = NonNullable<ReturnType<typeof useInternalNode>>;

function rectOf(node: InternalNode): Rect {
  return {
    x: node.internals.positionAbsolute.x,
    y: node.internals.positionAbsolute.y,
    width: node.measured.width ?? 0,
    height: node.measured.height ?? 0,
  };
}

/**
 * Every link of the canvas. Cables drop from the NIC chip (or from a collapsed host) onto the
 * segment bar, labelled with the interface; veth pairs and bridge ports curve from handle to
 * handle inside a host. The kind picks the colour (see the legend).
 */
function LabEdgeComponent(props: EdgeProps<LabFlowEdge>) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourceHandleId, data } = props;
  const from = useInternalNode(source);
  const to = useInternalNode(target);
  const kind = data?.kind ?? 'cable';
  const t = useT();
  if (kind === 'tunnel') {
    // Sideways out of one VTEP, into the other; arcs over the hosts in between.
    const h = data?.arc ? 150 + 50 * data.arc : 0;
    const d = Math.max(40, Math.abs(targetX - sourceX) / 3);
    const path = `M ${sourceX},${sourceY} C ${sourceX + d},${sourceY - h} ${targetX - d},${targetY - h} ${targetX},${targetY}`;
    const labelX = (sourceX + targetX) / 2;
    const labelY = (sourceY + targetY) / 2 - 0.75 * h;
    const tunnel = data?.tunnel;
    const text =
      tunnel?.type === 'vxlan'
        ? t('canvas.tunnelVxlan', { vni: tunnel.vni })
        : t('canvas.tunnelUdp');
    return (
      <>
        <BaseEdge id={id} path={path} className="lab-link lab-link--tunnel" />
        <EdgeLabelRenderer>
          <div
            className="lab-tunnel__label nodrag nopan"
            style={{
              transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY - 12}px)`,
            }}
            data-testid={`link.${id}`}
          >
            {text}
          </div>
        </EdgeLabelRenderer>
      </>
    );
  }
  if (kind !== 'cable') {
    const [path] = getBezierPath({
      sourceX,
      sourceY,
      sourcePosition: Position.Bottom,
      targetX,
      targetY,
      targetPosition: Position.Top,
      curvature: 0.35,
    });
    return <BaseEdge id={id} path={path} className={`lab-link lab-link--${kind}`} />;
  }
  if (!from || !to) return null;
  // From a NIC chip: the label goes below the host's border, not under it.
  const start = sourceHandleId
    ? { x: sourceX, y: sourceY - 56, width: 0, height: 112 }
    : rectOf(from);
  const g = cableGeometry(start, rectOf(to));
  return (
    <>
      <BaseEdge
        id={id}
        path={`M ${g.sx},${g.sy} L ${g.tx},${g.ty}`}
        className="lab-link lab-link--cable"
      />
      <EdgeLabelRenderer>
        <div
          className="lab-cable__label nodrag nopan"
          style={{ transform: `translate(-50%, -50%) translate(${g.labelX}px, ${g.labelY}px)` }}
          data-testid={`link.${id}`}
        >
          {data?.label}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const LabEdge = memo(LabEdgeComponent);
LabEdge.displayName = 'LabEdge';
