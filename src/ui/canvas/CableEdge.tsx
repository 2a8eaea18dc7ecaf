import { BaseEdge, EdgeLabelRenderer, type EdgeProps, useInternalNode } from '@xyflow/react';
import { memo } from 'react';
import { type CableFlowEdge, cableGeometry, type Rect } from './flow-mapping';

type InternalNode = NonNullable<ReturnType<typeof useInternalNode>>;

function rectOf(node: InternalNode): Rect {
  return {
    x: node.internals.positionAbsolute.x,
    y: node.internals.positionAbsolute.y,
    width: node.measured.width ?? 0,
    height: node.measured.height ?? 0,
  };
}

function CableEdgeComponent({ id, source, target, data }: EdgeProps<CableFlowEdge>) {
  const machine = useInternalNode(source);
  const segment = useInternalNode(target);
  if (!machine || !segment) return null;
  const g = cableGeometry(rectOf(machine), rectOf(segment));
  return (
    <>
      <BaseEdge id={id} path={`M ${g.sx},${g.sy} L ${g.tx},${g.ty}`} className="lab-cable" />
      <EdgeLabelRenderer>
        <div
          className="lab-cable__label nodrag nopan"
          style={{ transform: `translate(-50%, -50%) translate(${g.labelX}px, ${g.labelY}px)` }}
          data-testid={`link.${id}`}
        >
          {data?.ifname}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const CableEdge = memo(CableEdgeComponent);
CableEdge.displayName = 'CableEdge';
