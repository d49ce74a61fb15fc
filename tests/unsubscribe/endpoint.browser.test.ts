/// <reference lib="dom" />
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  createUnsubscribeToken,
  keyringFromSecrets,
  startUnsubscribeServer,
  type UnsubscribeServer,
} from '../../src/unsubscribe/index.js';
import { launchChromium } from '../helpers/browser.js';
import { suppressionEntry } from '../helpers/sqlite-state.js';
import { repoRoot } from '../helpers/cli.js';

const keyring = keyringFromSecrets('browser-test-secret-0123456789ab');
const PHONE = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let browser: Browser;
let server: UnsubscribeServer;
let stateDir: string;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'newsletter-browser-serve-'));
  server = await startUnsubscribeServer({ stateDir, keyring, port: 0, host: '127.0.0.1', listName: { de: 'Städte im Dialog', en: 'Cities in Dialogue' } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const link = (email: string, lang: string) => `${server.url}/u/${createUnsubscribeToken(keyring, { email, listId: 'newsletter.example.org', lang })}`;

function suppressed(email: string) {
  return suppressionEntry(stateDir, email);
}

describe('the unsubscribe pages in Chromium on a phone', () => {
  test('without JavaScript: the button unsubscribes, and the answer is the "unsubscribed" page, not a redirect', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    const responses: number[] = [];
    page.on('response', (r) => responses.push(r.status()));
    await page.goto(link('anna@example.org', 'de'));
    expect(await page.textContent('h1')).toBe('Von Städte im Dialog abmelden?');
    expect(suppressed('anna@example.org')).toBeUndefined();
    await page.click('button');
    await page.waitForSelector('text=Sie sind abgemeldet');
    expect(responses).toEqual([200, 200]);
    expect(suppressed('anna@example.org')).toMatchObject({ reason: 'confirm-page' });
    expect((await context.cookies()).length).toBe(0);
    await context.close();
  });

  test('fits a 360px screen, its style is allowed by the CSP, and nothing is blocked or fetched elsewhere', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const messages: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => messages.push(m.text()));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(link('jide@example.com', 'en-GB'));
    expect(await page.textContent('h1')).toBe('Unsubscribe from Cities in Dialogue?');
    const layout = await page.evaluate(() => {
      const button = document.querySelector('button')!;
      const box = button.getBoundingClientRect();
      return {
        scrollWidth: document.documentElement.scrollWidth,
        buttonRight: box.right,
        buttonHeight: box.height,
        buttonBackground: getComputedStyle(button).backgroundColor,
        fontSize: getComputedStyle(document.body).fontSize,
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(360);
    expect(layout.buttonRight).toBeLessThanOrEqual(360);
    expect(layout.buttonHeight).toBeGreaterThanOrEqual(44); // a comfortable touch target
    expect(layout.buttonBackground).toBe('rgb(179, 38, 30)'); // the inline style was applied
    expect(layout.fontSize).toBe('17px');
    expect(messages.filter((m) => /Content Security Policy|Refused/i.test(m))).toEqual([]);
    expect(requests.every((url) => url.startsWith(server.url))).toBe(true);
    await context.close();
  });

  test('axe-core finds no serious or critical accessibility problem on any page', async () => {
    const axe = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    // the page's CSP rightly forbids scripts: let the test inject axe anyway
    const context = await browser.newContext({ ...PHONE, bypassCSP: true });
    const page = await context.newPage();
    for (const url of [link('lea@example.com', 'de'), `${server.url}/u/not-a-token`]) {
      await page.goto(url);
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe.run();
        return result.violations.map((v) => ({ id: v.id, impact: v.impact }));
      });
      expect([url, violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')]).toEqual([url, []]);
    }
    await context.close();
  });
});
