import { expect, type Page, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

/**
 * The done-means: from an empty canvas, build Docker's default bridge by dragging (a host,
 * two containers), ping one container from the other in their own terminals, undo and redo the
 * second container, reload and find the same lab. Every step is photographed in both languages
 * for docs/screens/.
 */
const LANGUAGES = ['en', 'zh-CN'] as const;

// No fit-view animation: drops land on a host that is not moving.
test.use({ reducedMotion: 'reduce' });

const shoot = (page: Page, step: string, language: string) =>
  page.screenshot({ path: `docs/screens/${step}.${language}.png` });

/** The IPv4 address (without the prefix) a device chip shows. */
async function chipAddress(page: Page, testId: string): Promise<string> {
  const text =
    (await page.getByTestId(testId).locator('.lab-chip__addr').first().textContent()) ?? '';
  const m = /^(\d+\.\d+\.\d+\.\d+)\/\d+$/.exec(text.trim());
  if (!m) throw new Error(`no address on ${testId}: ${text}`);
  return m[1];
}

for (const language of LANGUAGES) {
  test(`docker0 from an empty canvas, by dragging (${language})`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.addInitScript(
      `if (!localStorage.getItem('cnlab.language')) localStorage.setItem('cnlab.language', '${language}')`,
    );
    const lab = new LabPage(page);
    await lab.open();

    // 1. an empty lab
    await lab.newLab();
    await expect(lab.nodes).toHaveCount(0);
    await shoot(page, '01-empty', language);

    // 2. a host, dragged onto the canvas
    await lab.dropOnCanvas('host', { x: 360, y: 140 });
    await expect(lab.machine('host1')).toBeVisible();
    await lab.waitUntilStill(lab.machine('host1'));
    await lab.dismissToasts();
    await shoot(page, '02-host', language);

    // 3. two containers, dragged onto the host (docker run -d --name container-N busybox);
    // each drop's toast sits over the top of the canvas, so it is clicked away first.
    await lab.paletteItem('container').dragTo(lab.machine('host1'), { timeout: 15_000 });
    const c1 = lab.container('host1', 'container-1');
    await expect(c1).toContainText('busybox');
    await lab.waitUntilStill(lab.machine('host1'));
    await lab.dismissToasts();
    await lab.paletteItem('container').dragTo(lab.machine('host1'), { timeout: 15_000 });
    const c2 = lab.container('host1', 'container-2');
    await expect(c2).toContainText('busybox');
    await expect(lab.device('host1', null, 'docker0')).toContainText('172.17.0.1/16');
    await lab.waitUntilStill(lab.machine('host1'));
    await lab.dismissToasts();
    await shoot(page, '03-containers', language);

    // the addresses come from the view (the chips of the containers' eth0)
    const ip1 = await chipAddress(page, 'device.dev:host1:container:container-1:eth0');
    const ip2 = await chipAddress(page, 'device.dev:host1:container:container-2:eth0');
    expect(ip1).not.toBe(ip2);

    // 4. both container terminals: double-click a container box
    await c2.locator('.lab-ns__label').dblclick();
    const t2 = lab.containerTerminal('host1', 'container-2');
    await expect(t2.tab).toHaveAttribute('aria-selected', 'true');
    await expect(t2.rows).toContainText('/ #');
    await c1.locator('.lab-ns__label').dblclick();
    const t1 = lab.containerTerminal('host1', 'container-1');
    await expect(t1.tab).toHaveAttribute('aria-selected', 'true');
    await expect(t1.rows).toContainText('/ #');
    await page.getByTestId('toolbar.split').click();
    await expect(t2.panel).toBeVisible();
    await t2.run('ip -br addr show eth0');
    await expect.poll(async () => (await t2.lines()).join('\n')).toContain(ip2);

    // 5. ping container-2 from container-1
    await t1.run(`ping -c 1 ${ip2}`);
    await expect
      .poll(async () => (await t1.lines()).join('\n'))
      .toContain('1 packets transmitted, 1 received');
    await lab.dismissToasts();
    await shoot(page, '04-ping', language);
    await page.getByTestId('toolbar.split').click();
    await page.getByTestId('toolbar.actions').click();
    await expect(page.getByTestId('actions-log')).toContainText(
      'docker run -d --name container-2 busybox',
    );

    // 6. undo the second container, then redo it
    await lab.undo();
    await expect(c2).toHaveCount(0);
    await expect(c1).toBeVisible();
    await expect(t2.tab).toHaveCount(0);
    await lab.dismissToasts();
    await shoot(page, '05-undo', language);
    await lab.redo();
    await expect(c2).toContainText('busybox');

    // 7. reload: the autosave brings the same lab back
    await expect.poll(() => lab.savedSteps()).toContain('container-2');
    await page.reload();
    await expect(page.locator('.lab-app')).toHaveAttribute('data-status', 'ready');
    await expect(lab.machine('host1')).toBeVisible();
    await expect(lab.container('host1', 'container-1')).toContainText('busybox');
    await expect(lab.container('host1', 'container-2')).toContainText('busybox');
    expect(await chipAddress(page, 'device.dev:host1:container:container-2:eth0')).toBe(ip2);
    await expect(lab.errorBanner).toHaveCount(0);
    await lab.waitUntilStill(lab.machine('host1'));
    await lab.dismissToasts();
    await shoot(page, '06-reload', language);
  });
}
