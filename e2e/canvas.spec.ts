import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

test.describe('canvas: namespaces, bridges and veth pairs', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(
      "if (!localStorage.getItem('cnlab.language')) localStorage.setItem('cnlab.language', 'en')",
    );
  });

  test('build a container network by hand, undo, reload', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.expectDefaultScenario();

    // a namespace and a bridge, dropped onto node1
    await lab.paletteItem('netns').dragTo(lab.machine('node1'));
    await expect(lab.netns('node1', 'ns1')).toBeVisible();
    await lab.paletteItem('bridge').dragTo(lab.machine('node1'));
    const br0 = lab.device('node1', null, 'br0');
    await expect(br0).toBeVisible();
    await lab.waitUntilStill(br0);

    // connect them: a veth pair, eth0 inside ns1
    await lab.connect(lab.netns('node1', 'ns1'), br0);
    const eth0 = lab.device('node1', 'ns1', 'eth0');
    await expect(eth0).toBeVisible();
    await expect(lab.canvas.locator('path.lab-link--veth')).toHaveCount(1);
    await expect(lab.canvas.locator('path.lab-link--port')).toHaveCount(1);

    // addresses through the inspector
    await eth0.click();
    await expect(lab.inspector.getByTestId('inspector.name')).toHaveText('eth0');
    await lab.submitInspector('inspector.address', '172.17.0.2/16');
    await expect(eth0).toContainText('172.17.0.2/16');
    // an invalid address is refused before anything runs
    await lab.inspector.getByTestId('inspector.address').fill('172.17.0.300/16');
    await expect(lab.inspector.getByRole('alert')).toBeVisible();
    await lab.inspector.getByTestId('inspector.address').fill('');

    // the actions log lists the commands the gestures ran
    await page.getByTestId('toolbar.actions').click();
    const log = page.getByTestId('actions-log');
    await expect(log).toContainText('ip netns add ns1');
    await expect(log).toContainText('ip link add br0 type bridge');
    await expect(log).toContainText('type veth peer name eth0 netns ns1');
    await expect(log).toContainText('ip -n ns1 link set eth0 up');
    await expect(log).toContainText('[node1:ns1] root@node1:~# ip addr add 172.17.0.2/16 dev eth0');
    await lab.netns('node1', 'ns1').locator('.lab-ns__label').click();
    await expect(lab.inspector.getByTestId('table.ip -br addr')).toContainText('172.17.0.2/16');
    await page.screenshot({ path: 'test-results/host-namespaces.png' });

    // the namespace's own terminal
    await lab.netns('node1', 'ns1').locator('.lab-ns__label').dblclick();
    const ns1 = lab.terminal('node1:ns1');
    await expect(ns1.tab).toHaveAttribute('aria-selected', 'true');
    await ns1.waitForPrompt('node1');
    await ns1.run('ip -br addr');
    await expect
      .poll(async () => (await ns1.lines()).find((l) => l.startsWith('eth0@if')) ?? '')
      .toMatch(/^eth0@if\d+ +UP +172\.17\.0\.2\/16/);
    // docs/screenshot.png now comes from timeline.spec.ts (a namespace, a terminal, the timeline).
    await page.screenshot({ path: 'test-results/namespace-terminal.png' });

    // split view: node1 and node1:ns1 side by side
    await page.getByTestId('toolbar.split').click();
    await expect(lab.terminal('node1').panel).toBeVisible();
    await expect(ns1.panel).toBeVisible();
    await lab.terminal('node1').run('bridge link');
    await expect
      .poll(async () => (await lab.terminal('node1').lines()).join('\n'))
      .toContain('master br0');
    await page.screenshot({ path: 'test-results/split-terminals.png' });
    await page.getByTestId('toolbar.split').click();

    await br0.click();
    await lab.submitInspector('inspector.address', '172.17.0.1/16');
    await expect(br0).toContainText('172.17.0.1/16');
    await expect(lab.inspector.getByTestId('table.ip route')).toContainText(
      '172.17.0.0/16 dev br0 proto kernel scope link src 172.17.0.1',
    );
    await page.screenshot({ path: 'test-results/inspector-tables.png' });

    // undo the last change (the bridge's address)
    await lab.undo();
    await expect(br0).not.toContainText('172.17.0.1/16');
    await expect(eth0).toContainText('172.17.0.2/16');

    // reload: the autosave brings everything back, terminals included
    // the autosave is debounced: wait until it holds the undone lab
    const savedSteps =
      "(JSON.parse(localStorage.getItem('cnlab.autosave') ?? '{}').scenario?.steps ?? []).map((s) => s.line).join('\\n')";
    await expect.poll(() => page.evaluate<string>(savedSteps)).toContain('172.17.0.2/16');
    await expect.poll(() => page.evaluate<string>(savedSteps)).not.toContain('172.17.0.1/16');
    await page.reload();
    await expect(page.locator('.lab-app')).toHaveAttribute('data-status', 'ready');
    await expect(lab.device('node1', 'ns1', 'eth0')).toContainText('172.17.0.2/16');
    await expect(lab.device('node1', null, 'br0')).toBeVisible();
    await expect(lab.canvas.locator('path.lab-link--veth')).toHaveCount(1);
    await expect(lab.terminal('node1:ns1').tab).toBeVisible();
    await expect(lab.errorBanner).toHaveCount(0);
  });

  test('invalid drops explain why', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.paletteItem('netns').dragTo(lab.canvas, { targetPosition: { x: 40, y: 420 } });
    await expect(lab.toast).toContainText('drop it onto a host');
    await lab.paletteItem('bridge').click();
    await expect(lab.toast).toContainText('Select a host first');
  });

  test('zoomed out, hosts collapse to a compact card with counts', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.paletteItem('netns').dragTo(lab.machine('node1'));
    await expect(lab.netns('node1', 'ns1')).toBeVisible();
    for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Zoom Out' }).click();
    await expect(lab.machine('node1').getByTestId('machine-counts')).toHaveText(
      '1 netns · 1 devices',
    );
    await page.screenshot({ path: 'test-results/collapsed.png' });
  });

  test('a hostile title renders as text and runs no script', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const lab = new LabPage(page);
    await lab.open();
    await page.getByTestId('toolbar.labConsole').click();
    const console = lab.terminal('lab');
    await expect.poll(() => console.currentLine()).toBe('lab>');
    await console.run("title '<img src=x onerror=alert(1)>'");
    await expect(lab.title).toHaveText('<img src=x onerror=alert(1)>');
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });

  test('Chinese canvas and inspector', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.paletteItem('netns').dragTo(lab.machine('node1'));
    await lab.paletteItem('bridge').dragTo(lab.machine('node1'));
    await lab.waitUntilStill(lab.device('node1', null, 'br0'));
    await lab.connect(lab.netns('node1', 'ns1'), lab.device('node1', null, 'br0'));
    await expect(lab.device('node1', 'ns1', 'eth0')).toBeVisible();
    await lab.setLanguage('zh-CN');
    await lab.device('node1', null, 'br0').click();
    await expect(lab.inspector).toContainText('实时表项');
    await expect(page.getByTestId('legend')).toContainText('veth 对');
    await page.screenshot({ path: 'test-results/canvas-zh-CN.png' });
  });
});
