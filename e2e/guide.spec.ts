import { expect, type Page, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

/**
 * Guided walkthroughs: a teacher's link opens a walkthrough at a step, "Run in terminal" types
 * the step's command into the right terminal, and the lab ticks the step off when the result
 * shows what the step claims. Photographed in both languages for docs/screens/.
 */
const LANGUAGES = ['en', 'zh-CN'] as const;

test.use({ reducedMotion: 'reduce' });

const shoot = (page: Page, name: string, language: string) =>
  page.screenshot({ path: `docs/screens/${name}.${language}.png` });

async function inLanguage(page: Page, language: string) {
  await page.addInitScript(
    `if (!localStorage.getItem('cnlab.language')) localStorage.setItem('cnlab.language', '${language}')`,
  );
}

for (const language of LANGUAGES) {
  test(`a teacher's link opens docker0 at the ping step; running it ticks the step (${language})`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await inLanguage(page, language);
    const lab = new LabPage(page);
    await lab.open('#guide=docker0&gstep=6');
    const panel = page.getByTestId('guide-panel');
    await expect(panel).toBeVisible();
    await expect(lab.errorBanner).toHaveCount(0);
    await expect(lab.machine('node1')).toBeVisible();
    await expect(page.getByTestId('guide-step-6')).toHaveAttribute('aria-current', 'step');
    await expect(page.getByTestId('guide-command')).toHaveText('ping -c 1 172.17.0.3');
    await expect(page.getByTestId('guide-progress')).toContainText(
      language === 'en' ? '0 of 7' : '0/7',
    );

    await page.getByTestId('guide-run').click();
    const term = lab.terminal('node1:container:container-1');
    await expect(term.rows).toContainText('1 packets transmitted, 1 received');
    await expect(page.getByTestId('guide-status')).toHaveClass(/guide-status--done/);
    await expect(page.getByTestId('guide-step-6')).toHaveClass(/is-done/);
    await expect(page.getByTestId('guide-progress')).toContainText(
      language === 'en' ? '1 of 7' : '1/7',
    );

    // The step points at the timeline: it opens on the ping's flow.
    await page.getByTestId('guide-watch').click();
    await expect(page.getByTestId('timeline')).toBeVisible();
    await page
      .getByTestId('guide-panel')
      .locator('.guide__scroll')
      .evaluate((el) => {
        el.scrollTop = 0;
      });
    await shoot(page, 'guide-docker0-ping', language);
    // A claim chip says what the claim is.
    const chip = page.getByTestId('guide-step').locator('.guide-chip').first();
    await chip.hover();
    await expect(chip.locator('.guide-chip__tip')).toBeVisible();
    await expect(chip.locator('.guide-chip__tip')).toContainText(
      language === 'en' ? 'veth pair' : '网桥',
    );

    // The next step: the bridge learned both MACs.
    await page.getByTestId('guide-next').click();
    await expect(page.getByTestId('guide-step-7')).toHaveAttribute('aria-current', 'step');
    await page.getByTestId('guide-run').click();
    await expect(lab.terminal('node1').rows).toContainText('master docker0');
    await expect(page.getByTestId('guide-status')).toHaveClass(/guide-status--done/);
  });

  test(`the list of walkthroughs starts one on its own lab (${language})`, async ({ page }) => {
    test.setTimeout(60_000);
    await inLanguage(page, language);
    const lab = new LabPage(page);
    await lab.open();
    await page.getByTestId('toolbar.guide').click();
    await expect(page.getByTestId('guide-pick-flannel-udp')).toBeVisible();
    await shoot(page, 'guide-list', language);
    await page.getByTestId('guide-start-flannel-udp').click();
    await expect(lab.machine('node2')).toBeVisible();
    await expect(page.getByTestId('guide-step-1')).toHaveAttribute('aria-current', 'step');
    await page.getByTestId('guide-next').click();
    await page.getByTestId('guide-next').click();
    await page.getByTestId('guide-run').click();
    await expect(lab.terminal('node1').rows).toContainText('tun type tun');
    await expect(page.getByTestId('guide-status')).toHaveClass(/guide-status--done/);
    await shoot(page, 'guide-flannel-udp', language);

    // C08: the crossings step, watched in the timeline.
    await page.getByTestId('guide-step-6').click();
    await page.getByTestId('guide-run').click();
    const c1 = lab.terminal('node1:container:container-1');
    await expect(c1.rows).toContainText('1 packets transmitted, 1 received');
    await expect(page.getByTestId('guide-status')).toHaveClass(/guide-status--done/);
    await page.getByTestId('guide-watch').click();
    await expect(page.getByTestId('timeline')).toBeVisible();
    await page
      .getByTestId('guide-panel')
      .locator('.guide__scroll')
      .evaluate((el) => {
        el.scrollTop = 0;
      });
    await shoot(page, 'guide-flannel-udp-crossings', language);
    await page.getByTestId('guide-finish').click();
    await expect(page.getByTestId('guide-remaining')).toBeVisible();
  });
}

test('a malformed step is a clear notice; the walkthrough and its lab still open', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('#guide=calico-static&gstep=abc');
  await expect(lab.errorBanner).toContainText('gstep "abc" is not a positive whole number');
  await expect(page.getByTestId('guide-step-1')).toHaveAttribute('aria-current', 'step');
  await expect(lab.machine('node2')).toBeVisible();
});

test('an unknown walkthrough is named; the lab loads and the list is offered', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('#guide=nope&gstep=2');
  await expect(lab.errorBanner).toContainText('there is no walkthrough "nope"');
  await page.getByTestId('toolbar.guide').click();
  await expect(page.getByTestId('guide-pick-docker0')).toBeVisible();
});

test('a walkthrough over another lab offers to open its own', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('#guide=docker0&gstep=2');
  await expect(page.getByTestId('guide-other-lab')).toHaveCount(0);
  await lab.newLab();
  await expect(page.getByTestId('guide-other-lab')).toBeVisible();
  await page.getByTestId('guide-open-lab').click();
  await expect(lab.machine('node1')).toBeVisible();
  await expect(page.getByTestId('guide-other-lab')).toHaveCount(0);
  await expect(page.getByTestId('guide-step-2')).toHaveAttribute('aria-current', 'step');
});

test('a step past the end opens the last one, with a notice', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('#guide=host-gw-router&gstep=99');
  await expect(lab.errorBanner).toContainText('gstep 99 is past the end');
  await expect(page.getByTestId('guide-step-4')).toHaveAttribute('aria-current', 'step');
  await page.getByTestId('guide-run').click();
  await expect(lab.terminal('node1:container:container-1').rows).toContainText('100% packet loss');
  await expect(page.getByTestId('guide-status')).toHaveClass(/guide-status--done/);
});

for (const language of LANGUAGES) {
  test(`calico-bgp: BIRD's session and the learned route, step by step (C19) (${language})`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await inLanguage(page, language);
    const lab = new LabPage(page);
    await lab.open('#guide=calico-bgp&gstep=2');
    await expect(page.getByTestId('guide-panel')).toBeVisible();
    await expect(lab.machine('node2')).toBeVisible();
    await expect(page.getByTestId('guide-command')).toHaveText('birdc show protocols');
    await expect(page.getByTestId('daemon.node1.bird')).toBeVisible();
    // The lab's clock runs in real time once the scenario is loaded: BIRD opens its session
    // after its connect delay (1.5–2 s), as a student reading the step would wait.
    await page.waitForTimeout(3000);
    await page.getByTestId('guide-run').click();
    const term = lab.terminal('node1');
    await expect(term.rows).toContainText('Established');
    await expect(page.getByTestId('guide-status')).toHaveClass(/guide-status--done/);
    await page.getByTestId('guide-next').click();
    await page.getByTestId('guide-run').click();
    await expect(term.rows).toContainText('[Mesh_10_168_0_3');
    await expect(page.getByTestId('guide-status')).toHaveClass(/guide-status--done/);
    await shoot(page, 'guide-calico-bgp', language);
  });

  test(`calico-bgp: a background capture shows node2's UPDATE on the wire (C20) (${language})`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await inLanguage(page, language);
    const lab = new LabPage(page);
    await lab.open('#guide=calico-bgp&gstep=6');
    await page.waitForTimeout(3000);
    // Steps 6-10: withdraw, the route is gone, tcpdump &, announce again, the route is back.
    for (let step = 6; step <= 10; step++) {
      await page.getByTestId('guide-run').click();
      await expect(page.getByTestId('guide-status')).toHaveClass(/guide-status--done/);
      if (step < 10) await page.getByTestId('guide-next').click();
    }
    const term = lab.terminal('node1');
    await expect(term.rows).toContainText('Next Hop (3), length: 4, Flags [T]: 10.168.0.3');
    await expect(term.rows).toContainText('Updated routes:');
    await expect(term.rows).toContainText('10.233.2.0/26 via 10.168.0.3 dev eth0');
    await shoot(page, 'guide-calico-bgp-tcpdump', language);
  });
}

for (const language of LANGUAGES) {
  test(`cni-flannel: the first config file and its plugin chain (C16, C17) (${language})`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await inLanguage(page, language);
    const lab = new LabPage(page);
    await lab.open('#guide=cni-flannel&gstep=2');
    await expect(page.getByTestId('guide-panel')).toBeVisible();
    await expect(lab.machine('node2')).toBeVisible();
    await expect(page.getByTestId('guide-command')).toHaveText('ls /etc/cni/net.d');
    await page.getByTestId('guide-run').click();
    const term = lab.terminal('node1');
    await expect(term.rows).toContainText('10-flannel.conflist');
    await expect(page.getByTestId('guide-status')).toHaveClass(/guide-status--done/);
    await page.getByTestId('guide-next').click();
    await page.getByTestId('guide-run').click();
    await expect(term.rows).toContainText('"type":"portmap"');
    await expect(page.getByTestId('guide-status')).toHaveClass(/guide-status--done/);
    await shoot(page, 'guide-cni-flannel', language);
  });
}

test('a Pod dropped on a CNI node is made as kubelet makes it (crictl runp, C15)', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const lab = new LabPage(page);
  await lab.open('#guide=cni-flannel');
  await expect(lab.machine('node1')).toBeVisible();
  await lab.paletteItem('pod').dragTo(lab.machine('node1'), { timeout: 15_000 });
  await expect(page.getByText('crictl runp started k8s_POD_pod2_default_pod2-uid_0')).toBeVisible();
  await expect(lab.machine('node1')).toContainText('pod2-app');
});
