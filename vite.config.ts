import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * A strict Content-Security-Policy for the built app: scripts only from this origin, no eval.
 * Inline styles are allowed because React Flow and xterm position elements with them. Only at
 * build time: the dev server injects an inline Fast Refresh preamble the policy would block.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'cnlab-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  worker: {
    format: 'es',
    rolldownOptions: {
      // Engine modules only declare things (architecture rule 4: no command registers itself on
      // import), so one whose exports nothing uses is left out. That keeps the eager command
      // table (registry.ts, for the CLI and tests) out of the worker, whose lab loads the rarer
      // commands on demand (src/worker/lazy-commands.ts).
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]src[\\/]engine[\\/]/.test(id) },
      output: {
        codeSplitting: {
          groups: [
            // The worker's entry and what it needs at start in one file: a second chunk would be
            // requested only once the first is parsed (a waterfall before the engine answers).
            // The wire and kernel modules only lazily loaded commands use stay out.
            {
              name: 'engine.worker',
              test: /src[\\/]worker[\\/]|node_modules[\\/]comlink[\\/]|src[\\/]engine[\\/](kernel|wire|sim|net)[\\/](?!fdb\.ts|bgp\.ts|decode\.ts|frame\.ts|pcap\.ts)/,
            },
          ],
        },
      },
    },
  },
  build: {
    target: 'es2022',
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'xyflow', test: /node_modules[\\/](@xyflow|d3-[^\\/]+|classcat)[\\/]/ },
            { name: 'xterm', test: /node_modules[\\/]@xterm[\\/]/ },
          ],
        },
      },
    },
  },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
