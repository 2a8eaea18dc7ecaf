import { expect, type Locator, type Page } from '@playwright/test';

/** The packet timeline in the dock, the packet token on the canvas and the packet inspector. */
export class Timeline {
  readonly page: Page;
  readonly button: Locator;
  readonly panel: Locator;
  readonly counter: Locator;
  readonly rows: Locator;
  readonly play: Locator;
  readonly forward: Locator;
  readonly back: Locator;
  readonly start: Locator;
  readonly end: Locator;
  readonly flow: Locator;
  readonly crossings: Locator;
  readonly token: Locator;
  readonly tokenOuter: Locator;
  readonly packet: Locator;
  readonly tree: Locator;
  readonly hex: Locator;
  readonly downloadFlow: Locator;
  readonly downloadIface: Locator;
  readonly downloadAll: Locator;

  constructor(page: Page) {
    this.page = page;
    this.button = page.getByTestId('toolbar.timeline');
    this.panel = page.getByTestId('timeline');
    this.counter = page.getByTestId('timeline.counter');
    this.rows = this.panel.locator('tbody tr');
    this.play = page.getByTestId('timeline.play');
    this.forward = page.getByTestId('timeline.forward');
    this.back = page.getByTestId('timeline.back');
    this.start = page.getByTestId('timeline.start');
    this.end = page.getByTestId('timeline.end');
    this.flow = page.getByTestId('timeline.flow');
    this.crossings = page.getByTestId('timeline.crossings');
    this.token = page.getByTestId('packet-token');
    this.tokenOuter = page.getByTestId('token-outer');
    this.packet = page.getByTestId('packet-inspector');
    this.tree = page.getByTestId('packet.tree');
    this.hex = page.getByTestId('packet.hex');
    this.downloadFlow = page.getByTestId('timeline.downloadFlow');
    this.downloadIface = page.getByTestId('timeline.downloadIface');
    this.downloadAll = page.getByTestId('timeline.downloadAll');
  }

  async open() {
    if ((await this.button.getAttribute('aria-pressed')) !== 'true') await this.button.click();
    await expect(this.panel).toBeVisible();
  }

  /** A step row by its 1-based number. */
  row(step: number): Locator {
    return this.page.getByTestId(`timeline.step.${step}`);
  }

  /** The 1-based number of the first row with this hook whose text matches. */
  async stepOf(hook: string, text: RegExp): Promise<number> {
    const rows = this.panel.locator(`tbody tr[data-hook="${hook}"]`);
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      if (text.test((await row.textContent()) ?? '')) {
        const id = (await row.getAttribute('data-testid')) ?? '';
        return Number(id.slice('timeline.step.'.length));
      }
    }
    throw new Error(`no ${hook} step matching ${text}`);
  }

  async expectStep(step: number, count?: number) {
    await expect(this.row(step)).toHaveAttribute('aria-selected', 'true');
    if (count !== undefined) await expect(this.counter).toHaveText(`Step ${step} of ${count}`);
  }

  /** The user/kernel lanes chart of the timeline. */
  get lanes(): Locator {
    return this.page.locator('.lab-tl__lanes');
  }

  /** The n-th occurrence (0 = outermost) of a field in the packet tree. */
  fieldAt(name: string, n: number): Locator {
    return this.tree.locator(`[data-field="${name}"]`).nth(n);
  }

  /** A field of the packet tree (by its Wireshark name, e.g. `ip.ttl`). */
  field(name: string): Locator {
    return this.tree.locator(`[data-field="${name}"]`).first();
  }

  highlightedBytes(): Locator {
    return this.hex.locator('.lab-hex__bytes .is-hl');
  }
}
