import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { startPreview, type RunningPreview } from '../../src/preview/start-preview.js';
import { artifactPath, launchChromium } from '../helpers/browser.js';
import { exampleProject } from '../helpers/preview-fixture.js';

let browser: Browser;
let preview: RunningPreview;
let project: ReturnType<typeof exampleProject>;
let enFile: string;
let enText: string;

beforeAll(async () => {
  project = exampleProject();
  enFile = join(project.dir, 'issues/2020-12-nr34.en.yaml');
  enText = readFileSync(enFile, 'utf8');
  preview = await startPreview({
    issueFile: join(project.dir, 'issues/2020-12-nr34.de.yaml'),
    listFile: project.list,
    as: 'John.Example@example.org',
    stateDir: project.stateDir,
    port: 0,
    cwd: project.dir,
    env: {},
  });
  await preview.ready;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
});

async function openPage(viewport = { width: 1280, height: 900 }, query = ''): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${preview.url}${query}`);
  await page.waitForSelector('body[data-state="ok"]');
  return page;
}

function mailFrame(page: Page): Frame {
  const frame = page.frame({ url: 'about:srcdoc' });
  if (!frame) throw new Error('the mail frame is missing');
  return frame;
}

async function frameText(page: Page): Promise<string> {
  return mailFrame(page).locator('body').innerText();
}

/** The frame's text once it matches `wanted` (the frame reloads on its own), else the last text seen. */
async function frameTextOnce(page: Page, wanted: string | RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    text = await frameText(page).catch(() => text);
    const matches = typeof wanted === 'string' ? text.includes(wanted) : wanted.test(text);
    if (matches || Date.now() > deadline) return text;
    await page.waitForTimeout(50);
  }
}

describe('the preview page in Chromium', () => {
  it('shows the mail as the reader named by --as gets it: their language, name and unsubscribe link', async () => {
    const page = await openPage();
    expect(await frameText(page)).toContain('Hello John,');
    expect(await page.locator('#subject').innerText()).toBe('Cities in Dialogue No. 34: What 2020 made possible despite the distance');
    expect(await page.locator('#lang option:checked').innerText()).toBe("reader's language (en)");
    const unsubscribe = await mailFrame(page).locator('a[href*="/u/"]').first().getAttribute('href');
    expect(unsubscribe).toMatch(/^https:\/\/newsletter\.example\.org\/u\/[A-Za-z0-9_-]{40,}$/);
    expect(await page.locator('#size-text').innerText()).toMatch(/^\d+ KB of 102 KB$/);
    await page.screenshot({ path: artifactPath('preview', 'desktop.png') });
    await page.close();
  });

  it('switches reader and language from the picker', async () => {
    const page = await openPage();
    const version = await page.evaluate<string | undefined>('document.body.dataset.version');
    await page.selectOption('#reader', 'anna.beispiel@example.org');
    expect(await frameTextOnce(page, 'Guten Tag, Anna,')).toContain('Guten Tag, Anna,');
    await page.selectOption('#lang', 'en');
    expect(await frameTextOnce(page, 'Hello Anna,')).toContain('Hello Anna,');
    expect(new URL(page.url()).searchParams.get('reader')).toBe('anna.beispiel@example.org');
    expect(await page.evaluate<string | undefined>('document.body.dataset.version')).toBe(version);
    await page.close();
  });

  it('shows the plain-text part, the headers and the MJML source', async () => {
    const page = await openPage();
    await page.click('[data-view="text"]');
    expect(await frameTextOnce(page, /^Hello John,/m)).toMatch(/^Hello John,/m);
    await page.click('[data-view="headers"]');
    expect(await frameTextOnce(page, 'List-Unsubscribe-Post\tList-Unsubscribe=One-Click')).toContain('List-Unsubscribe-Post\tList-Unsubscribe=One-Click');
    expect(await frameText(page)).toContain('To\tJohn Example <john.example@example.org>');
    await page.click('[data-view="mjml"]');
    expect(await frameTextOnce(page, '<mjml')).toContain('<mjml');
    await page.close();
  });

  it('has no horizontal scroll at 375 px, in either width', async () => {
    const page = await openPage({ width: 375, height: 740 });
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(await overflow()).toBe(0);
    await page.click('[data-width="phone"]');
    expect(await page.locator('#mail').evaluate((frame) => frame.getBoundingClientRect().width)).toBeLessThanOrEqual(375);
    expect(await overflow()).toBe(0);
    await page.screenshot({ path: artifactPath('preview', 'phone.png') });
    await page.close();
  });

  it('follows a save without navigating, shows a broken save located, and recovers', async () => {
    const page = await openPage({ width: 1100, height: 900 });
    // a mark on the page's window: a navigation would lose it
    await page.evaluate('window.stayed = true');

    writeFileSync(enFile, enText.replace('Hello {{subscriber.first_name', 'Good morning {{subscriber.first_name'));
    expect(await frameTextOnce(page, 'Good morning John,')).toContain('Good morning John,');

    // a typo in a field name: the page names file, line and column, and the hint
    const broken = enText.replace('  - label: Digital workshop\n    title:', '  - label: Digital workshop\n    tittle:');
    writeFileSync(enFile, broken);
    await page.waitForSelector('#problems:not([hidden])', { timeout: 10_000 });
    const line = broken.split('\n').findIndex((l) => l.includes('tittle:')) + 1;
    const problem = await page.locator('#problem-list li').first().innerText();
    expect(problem).toContain(`2020-12-nr34.en.yaml:${line}:5`);
    expect(problem).toContain('tittle');
    expect(problem).toMatch(/hint: .*title/);
    expect(await frameText(page)).toContain('Good morning John,');
    await page.screenshot({ path: artifactPath('preview', 'error.png') });

    writeFileSync(enFile, enText.replace('Hello {{subscriber.first_name', 'Good evening {{subscriber.first_name'));
    expect(await frameTextOnce(page, 'Good evening John,')).toContain('Good evening John,');
    expect(await page.locator('#problems').isHidden()).toBe(true);
    expect(await page.evaluate('window.stayed')).toBe(true);
    writeFileSync(enFile, enText);
    await page.close();
  });

  it('opened while the issue is broken: the last good version, with the error above it', async () => {
    // the preview has shown the English mail as the file is now: that is the last good version
    // (wait for it: the previous test's last save may still be on its way to the preview)
    const shown = Date.now() + 10_000;
    while (!(await (await fetch(`${preview.url}api/mail?lang=en`)).text()).includes('Hello John,') && Date.now() < shown) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    writeFileSync(enFile, enText.replace('number: 34', 'number: thirty-four').replace('Hello {{subscriber.first_name', 'Broken {{subscriber.first_name'));
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    // open the page only once the preview has seen the broken save
    const deadline = Date.now() + 10_000;
    while (((await (await fetch(`${preview.url}api/state?lang=en`)).json()) as { ok: boolean }).ok && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await page.goto(`${preview.url}?lang=en`);
    await page.waitForSelector('body[data-state="error"]');
    expect(await page.locator('#problem-list li').first().innerText()).toContain('2020-12-nr34.en.yaml:2:9');
    expect(await page.locator('#problem-after').innerText()).toBe('The mail below is the last good version. Save again and the preview follows.');
    expect(await frameTextOnce(page, 'Hello John,')).toContain('Hello John,');
    // the error stands above the mail
    const problems = await page.locator('#problems').boundingBox();
    const mail = await page.locator('#mail').boundingBox();
    expect(problems!.y + problems!.height).toBeLessThanOrEqual(mail!.y);
    await page.screenshot({ path: artifactPath('preview', 'broken-on-open.png') });

    writeFileSync(enFile, enText);
    await page.waitForSelector('body[data-state="ok"]', { timeout: 10_000 });
    expect(await page.locator('#problems').isHidden()).toBe(true);
    expect(await frameTextOnce(page, 'Hello John,')).toContain('Hello John,');
    await page.close();
  });
});
