import { expect, type Page, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

/**
 * The palette's Calico network on the default lab: the dialog shows what it will run, BIRD
 * starts on both hosts (badges on the canvas), the blocks arrive over BGP and the two pods ping
 * each other by plain routing (C18, C19, C21). Photographed in both languages for docs/screens/.
 */
test.use({ reducedMotion: 'reduce' });

const shoot = (page: Page, name: string, language: string) =>
  page.screenshot({ path: `docs/screens/${name}.${language}.png` });

for (const language of ['en', 'zh-CN'] as const) {
  test(`a Calico network dropped on the default lab routes its pods over BGP (${language})`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await page.addInitScript(
      `if (!localStorage.getItem('cnlab.language')) localStorage.setItem('cnlab.language', '${language}')`,
    );
    const lab = new LabPage(page);
    await lab.open();
    await lab.dropOnCanvas('calico', { x: 420, y: 360 });
    const dialog = page.getByTestId('calico-dialog');
    await expect(dialog).toBeVisible();
    const commands = page.getByTestId('calico.commands');
    await expect(commands).toContainText('[node1] bird -c /etc/bird/bird.conf');
    await expect(commands).toContainText('[node2] ip route add default dev eth0');
    await shoot(page, 'calico-dialog', language);
    await page.getByTestId('calico.start').click();
    await expect(lab.toast).toContainText('10.233.2.0/26');
    await expect(page.getByTestId('daemon.node1.bird')).toBeVisible();
    await expect(page.getByTestId('daemon.node2.bird')).toBeVisible();

    const term = lab.terminal('node1');
    await term.waitForPrompt();
    // BIRD connects after its connect delay (1.5–2 s of the lab's clock, paced in real time).
    await page.waitForTimeout(3000);
    await term.type('birdc show route\n');
    await expect(term.rows).toContainText('[Mesh_10_0_0_2');
    await term.type('ip netns exec pod1 ping -c 1 10.233.2.2\n');
    await expect(term.rows).toContainText('1 packets transmitted, 1 received');
    await lab.dismissToasts();
    await shoot(page, 'calico-network', language);
  });
}
