/**
 * English catalogue: the reference set of message keys. Every user-visible string of the UI comes
 * from here (or from its translations). Placeholders are written `{name}`.
 */
export const en = {
  'app.loading': 'Starting the lab…',
  'app.untitled': 'Untitled lab',

  'topbar.share': 'Share',
  'topbar.shareHint': 'Put this lab into the address bar and copy the link',
  'topbar.help': 'Help',
  'topbar.language': 'Language',

  'toast.linkCopied': 'Link copied',
  'toast.linkInAddressBar': 'Link ready in the address bar (copying was not allowed)',
  'toast.commandFailed': 'Command failed: {detail}',
  'toast.dismiss': 'Dismiss',

  'error.badLink': 'This link could not be read ({detail}). The default lab was loaded instead.',
  'error.loadFailed':
    'This lab could not be loaded ({detail}). The default lab was loaded instead.',
  'error.engineFailed': 'The lab engine failed: {detail}',
  'error.dismiss': 'Close',

  'palette.title': 'Add',
  'palette.host': 'Host',
  'palette.hostHint':
    'A Linux host with its own network stack. Click, or drag onto the canvas (runs “machine add”).',
  'palette.router': 'Router',
  'palette.routerHint':
    'A Linux machine that forwards IP packets between its interfaces (runs “machine add --kind router”).',
  'palette.segment': 'L2 segment',
  'palette.segmentHint':
    'A layer-2 network, like a switch: machines cabled to it share one Ethernet broadcast domain (runs “segment add”).',
  'palette.cableHint':
    'To cable a machine to a segment, drag from the dot under the machine to the segment.',

  'canvas.label': 'Topology canvas',
  'kind.host': 'host',
  'kind.router': 'router',
  'kind.segment': 'L2 segment',

  'inspector.title': 'Inspector',
  'inspector.empty': 'Select a machine or a segment on the canvas to see its details.',
  'inspector.kind': 'Kind',
  'inspector.name': 'Name',
  'inspector.hostname': 'Hostname',
  'inspector.netns': 'Network namespaces',
  'inspector.netnsNone': 'only the root namespace',
  'inspector.cables': 'Cables',
  'inspector.cablesNone': 'no cables',
  'inspector.openTerminal': 'Open terminal',
  'inspector.delete': 'Delete',

  'terminal.title': 'Terminal',
  'terminal.empty': 'Click a machine on the canvas to open a terminal on it.',
  'terminal.close': 'Close terminal {name}',
  'terminal.labConsole': 'Lab console',
  'terminal.labConsoleHint':
    'Commands that change the topology: machine add, segment add, cable, uncable, title …',
  'terminal.resize': 'Drag to resize the terminal',
  'terminal.openFailed': 'Could not open a shell: {detail}',

  'help.title': 'Help',
  'help.intro':
    'cnlab is a container-networking lab that runs in your browser. Every machine behaves like a Linux host: type real commands in its terminal and watch what the kernel does.',
  'help.canvas':
    'Add hosts, routers and L2 segments from the palette on the left. Click a machine to open its terminal. Drag nodes to arrange them; Share makes a link to this exact lab.',
  'help.shortcuts': 'Keyboard shortcuts in the terminal',
  'help.key.enter': 'Run the line',
  'help.key.tab': 'Complete a command or name',
  'help.key.history': 'Previous / next command from history',
  'help.key.ctrlC': 'Stop the running command, or abandon the line',
  'help.key.ctrlL': 'Clear the screen',
  'help.key.homeEnd': 'Go to the start / end of the line',
  'help.key.ctrlU': 'Delete to the start of the line',
  'help.key.ctrlK': 'Delete to the end of the line',
  'help.key.ctrlW': 'Delete the word before the cursor',
  'help.key.help': 'Open this help (when the terminal is not focused)',
  'help.close': 'Close',
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;
