import { expect, type Page, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

/**
 * The palette's flannel network on the default lab: the dialog lists what it will run for the
 * backend chosen, Escape closes it without running anything, and Start brings up etcd and
 * flanneld (badges on the canvas) so that flannel.1 exists on both hosts (C10).
 */
test.use({ reducedMotion: 'reduce' });

const shoot = (page: Page, name: string, language: string) =>
  page.screenshot({ path: `docs/screens/${name}.${language}.png` });

for (const language of ['en', 'zh-CN'] as const) {
  test(`a flannel network: the dialog shows its commands, Escape cancels, Start runs them (${language})`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await page.addInitScript(
      `if (!localStorage.getItem('cnlab.language')) localStorage.setItem('cnlab.language', '${language}')`,
    );
    const lab = new LabPage(page);
    await lab.open();
    await lab.dropOnCanvas('flannel', { x: 420, y: 360 });
    const dialog = page.getByTestId('flannel-dialog');
    await expect(dialog).toBeVisible();
    const commands = page.getByTestId('flannel.commands');
    await expect(commands).toContainText('flanneld');
    await expect(page.getByTestId('flannel.host.node1')).toBeChecked();
    await page.getByTestId('flannel.backend.host-gw').check();
    await expect(commands).toContainText('host-gw');
    await shoot(page, 'flannel-dialog', language);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('daemon.node1.flanneld')).toHaveCount(0);

    await lab.dropOnCanvas('flannel', { x: 420, y: 360 });
    await expect(dialog).toBeVisible();
    await page.getByTestId('flannel.backend.vxlan').check();
    await page.getByTestId('flannel.start').click();
    await expect(dialog).toHaveCount(0);
    await expect(lab.toast).toContainText('vxlan');
    await expect(page.getByTestId('daemon.node1.flanneld')).toBeVisible();
    await expect(page.getByTestId('daemon.node2.flanneld')).toBeVisible();
    const term = lab.terminal('node1');
    await term.waitForPrompt();
    await page.waitForTimeout(1000);
    await term.type('ip -br link show flannel.1\n');
    await expect(term.rows).toContainText('flannel.1');
  });
}
