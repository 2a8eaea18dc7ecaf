/**
 * xterm and its fit addon, loaded on demand: about a third of the page's JavaScript, needed only
 * once a terminal is shown (after the canvas is interactive). One import for every pane.
 */
export type XtermModules = {
  Terminal: typeof import('@xterm/xterm').Terminal;
  FitAddon: typeof import('@xterm/addon-fit').FitAddon;
};

let loading: Promise<XtermModules> | null = null;

export function loadXterm(): Promise<XtermModules> {
  loading ??= Promise.all([
    import('@xterm/xterm'),
    import('@xterm/addon-fit'),
    import('@xterm/xterm/css/xterm.css'),
  ]).then(
    ([xterm, fit]) => ({ Terminal: xterm.Terminal, FitAddon: fit.FitAddon }),
    (err: unknown) => {
      loading = null; // a later pane may try again (a flaky network, a redeploy)
      throw err;
    },
  );
  return loading;
}
