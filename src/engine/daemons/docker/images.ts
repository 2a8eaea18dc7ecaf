/**
 * The images the lab knows. There is no registry: an image is a small simulated program (what
 * its entrypoint does to the network) plus the metadata `docker ps` / `docker inspect` show.
 * Anything else fails as a pull from Docker Hub would for a name that does not exist there.
 */

/** What the container's main process does in the lab. */
export type ImageProgram =
  /** A shell image: runs the given command, or stays idle when there is none (see dockerd.ts). */
  | 'shell'
  /** nginx: listens on port 80 (HTTP answers need the TCP stack, not yet in the lab). */
  | 'nginx'
  /** The Kubernetes infra container: sleeps forever holding the namespaces (C15). */
  | 'pause';

export interface Image {
  /** Repository as Docker names it (`busybox`, `k8s.gcr.io/pause`). */
  repo: string;
  tag: string;
  /** `sha256:…` image id (constant: the lab's copy of the image). */
  id: string;
  entrypoint: string[];
  cmd: string[];
  /** EXPOSE'd ports (`80/tcp`), shown by `docker ps` when not published. */
  exposed: string[];
  program: ImageProgram;
  /** Programs on the image's PATH that the lab can run (`docker exec`). */
  path: readonly string[];
}

/** busybox applets the lab has a command for (alpine's /bin/busybox links the same ones). */
const BUSYBOX = [
  'arp',
  'cat',
  'echo',
  'false',
  'grep',
  'head',
  'hostname',
  'ifconfig',
  'ip',
  'nc',
  'ping',
  'route',
  'sh',
  'sleep',
  'sysctl',
  'tail',
  'traceroute',
  'true',
  'wc',
  'wget',
];
/** A Debian/Ubuntu base image: coreutils and friends, but no iproute2, ping or iptables. */
const DEBIAN = [
  'cat',
  'echo',
  'false',
  'grep',
  'head',
  'hostname',
  'sh',
  'bash',
  'sleep',
  'tail',
  'true',
  'wc',
];

const IMAGES: readonly Image[] = [
  {
    repo: 'busybox',
    tag: 'latest',
    id: 'sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824',
    entrypoint: [],
    cmd: ['sh'],
    exposed: [],
    program: 'shell',
    path: BUSYBOX,
  },
  {
    repo: 'alpine',
    tag: 'latest',
    id: 'sha256:05455a08881ea9cf0e752bc48e61bbd71a34c029bb13df01e40e3e70e0d007bd',
    entrypoint: [],
    cmd: ['/bin/sh'],
    exposed: [],
    program: 'shell',
    path: BUSYBOX,
  },
  {
    repo: 'ubuntu',
    tag: 'latest',
    id: 'sha256:3db8720ecbf5f5927d409cc61f9b4f7ffe23283917caaa992f847c4d83338cc1',
    entrypoint: [],
    cmd: ['/bin/bash'],
    exposed: [],
    program: 'shell',
    path: DEBIAN,
  },
  {
    repo: 'nginx',
    tag: 'latest',
    id: 'sha256:a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6',
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    exposed: ['80/tcp'],
    program: 'nginx',
    path: DEBIAN,
  },
  {
    repo: 'k8s.gcr.io/pause',
    tag: '3.9',
    id: 'sha256:e6f1816883972d4be47bd48879a08919b96afcd344132622e4d444987919323c',
    entrypoint: ['/pause'],
    cmd: [],
    exposed: [],
    program: 'pause',
    path: [],
  },
];

/** `busybox` → `busybox:latest`; `docker.io/library/nginx:latest` → `nginx:latest`. */
export function normalizeImageRef(ref: string): { repo: string; tag: string } {
  let r = ref.replace(/@sha256:[0-9a-f]+$/, '');
  let tag = 'latest';
  const colon = r.lastIndexOf(':');
  if (colon > r.lastIndexOf('/')) {
    tag = r.slice(colon + 1);
    r = r.slice(0, colon);
  }
  r = r.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  r = r.replace(/^library\//, '');
  // registry.k8s.io is where k8s.gcr.io moved; both names serve the same pause image.
  if (r === 'registry.k8s.io/pause') r = 'k8s.gcr.io/pause';
  return { repo: r, tag };
}

export function findImage(ref: string): Image | undefined {
  const { repo, tag } = normalizeImageRef(ref);
  return IMAGES.find(
    (i) =>
      i.repo === repo && (i.tag === tag || (i.repo !== 'k8s.gcr.io/pause' && tag === 'latest')),
  );
}

/** The name and tag that `Unable to find image 'x:latest' locally` prints. */
export function imageRefWithTag(ref: string): string {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref : `${ref}:latest`;
}

export function allImages(): readonly Image[] {
  return IMAGES;
}
