import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import {
  FLANNEL_VTEP_MAC,
  flannelVxlanManualScenario,
} from '../src/engine/scenario/builtin/flannel-vxlan-manual';
import { encodeScenario } from '../src/engine/scenario/url-codec';
import { LabPage } from './pages/LabPage';
import { Timeline } from './pages/Timeline';

const PING_DONE = '1 packets transmitted, 1 received, 0% packet loss, time 0ms';

/** Open the default lab, ping node2 from node1's terminal and open the timeline. */
async function pingAndOpenTimeline(page: Page) {
  const lab = new LabPage(page);
  const tl = new Timeline(page);
  await lab.open();
  const node1 = lab.terminal('node1');
  await node1.waitForPrompt();
  await node1.run('ping -c 1 10.0.0.2', PING_DONE);
  await tl.open();
  return { lab, tl };
}

test.describe('packet timeline', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(
      "if (!localStorage.getItem('cnlab.language')) localStorage.setItem('cnlab.language', 'en')",
    );
  });

  test('a ping is replayed step by step: token on the cable, header tree, bytes, pcap', async ({
    page,
  }) => {
    const { lab, tl } = await pingAndOpenTimeline(page);
    await expect(tl.rows.first()).toBeVisible();
    const count = await tl.rows.count();
    expect(count).toBeGreaterThan(20);
    await tl.expectStep(1, count);
    await expect(tl.row(1)).toContainText('socket.send');
    await expect(tl.row(1)).toContainText('user');

    // Step with the buttons and the keyboard.
    await tl.forward.click();
    await tl.expectStep(2, count);
    await tl.row(3).click();
    await page.keyboard.press('ArrowRight');
    await tl.expectStep(4, count);
    await page.keyboard.press('ArrowLeft');
    await tl.expectStep(3, count);
    await page.keyboard.press('End');
    await tl.expectStep(count, count);
    await page.keyboard.press('Home');
    await tl.expectStep(1, count);

    // The echo request arriving on node2: the token travels node1's cable, then node2's.
    await page.getByTestId('timeline.speed').selectOption('0.25');
    const rcv = await tl.stepOf('dev.rcv', /node2.*98 bytes/);
    await tl.row(rcv - 1).click();
    await page.keyboard.press('ArrowRight');
    await tl.expectStep(rcv);
    await expect(tl.token).toBeVisible();
    await expect(tl.token).toHaveAttribute('data-place', 'dev:node2:-:eth0');
    await expect(tl.token).toHaveAttribute('data-edges', 'cable:node1:eth0 cable:node2:eth0');
    await expect(tl.token).toContainText('ICMP');
    // In flight it is below the hosts, on the cables (between the two hosts).
    const hostBottom = (await lab.machine('node1').boundingBox())?.y ?? 0;
    await expect
      .poll(async () => {
        const box = await tl.token.locator('.lab-token__body').boundingBox();
        return box ? box.y > hostBottom + 120 : false;
      })
      .toBe(true);
    await page.screenshot({ path: 'test-results/timeline-token.png' });
    await expect(tl.token).toHaveAttribute('data-moving', 'false', { timeout: 5_000 });
    await page.getByTestId('timeline.speed').selectOption('1');

    // The ICMP request as node1 sent it: the IPv4 TTL in the tree, its byte in the hex pane.
    const xmit = await tl.stepOf('dev.xmit', /node1.*98 bytes/);
    await tl.row(xmit).click();
    await expect(tl.packet).toBeVisible();
    await expect(tl.tree).toContainText('IPv4');
    await expect(tl.tree).toContainText('ICMP');
    const ttl = tl.field('ip.ttl');
    await expect(ttl).toContainText('Time to live: 64');
    await ttl.click();
    await expect(tl.highlightedBytes()).toHaveCount(1);
    await expect(tl.highlightedBytes()).toHaveText('40');
    await expect(tl.highlightedBytes()).toHaveAttribute('data-byte', '22');
    await expect(page.getByTestId('packet.lookup')).toContainText('neigh.resolve');

    // Crossings: the ping process's own, one each way on node1.
    await expect(tl.crossings).toContainText('1 user↔kernel crossing on node1');
    await expect(tl.crossings).toContainText('0 user↔kernel crossings on node2');
    await page.screenshot({ path: 'test-results/timeline.png' });

    // Captures.
    const [flowDownload] = await Promise.all([
      page.waitForEvent('download'),
      tl.downloadFlow.click(),
    ]);
    expect(flowDownload.suggestedFilename()).toMatch(/^cnlab-flow-\d+\.pcap$/);
    const bytes = readFileSync(await flowDownload.path());
    expect([...bytes.subarray(0, 4)]).toEqual([0xd4, 0xc3, 0xb2, 0xa1]);
    expect(bytes.length).toBeGreaterThan(24 + 8 * 16);
    const [ifaceDownload] = await Promise.all([
      page.waitForEvent('download'),
      tl.downloadIface.click(),
    ]);
    expect(ifaceDownload.suggestedFilename()).toBe('cnlab-node1-eth0.pcap');
  });

  test('play runs through the flow and stops at the end', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const { tl } = await pingAndOpenTimeline(page);
    const count = await tl.rows.count();
    await page.getByTestId('timeline.speed').selectOption('4');
    await tl.play.click();
    await expect(tl.play).toHaveAttribute('aria-label', 'Pause (space)');
    await tl.expectStep(count, count);
    await expect(tl.play).toHaveAttribute('aria-label', 'Play (space)', { timeout: 15_000 });
  });

  test('a deep link replays its commands and shows its step', async ({ page }) => {
    const { lab, tl } = await pingAndOpenTimeline(page);
    await tl.row(12).click();
    await tl.expectStep(12);
    await lab.shareButton.click();
    await expect(lab.toast).toBeVisible();
    const url = page.url();
    expect(url).toMatch(/#s=1\..*&run=node1%3Aping%20-c%201%2010\.0\.0\.2&flow=\d+&step=12$/);

    const other = await page.context().newPage();
    await other.addInitScript("localStorage.setItem('cnlab.language', 'en')");
    const lab2 = new LabPage(other);
    const tl2 = new Timeline(other);
    await lab2.open(url.slice(url.indexOf('#')));
    await expect(tl2.panel).toBeVisible();
    await tl2.expectStep(12);
    await expect(tl2.counter).toHaveText(/^Step 12 of \d+$/);
    await expect(lab2.errorBanner).toHaveCount(0);
    await other.close();
  });

  test('a malformed step in a link shows a banner, the lab still loads', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open('#s=1.x&step=abc');
    await expect(lab.errorBanner.first()).toBeVisible();
    await expect(lab.errorBanner.first()).toContainText('step "abc"');
    await lab.expectDefaultScenario();
  });

  test('VXLAN: the token gains an outer header, the crossings stay the process’s own (C10)', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    const tl = new Timeline(page);
    await lab.open(`#s=${encodeScenario(flannelVxlanManualScenario)}`);
    // A terminal inside pod1 (double-click its namespace), then the ping across the overlay.
    await lab.netns('node1', 'pod1').dblclick();
    const pod1 = lab.terminal('node1:pod1');
    await pod1.waitForPrompt('node1');
    await pod1.run('ping -c 1 10.244.2.2', PING_DONE);
    await tl.open();
    const encap = await tl.stepOf('dev.xmit', /node1.*148 bytes/);
    await tl.row(encap).click();
    await expect(tl.tokenOuter).toHaveText('VXLAN');
    await expect(tl.tree).toContainText('VXLAN');
    await expect(tl.field('vxlan.vni')).toContainText('VNI: 1');
    await expect(tl.field('vxlan.vni')).toHaveClass(/is-added/);
    // The headers at the VTEP: outer UDP to 8472 between the host addresses, the inner frame
    // between the two flannel.1 MACs (C10).
    await expect(tl.field('udp.dstport')).toContainText('8472');
    await expect(tl.fieldAt('ip.src', 0)).toContainText('10.168.0.2');
    await expect(tl.fieldAt('ip.dst', 0)).toContainText('10.168.0.3');
    await expect(tl.fieldAt('eth.src', 1)).toContainText(FLANNEL_VTEP_MAC.node1);
    await expect(tl.fieldAt('eth.dst', 1)).toContainText(FLANNEL_VTEP_MAC.node2);
    await expect(tl.fieldAt('ip.src', 1)).toContainText('10.244.1.2');
    // Kept in docs: the layer view at the VTEP with the timeline's crossings and lanes beside it.
    await tl.lanes.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screens/vxlan-layer-view-and-lanes.png' });
    // The flow's capture decodes in tshark as VXLAN with VNI 1 around the ICMP echo.
    const [download] = await Promise.all([page.waitForEvent('download'), tl.downloadFlow.click()]);
    const pcap = (await download.path()) as string;
    const decoded = execFileSync(
      '/usr/bin/tshark',
      [
        '-r',
        pcap,
        '-d',
        'udp.port==8472,vxlan',
        '-T',
        'fields',
        '-e',
        'vxlan.vni',
        '-e',
        'icmp.type',
        '-e',
        '_ws.malformed',
      ],
      { encoding: 'utf8' },
    );
    expect(decoded).toMatch(/^1\t8\t$/m);
    expect(decoded).not.toMatch(/\t\S+$/m);
    await expect(tl.crossings).toContainText('1 user↔kernel crossing on node1');
    // In flight across the underlay, with its outer header.
    await page.getByTestId('timeline.speed').selectOption('0.25');
    await tl.row(encap).click();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const hostBottom = (await lab.machine('node1').boundingBox())?.y ?? 0;
    await expect
      .poll(async () => {
        const box = await tl.token.locator('.lab-token__body').boundingBox();
        return box ? box.y > hostBottom + 250 : false;
      })
      .toBe(true);
    await page.screenshot({ path: 'test-results/timeline-vxlan.png' });
    // The project's screenshot: pods in namespaces, a terminal in use, the packet in flight.
    await page.screenshot({ path: 'docs/screenshot.png' });
    await page.getByTestId('timeline.speed').selectOption('1');
    // Decapsulated on node2: the badge is gone.
    const decap = await tl.stepOf('dev.rcv', /node2.*flannel\.1/);
    await tl.row(decap).click();
    await expect(tl.token).toBeVisible();
    await expect(tl.tokenOuter).toHaveCount(0);
  });

  test('a dropped packet is marked on its device with the rule that dropped it', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    const tl = new Timeline(page);
    const runs = ['node2:iptables -A INPUT -p icmp -j DROP', 'node1:ping -c 1 -W 1 10.0.0.2'];
    await lab.open(`#${runs.map((r) => `run=${encodeURIComponent(r)}`).join('&')}`);
    await expect(tl.panel).toBeVisible();
    const drop = tl.panel.locator('tbody tr[data-hook="drop"]');
    await expect(drop).toHaveCount(1);
    await expect(drop).toHaveClass(/is-drop/);
    await drop.click();
    const marker = page.getByTestId('drop-marker');
    await expect(marker).toBeVisible();
    await expect(marker).toHaveAttribute('title', /eth0.*filter INPUT #1 DROP/);
    await expect(tl.packet).toContainText('Dropped: netfilter: filter INPUT #1 DROP');
    await page.screenshot({ path: 'test-results/timeline-drop.png' });
  });

  test('Chinese timeline', async ({ page }) => {
    const { lab, tl } = await pingAndOpenTimeline(page);
    await lab.setLanguage('zh-CN');
    await expect(tl.button).toContainText('时间线');
    const xmit = await tl.stepOf('dev.xmit', /node1.*98 bytes/);
    await tl.row(xmit).click();
    await expect(tl.crossings).toContainText('node1 上 1 次用户态↔内核态切换');
    await expect(tl.counter).toContainText(`第 ${xmit} 步`);
    await tl.field('ip.ttl').click();
    await page.screenshot({ path: 'test-results/timeline-zh-CN.png' });
  });
});
