/** Small inline SVG icons (no icon font: the CSP allows no remote assets, and SVG stays sharp on projectors). */
import type { ReactNode } from 'react';
import type { MachineKind } from '../../engine/api/types';

interface IconProps {
  size?: number;
}

function Svg({ size = 22, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

const SHAPES = {
  host: (
    <>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4" />
    </>
  ),
  router: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M8 9.5h6.5m0 0-2-2m2 2-2 2M16 14.5H9.5m0 0 2-2m-2 2 2 2" strokeWidth="1.6" />
    </>
  ),
  segment: (
    <>
      <rect x="2.5" y="13" width="19" height="5" rx="2.5" />
      <path d="M6 13V7M12 13V5M18 13V7" />
    </>
  ),
  netns: (
    <>
      <rect x="3" y="3" width="18" height="18" rx="3" strokeDasharray="3 2.2" />
      <rect x="7.5" y="8" width="9" height="8" rx="1.5" />
    </>
  ),
  bridge: (
    <>
      <path d="M3 10h18M3 10c3-4 15-4 18 0" />
      <path d="M6 10v8M12 10v8M18 10v8" />
    </>
  ),
  container: (
    <>
      <path d="M12 3 20 7.5v9L12 21l-8-4.5v-9z" />
      <path d="M4 7.5 12 12l8-4.5M12 12v9" />
    </>
  ),
  pod: (
    <>
      <rect x="2.5" y="3.5" width="19" height="17" rx="3" strokeDasharray="3 2.2" />
      <path d="M8.5 8 12 6l3.5 2v4L12 14l-3.5-2z" />
      <path d="M12 14v3.5M8.5 17.5h7" />
    </>
  ),
  flannel: (
    <>
      <rect x="2.5" y="4" width="6" height="6" rx="1.5" />
      <rect x="15.5" y="4" width="6" height="6" rx="1.5" />
      <path d="M8.5 7h7" strokeDasharray="2 2" />
      <path d="M2.5 18h19M5.5 10v8M18.5 10v8" />
    </>
  ),
  calico: (
    <>
      <circle cx="5" cy="6" r="2.5" />
      <circle cx="19" cy="6" r="2.5" />
      <circle cx="12" cy="18.5" r="2.5" />
      <path d="M7.5 6h9M6.3 8.2l4.4 8M17.7 8.2l-4.4 8" />
    </>
  ),
  layout: (
    <>
      <rect x="3" y="3" width="7" height="6" rx="1.2" />
      <rect x="14" y="3" width="7" height="6" rx="1.2" />
      <path d="M3 18h18M6.5 9v9M17.5 9v9" />
    </>
  ),
  copy: (
    <>
      <rect x="8" y="8" width="12" height="12" rx="2" />
      <path d="M16 8V5a1 1 0 0 0-1-1H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3" />
    </>
  ),
  trash: <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6" />,
  plus: <path d="M12 5v14M5 12h14" />,
  undo: <path d="M9 7 4 12l5 5M4 12h11a5 5 0 0 1 0 10h-2" />,
  redo: <path d="m15 7 5 5-5 5M20 12H9a5 5 0 0 0 0 10h2" />,
  split: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M12 4v16" />
    </>
  ),
  guide: (
    <>
      <path d="M4 5.5A1.5 1.5 0 0 1 5.5 4H11v16H5.5A1.5 1.5 0 0 1 4 18.5z" />
      <path d="M20 5.5A1.5 1.5 0 0 0 18.5 4H13v16h5.5a1.5 1.5 0 0 0 1.5-1.5z" />
      <path d="M6.5 8h2.5M6.5 11h2.5M15.5 8h2M15.5 11h2" strokeWidth="1.5" />
    </>
  ),
};

export const HostIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.host}</Svg>;
export const RouterIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.router}</Svg>;
export const SegmentIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.segment}</Svg>;
export const NetnsIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.netns}</Svg>;
export const BridgeIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.bridge}</Svg>;
export const ContainerIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.container}</Svg>;
export const PodIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.pod}</Svg>;
export const FlannelIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.flannel}</Svg>;
export const CalicoIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.calico}</Svg>;
export const LayoutIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.layout}</Svg>;
export const CopyIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.copy}</Svg>;
export const TrashIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.trash}</Svg>;
export const PlusIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.plus}</Svg>;
export const UndoIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.undo}</Svg>;
export const RedoIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.redo}</Svg>;
export const SplitIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.split}</Svg>;
export const GuideIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.guide}</Svg>;

export function MachineIcon({ kind, size }: IconProps & { kind: MachineKind }) {
  return <Svg size={size}>{kind === 'router' ? SHAPES.router : SHAPES.host}</Svg>;
}

/** The timeline's transport controls. */
export type TransportIconName =
  | 'start'
  | 'back'
  | 'play'
  | 'pause'
  | 'forward'
  | 'end'
  | 'download';

const TRANSPORT: Record<TransportIconName, ReactNode> = {
  start: (
    <>
      <path d="M6 5v14" />
      <path d="M18 6l-9 6 9 6z" fill="currentColor" />
    </>
  ),
  back: <path d="M16 6l-8 6 8 6z" fill="currentColor" />,
  play: <path d="M8 5l11 7-11 7z" fill="currentColor" />,
  pause: (
    <>
      <path d="M8 5v14" strokeWidth="3.2" />
      <path d="M16 5v14" strokeWidth="3.2" />
    </>
  ),
  forward: <path d="M8 6l8 6-8 6z" fill="currentColor" />,
  end: (
    <>
      <path d="M18 5v14" />
      <path d="M6 6l9 6-9 6z" fill="currentColor" />
    </>
  ),
  download: (
    <>
      <path d="M12 4v11" />
      <path d="M7 10l5 5 5-5" />
      <path d="M5 20h14" />
    </>
  ),
};

export function TransportIcon({ name, size = 16 }: IconProps & { name: TransportIconName }) {
  return <Svg size={size}>{TRANSPORT[name]}</Svg>;
}
