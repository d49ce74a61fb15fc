import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { startPreview, type RunningPreview } from '../../src/preview/start-preview.js';
import { repoRoot } from '../helpers/cli.js';
import { exampleProject } from '../helpers/preview-fixture.js';

let preview: RunningPreview;
let project: ReturnType<typeof exampleProject>;
let events: IncomingMessage;
let received = '';

/** Resolves with the version of the next `change` event on /events. */
function nextChange(): Promise<number> {
  const seen = received.length;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no change event; stream so far:\n${received}`)), 10_000);
    const look = () => {
      const match = /event: change\ndata: (\d+)/.exec(received.slice(seen));
      if (!match) return;
      clearTimeout(timer);
      events.off('data', look);
      resolve(Number(match[1]));
    };
    events.on('data', look);
  });
}

async function state(query = ''): Promise<Record<string, any>> {
  return (await fetch(`${preview.url}api/state${query}`)).json() as Promise<Record<string, any>>;
}

async function mailHtml(query = ''): Promise<string> {
  return (await fetch(`${preview.url}api/mail${query}`)).text();
}

beforeAll(async () => {
  project = exampleProject();
  preview = await startPreview({
    issueFile: join(project.dir, 'issues/2020-12-nr34.en.yaml'),
    listFile: project.list,
    stateDir: project.stateDir,
    port: 0,
    cwd: project.dir,
    env: {},
  });
  await preview.ready;
  events = await new Promise<IncomingMessage>((resolve) => request(`${preview.url}events`, resolve).end());
  events.setEncoding('utf8').on('data', (d: string) => (received += d));
});

afterAll(async () => {
  events?.destroy();
  await preview?.close();
});

describe('live reload without a browser', () => {
  it('re-renders after the config is saved', async () => {
    const config = join(project.dir, 'newsletter.config.yaml');
    const changed = nextChange();
    writeFileSync(config, readFileSync(config, 'utf8').replace('en: The newsletter of the network', 'en: Fresh tagline of the network'));
    const version = await changed;
    const now = await state('?lang=en');
    expect(now.version).toBe(version);
    expect(await mailHtml('?lang=en')).toContain('Fresh tagline of the network');
  });

  it('notices a project templates/ folder created after the start', async () => {
    const changed = nextChange();
    mkdirSync(join(project.dir, 'templates'));
    const override = join(project.dir, 'templates', 'masthead.hbs');
    copyFileSync(join(repoRoot, 'templates', 'masthead.hbs'), override);
    appendFileSync(override, '<mj-section><mj-column><mj-text>OVERRIDDEN MASTHEAD</mj-text></mj-column></mj-section>\n');
    await changed;
    // the folder and the file may arrive as two events: wait until the render shows it
    let html = await mailHtml('?lang=en');
    for (let i = 0; i < 50 && !html.includes('OVERRIDDEN MASTHEAD'); i++) {
      await nextChange().catch(() => undefined);
      html = await mailHtml('?lang=en');
    }
    expect(html).toContain('OVERRIDDEN MASTHEAD');
  });

  it('shows a template error located in the template, and recovers', async () => {
    const override = join(project.dir, 'templates', 'masthead.hbs');
    const good = readFileSync(override, 'utf8');
    let changed = nextChange();
    writeFileSync(override, `${good}{{#if name}}\n<mj-section></mj-section>\n`);
    await changed;
    const broken = await state('?lang=en');
    expect(broken.ok).toBe(false);
    expect(broken.problems[0]).toMatchObject({ file: override, severity: 'error' });
    expect(broken.problems[0].message).toMatch(/^template error: /);

    changed = nextChange();
    writeFileSync(override, good);
    await changed;
    expect((await state('?lang=en')).ok).toBe(true);
  });

  it('takes a project locale file over the default strings', async () => {
    const changed = nextChange();
    mkdirSync(join(project.dir, 'locales'), { recursive: true });
    writeFileSync(join(project.dir, 'locales', 'en.yaml'), 'read_more: Continue reading\n');
    await changed;
    let html = await mailHtml('?lang=en');
    for (let i = 0; i < 50 && !html.includes('Continue reading'); i++) {
      await nextChange().catch(() => undefined);
      html = await mailHtml('?lang=en');
    }
    expect(html).toContain('Continue reading');
  });

  it('reads the list again when it is saved', async () => {
    expect((await state()).readerTotal).toBe(2);
    const changed = nextChange();
    appendFileSync(project.list, 'maria@example.org,Maria,Muster,pt-BR\n');
    await changed;
    const now = await state('?reader=maria@example.org');
    expect({ total: now.readerTotal, reader: now.reader, lang: now.lang }).toEqual({ total: 3, reader: 'maria@example.org', lang: 'de' });
  });
});
