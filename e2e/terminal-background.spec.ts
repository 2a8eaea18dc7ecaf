import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

/**
 * A background job in the terminal, as tutorials use one: tcpdump started with `&` answers
 * `[1] PID` at once, the ping runs in the foreground, the capture's lines and counters arrive in
 * the same terminal, and `wait` returns once the job has ended.
 */
test('tcpdump in the background while ping runs in the foreground', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const term = lab.terminal('node1');
  await term.waitForPrompt();
  await term.type('tcpdump -n -i eth0 -c 1 icmp &\n');
  await expect(term.rows).toContainText(/\[1\] \d+/);
  await term.type('ping -c 1 10.0.0.2\n');
  await expect(term.rows).toContainText('IP 10.0.0.1 > 10.0.0.2: ICMP echo request');
  await expect(term.rows).toContainText('1 packet captured');
  await expect(term.rows).toContainText('1 packets transmitted, 1 received');
  await term.type('wait; echo "waited $?"\n');
  await expect(term.rows).toContainText('waited 0');
});
