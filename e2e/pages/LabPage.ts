import { expect, type Locator, type Page } from '@playwright/test';
import { Terminal } from './Terminal';

/** The whole lab page: top bar, palette, canvas, inspector and terminal dock. */
export class LabPage {
  readonly canvas: Locator;
  readonly nodes: Locator;
  readonly edges: Locator;
  readonly title: Locator;
  readonly shareButton: Locator;
  readonly helpButton: Locator;
  readonly helpDialog: Locator;
  readonly errorBanner: Locator;
  readonly toast: Locator;
  readonly inspector: Locator;
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.canvas = page.getByTestId('canvas');
    this.nodes = this.canvas.locator('.react-flow__node');
    this.edges = this.canvas.locator('.react-flow__edge');
    this.title = page.getByTestId('scenario-title');
    this.shareButton = page.getByTestId('toolbar.share');
    this.helpButton = page.getByTestId('toolbar.help');
    this.helpDialog = page.getByTestId('help-dialog');
    this.errorBanner = page.getByTestId('error-banner');
    this.toast = page.getByTestId('toast');
    this.inspector = page.getByTestId('inspector');
  }

  /** Open the app (optionally at a hash) and wait until the engine worker has started. */
  async open(hash = '') {
    const worker = this.page.waitForEvent('worker');
    await this.page.goto(`/${hash}`);
    await worker;
    await expect(this.page.locator('.lab-app')).toHaveAttribute('data-status', 'ready');
  }

  node(id: string): Locator {
    return this.page.getByTestId(`node.${id}`);
  }

  /** Wait until a node stops moving (the canvas animates fit-view after a change). */
  async waitUntilStill(target: Locator) {
    let last = '';
    await expect
      .poll(async () => {
        const box = JSON.stringify(await target.boundingBox());
        const still = box === last;
        last = box;
        return still;
      })
      .toBe(true);
  }

  machine(name: string): Locator {
    return this.node(`machine:${name}`);
  }

  segment(name: string): Locator {
    return this.node(`segment:${name}`);
  }

  terminal(id: string): Terminal {
    return new Terminal(this.page, id);
  }

  paletteItem(
    item:
      | 'host'
      | 'router'
      | 'segment'
      | 'netns'
      | 'bridge'
      | 'container'
      | 'pod'
      | 'flannel'
      | 'calico',
  ): Locator {
    return this.page.getByTestId(`palette.${item}`);
  }

  /** A namespace box inside a host (`netns:<machine>:<name>`). */
  netns(machine: string, name: string): Locator {
    return this.page.getByTestId(`netns.netns:${machine}:${name}`);
  }

  /** A container's namespace box on a host (the view labels it `container:<name>`). */
  container(machine: string, name: string): Locator {
    return this.netns(machine, `container:${name}`);
  }

  /** The terminal of a container (its lines run as `docker exec <name> …` on the host). */
  containerTerminal(machine: string, name: string): Terminal {
    return new Terminal(this.page, `${machine}:container:${name}`);
  }

  /** The top bar's "New lab", confirmed: an empty scenario. */
  async newLab() {
    await this.page.getByTestId('toolbar.newLab').click();
    await this.page.getByTestId('toolbar.newLab.confirm').click();
    await expect(this.page.getByTestId('canvas-empty')).toBeVisible();
  }

  /** Drop a palette item onto the empty canvas at a point of the canvas. */
  async dropOnCanvas(
    item: 'host' | 'router' | 'segment' | 'flannel' | 'calico',
    at: { x: number; y: number },
  ) {
    await this.paletteItem(item).dragTo(this.canvas, { targetPosition: at });
  }

  /** Click the toasts away (they cover the top of the canvas in screenshots). */
  async dismissToasts() {
    for (const toast of await this.toast.all()) await toast.click().catch(() => {});
    await expect(this.toast).toHaveCount(0);
  }

  async redo() {
    await this.page.getByTestId('toolbar.redo').click();
  }

  /** The scenario lines the autosave holds (it is debounced: poll it). */
  async savedSteps(): Promise<string> {
    return this.page.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('cnlab.autosave') ?? '{}').scenario?.steps ?? [])
          .map((s: { line: string }) => s.line)
          .join('\n') as string,
    );
  }

  /** A device chip (`dev:<machine>:<netns or ->:<name>`). */
  device(machine: string, netns: string | null, name: string): Locator {
    return this.page.getByTestId(`device.dev:${machine}:${netns ?? '-'}:${name}`);
  }

  /** Drag from a namespace's handle and drop on a device chip (a bridge). */
  async connect(from: Locator, to: Locator) {
    await from.locator('.lab-handle--netns').hover();
    await this.page.mouse.down();
    const box = await to.boundingBox();
    if (!box) throw new Error('connect: target not visible');
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  /** The inspector's one-field form with this test id: fill it and submit. */
  async submitInspector(testId: string, text: string) {
    const input = this.inspector.getByTestId(testId);
    await input.fill(text);
    await input.press('Enter');
  }

  async undo() {
    await this.page.getByTestId('toolbar.undo').click();
  }

  async setLanguage(language: 'en' | 'zh-CN') {
    await this.page.getByTestId(`toolbar.language.${language}`).click();
  }

  /** The default scenario: node1 and node2 cabled to lan0. */
  async expectDefaultScenario() {
    await expect(this.nodes).toHaveCount(3);
    await expect(this.machine('node1')).toBeVisible();
    await expect(this.machine('node2')).toBeVisible();
    await expect(this.segment('lan0')).toBeVisible();
    await expect(this.edges).toHaveCount(2);
  }
}
