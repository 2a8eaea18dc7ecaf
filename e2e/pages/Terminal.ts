import { expect, type Locator, type Page } from '@playwright/test';

/** One terminal tab of the dock: its tab button and its xterm. */
export class Terminal {
  readonly page: Page;
  readonly id: string;
  readonly tab: Locator;
  readonly panel: Locator;
  readonly rows: Locator;

  constructor(page: Page, id: string) {
    this.page = page;
    this.id = id;
    this.tab = page.getByTestId(`terminal-tab.${id}`);
    this.panel = page.getByTestId(`terminal.${id}`);
    this.rows = this.panel.locator('.xterm-rows');
  }

  /** Wait for the prompt of an idle shell on this machine. */
  async waitForPrompt(hostname = this.id) {
    await expect(this.rows).toContainText(`root@${hostname}:~#`);
  }

  async focus() {
    await this.panel.locator('.xterm').click();
  }

  async type(text: string) {
    await this.focus();
    await this.page.keyboard.type(text);
  }

  /** The visible screen, one string per row (trailing blanks removed). */
  async lines(): Promise<string[]> {
    return this.rows
      .locator(':scope > div')
      .evaluateAll((rows) =>
        rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()),
      );
  }

  /** Type a line, press Enter, and wait until a whole screen row reads `expectedLine`. */
  async run(line: string, expectedLine?: string) {
    await this.type(line);
    await this.page.keyboard.press('Enter');
    if (expectedLine !== undefined) await expect.poll(() => this.lines()).toContain(expectedLine);
  }

  async press(key: string) {
    await this.focus();
    await this.page.keyboard.press(key);
  }

  /** The text of the line the cursor is on (trailing blanks removed). */
  async currentLine(): Promise<string> {
    return this.panel.evaluate((el) => {
      const rows = el.querySelectorAll('.xterm-rows > div');
      const cursorRow = el.querySelector('.xterm-rows .xterm-cursor')?.closest('.xterm-rows > div');
      const row = cursorRow ?? rows[rows.length - 1];
      return (row?.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd();
    });
  }
}
