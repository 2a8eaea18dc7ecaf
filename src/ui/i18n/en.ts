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

  'topbar.undo': 'Undo',
  'topbar.undoHint': 'Undo the last change to the lab (Ctrl-Z)',
  'topbar.redo': 'Redo',
  'topbar.redoHint': 'Redo the change you undid (Ctrl-Shift-Z)',
  'toast.dropNetnsOutside': 'A network namespace lives inside a host: drop it onto a host.',
  'toast.dropBridgeOutside': 'A bridge is a device of a host: drop it onto a host.',
  'toast.selectHostFirst': 'Select a host first, or drag the item onto a host.',
  'toast.connectOtherHost':
    'A veth pair cannot leave its host: connect the namespace to a bridge on the same host.',
  'toast.connectNotBridge':
    'Drop the line onto a bridge of this host (create one from the palette first).',
  'toast.connectFromNetns': 'Start the line at the dot under a network namespace.',
  'toast.badAddress': '“{detail}” is not an IPv4 address with a prefix length, like 172.17.0.2/16.',
  'toast.badMtu': '“{detail}” is not an MTU Linux accepts (68–65535).',
  'toast.badHostname': '“{detail}” is not a valid hostname.',
  'toast.nothingToUndo': 'Nothing to undo',
  'toast.nothingToRedo': 'Nothing to redo',
  'error.restoreFailed':
    'Your saved lab could not be restored ({detail}). The default lab was loaded instead.',
  'error.engineRestarted':
    'The lab engine stopped ({detail}). It was restarted from your last autosave.',
  'palette.netns': 'Network namespace',
  'palette.netnsHint':
    'An isolated network stack, like a container’s. Drop it onto a host (runs “ip netns add”).',
  'palette.bridge': 'Bridge',
  'palette.bridgeHint':
    'A software switch inside a host, like docker0. Drop it onto a host (runs “ip link add … type bridge”).',
  'palette.netnsConnectHint':
    'To plug a namespace into a bridge, drag from the dot under the namespace to the bridge: this creates a veth pair.',
  'canvas.rootNetns': 'root namespace',
  'canvas.noDevices': 'no devices',
  'canvas.netnsHint': 'Click to inspect, double-click to open a terminal in this namespace',
  'canvas.netnsConnectHint': 'Drag to a bridge to connect this namespace with a veth pair',
  'canvas.counts': '{netns} netns · {devices} devices',
  'canvas.hostnameIs': 'hostname {hostname}',
  'kind.netns': 'network namespace',
  'legend.cable': 'cable',
  'legend.veth': 'veth pair',
  'legend.port': 'bridge port',
  'device.state.up': 'UP',
  'device.state.nocarrier': 'no carrier',
  'device.state.down': 'DOWN',
  'inspector.machine': 'Host',
  'inspector.where': 'Namespace',
  'inspector.devices': 'Devices',
  'inspector.devicesNone': 'no devices',
  'inspector.ipForward': 'IP forwarding',
  'inspector.rename': 'Rename',
  'inspector.badHostname': 'Letters, digits, dots and dashes only',
  'inspector.state': 'State',
  'inspector.setUp': 'Set up',
  'inspector.setDown': 'Set down',
  'inspector.mac': 'MAC address',
  'inspector.mtu': 'MTU',
  'inspector.set': 'Set',
  'inspector.badMtu': 'An MTU is a number from 68 to 65535',
  'inspector.addresses': 'Addresses',
  'inspector.addressesNone': 'no IPv4 addresses',
  'inspector.addAddress': 'Add an address',
  'inspector.add': 'Add',
  'inspector.badAddress': 'Write A.B.C.D/LEN, like 172.17.0.2/16',
  'inspector.delAddress': 'Remove {addr}',
  'inspector.master': 'Bridge (master)',
  'inspector.peer': 'veth peer',
  'inspector.tables': 'Live tables in {where}',
  'inspector.tableEmpty': '(prints nothing)',
  'terminal.actions': 'Lab actions',
  'terminal.actionsHint': 'The commands your canvas gestures ran, in the shells they ran in',
  'terminal.actionsEmpty':
    'Changes you make on the canvas run real commands; they are listed here.',
  'terminal.split': 'Split',
  'terminal.splitHint': 'Show two terminals side by side',
  'help.canvasShortcuts': 'On the canvas',
  'help.key.delete': 'Delete the selected host, namespace or device',
  'help.key.undo': 'Undo the last change',
  'help.key.redo': 'Redo',
  'help.key.fit': 'Fit the whole lab into view',
  'help.key.escape': 'Clear the selection',
  'help.key.doubleClick': 'On a namespace: open a terminal inside it',
  'help.key.copyPaste': 'Copy the selection / paste (right-click does both)',
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;
