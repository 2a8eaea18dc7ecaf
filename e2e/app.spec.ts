import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

test.describe('lab shell', () => {
  test.beforeEach(async ({ page }) => {
    // Each test starts in English with a clean slate.
    // (A string, because e2e code is compiled without the DOM library.)
    await page.addInitScript(
      "if (!localStorage.getItem('cnlab.language')) localStorage.setItem('cnlab.language', 'en')",
    );
  });

  test('loads the default scenario and opens a terminal on the first machine', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.expectDefaultScenario();
    await expect(lab.title).toHaveText('Two hosts on one LAN');
    await expect(page).toHaveTitle('cnlab');
    await lab.terminal('node1').waitForPrompt();
    await expect(lab.inspector).toContainText('Select a machine');
  });

  test('a machine opens its terminal, runs commands and recalls history', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.machine('node2').click();
    const node2 = lab.terminal('node2');
    await expect(node2.tab).toHaveAttribute('aria-selected', 'true');
    await node2.waitForPrompt();
    await expect(lab.inspector).toContainText('node2');

    await node2.run('hostname', 'node2');
    await node2.run('echo hello world', 'hello world');
    await node2.press('ArrowUp');
    await expect.poll(() => node2.currentLine()).toBe('root@node2:~# echo hello world');
    await node2.press('ArrowUp');
    await expect.poll(() => node2.currentLine()).toBe('root@node2:~# hostname');
  });

  test('the language switch turns the UI to Chinese', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.setLanguage('zh-CN');
    await expect(lab.shareButton).toHaveText('分享');
    await expect(lab.paletteItem('host')).toContainText('主机');
    await expect(lab.inspector).toContainText('检查器');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await page.reload();
    await expect(lab.shareButton).toHaveText('分享');
  });

  test('a malformed share link shows an error and still loads the default lab', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open('#s=not-a-scenario');
    await expect(lab.errorBanner).toBeVisible();
    await expect(lab.errorBanner).toContainText('could not be read');
    await lab.expectDefaultScenario();
  });

  test('Share puts the lab into the URL, and that URL restores it', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const lab = new LabPage(page);
    await lab.open();
    await lab.paletteItem('host').click();
    await expect(lab.machine('host3')).toBeVisible();
    await lab.shareButton.click();
    await expect(lab.toast).toHaveText('Link copied');
    await expect(page).toHaveURL(/#s=/);
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toBe(page.url());

    await page.reload();
    await expect(page.locator('.lab-app')).toHaveAttribute('data-status', 'ready');
    await expect(lab.nodes).toHaveCount(4);
    await expect(lab.machine('host3')).toBeVisible();
    await expect(lab.errorBanner).toHaveCount(0);
  });

  test('help dialog lists the keyboard shortcuts', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.helpButton.click();
    await expect(lab.helpDialog).toBeVisible();
    await expect(lab.helpDialog).toContainText('Ctrl-C');
    await page.screenshot({ path: 'test-results/help.png' });
    await page.keyboard.press('Escape');
    await expect(lab.helpDialog).toBeHidden();
  });

  test('Ctrl-C stops a running command; Tab completes; clear clears', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    const node1 = lab.terminal('node1');
    await node1.waitForPrompt();
    await node1.run('sleep 600');
    await expect.poll(() => node1.currentLine()).toBe('');
    await node1.press('Control+C');
    await expect.poll(() => node1.currentLine()).toBe('root@node1:~#');
    await node1.type('hostn');
    await node1.press('Tab');
    await expect.poll(() => node1.currentLine()).toBe('root@node1:~# hostname');
    await node1.press('Enter');
    await expect.poll(() => node1.lines()).toContain('node1');
    await node1.run('clear');
    await expect.poll(async () => (await node1.lines()).filter(Boolean)).toEqual(['root@node1:~#']);
  });

  test('a for loop typed over several lines waits under > and runs when done', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    const node1 = lab.terminal('node1');
    await node1.waitForPrompt();
    await node1.run('for ns in blue green');
    await expect.poll(() => node1.currentLine()).toBe('>');
    await node1.run('do ip netns add $ns');
    await expect.poll(() => node1.currentLine()).toBe('>');
    await node1.run('done');
    await expect.poll(() => node1.currentLine()).toBe('root@node1:~#');
    await node1.run('ip netns list', 'green');
    await expect.poll(() => node1.lines()).toContain('blue');
    // Ctrl-C at the > prompt drops the unfinished loop.
    await node1.run('for x in a b');
    await expect.poll(() => node1.currentLine()).toBe('>');
    await node1.press('Control+C');
    await expect.poll(() => node1.currentLine()).toBe('root@node1:~#');
    await node1.run('echo after', 'after');
  });

  test('lines typed or pasted while a command runs wait for the prompt and then run', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open();
    const node1 = lab.terminal('node1');
    await node1.waitForPrompt();
    await node1.type('sleep 1\necho first\necho second\n');
    await expect.poll(() => node1.lines()).toContain('second');
    const lines = await node1.lines();
    expect(lines.indexOf('first')).toBeLessThan(lines.indexOf('second'));
    expect(lines).toContain('root@node1:~# echo first');
  });

  test('the palette, the canvas and the lab console change the topology', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.expectDefaultScenario();
    // drag a router from the palette onto the canvas
    await lab.paletteItem('router').dragTo(lab.canvas, { targetPosition: { x: 200, y: 400 } });
    await expect(lab.machine('router1')).toBeVisible();
    await lab.waitUntilStill(lab.machine('router1'));
    // cable it to lan0: drag from its handle onto the segment
    await lab.machine('router1').locator('.react-flow__handle').hover();
    await page.mouse.down();
    await lab.segment('lan0').hover();
    await page.mouse.up();
    await expect(lab.edges).toHaveCount(3);
    await expect(lab.canvas.getByTestId('link.cable:router1:eth0')).toHaveText('eth0');
    // the lab console
    await page.getByTestId('toolbar.labConsole').click();
    const console = lab.terminal('lab');
    await expect.poll(() => console.currentLine()).toBe('lab>');
    await console.run('segment add lan9');
    await expect(lab.segment('lan9')).toBeVisible();
    await lab.segment('lan9').click();
    await expect(lab.inspector).toContainText('lan9');
    await page.screenshot({ path: 'test-results/topology.png' });
    await lab.inspector.getByRole('button', { name: 'Delete' }).click();
    await expect(lab.segment('lan9')).toHaveCount(0);
  });

  test('screenshot: the lab with a terminal in use', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const lab = new LabPage(page);
    await lab.open();
    const node1 = lab.terminal('node1');
    await node1.waitForPrompt();
    await node1.run('hostname', 'node1');
    await node1.run('echo hello from node1', 'hello from node1');
    await lab.machine('node2').click();
    await lab.machine('node1').click();
    await expect(lab.inspector).toContainText('eth0');
    await page.screenshot({ path: 'test-results/app.png' });
    await lab.setLanguage('zh-CN');
    await expect(lab.shareButton).toHaveText('分享');
    await page.screenshot({ path: 'test-results/app-zh-CN.png' });
  });
});
