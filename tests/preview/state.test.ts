import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { decodeEncodedWords, mailDocument } from '../../src/preview/documents.js';
import { readersFromList, sampleReaders, type PreviewReader } from '../../src/preview/readers.js';
import { PreviewSession } from '../../src/preview/session.js';
import { previewState, type PreviewState } from '../../src/preview/state.js';
import { createMessageComposer } from '../../src/send/message.js';
import { readSubscriberList } from '../../src/subscribers/read-subscriber-list.js';
import { keyringFromSecrets } from '../../src/unsubscribe/keyring.js';
import { exampleProject } from '../helpers/preview-fixture.js';

const keyring = keyringFromSecrets('a test secret that is long enough');
let session: PreviewSession;
let readers: PreviewReader[];

beforeAll(async () => {
  const { dir, list } = exampleProject();
  session = new PreviewSession(join(dir, 'issues/2020-12-nr34.de.yaml'), { cwd: dir });
  readers = readersFromList(await readSubscriberList(list));
});

function stateFor(query: { reader?: string; lang?: string }, initialReader?: string, who = () => readers): Promise<PreviewState> {
  return previewState({ session, readers: who, keyring, usingDevKey: false, initialReader }, query);
}

describe('which reader and language the preview shows', () => {
  it.each([
    ['the --as reader, in their own language (en-GB → en)', {}, 'JOHN.example@example.org', 'john.example@example.org', 'en'],
    ['the first reader without --as', {}, undefined, 'anna.beispiel@example.org', 'de'],
    ['the reader the picker names', { reader: 'anna.beispiel@example.org' }, 'john.example@example.org', 'anna.beispiel@example.org', 'de'],
    ['the language the picker names, any case', { lang: 'DE' }, 'john.example@example.org', 'john.example@example.org', 'de'],
    ['the --as reader when the picker names no reader of the list', { reader: 'gone@example.org' }, 'john.example@example.org', 'john.example@example.org', 'en'],
    ['the reader\'s language when the picker names one the issue lacks', { lang: 'fr' }, 'anna.beispiel@example.org', 'anna.beispiel@example.org', 'de'],
  ])('%s', async (_what, query, initial, reader, lang) => {
    const state = await stateFor(query, initial);
    expect({ ok: state.ok, reader: state.reader, lang: state.lang }).toEqual({ ok: true, reader, lang });
  });

  it('fills the reader\'s name and their own unsubscribe link', async () => {
    const state = await stateFor({ reader: 'anna.beispiel@example.org' });
    expect(state.mail!.html).toContain('Guten Tag, Anna,');
    expect(state.mail!.text).toContain(state.mail!.unsubscribeUrl);
    expect(state.mail!.headers).toContainEqual(['List-Unsubscribe', `<${state.mail!.unsubscribeUrl}>`]);
  });

  it('shows the headers a send writes for the reader, from the send\'s own composer', async () => {
    const state = await stateFor({ reader: 'anna.beispiel@example.org' });
    const rendered = await session.render('de');
    if (!rendered.ok) throw new Error('the example does not render');
    const loaded = await session.load();
    if (!loaded.ok) throw new Error('the example does not load');
    const anna = readers.find((r) => r.key === 'anna.beispiel@example.org')!;
    const raw = createMessageComposer([rendered.rendered], loaded.config, { keyring })({ subscriber: anna.subscriber, lang: 'de' }, '<x@example.org>').raw;
    const sent = raw
      .toString('latin1')
      .split('\r\n\r\n')[0]
      .replace(/\r\n(?=[ \t])/g, '')
      .split('\r\n')
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()])
      .filter(([name]) => name !== 'Date' && name !== 'Message-ID');
    // each message seals its own link (a fresh IV), and a fresh MIME boundary
    const same = (headers: string[][]) =>
      headers.map(([name, value]) => [name, value.replace(/\/u\/[\w-]+/, '/u/TOKEN').replace(/boundary="[^"]+"/, 'boundary="B"')]);
    expect(same(state.mail!.headers)).toEqual(same(sent));
    expect(state.mail!.headers.map(([name]) => name)).toEqual(expect.arrayContaining(['From', 'To', 'Subject', 'List-Unsubscribe', 'List-Id', 'Content-Type']));
  });

  it('shows the defaults of personal fields to the sample reader without a name', async () => {
    const state = await stateFor({ reader: 'no-name@example.org' }, undefined, sampleReaders);
    expect(state.mail!.html).toContain('Guten Tag, liebe Leserinnen und Leser,');
  });

  it('says so when the list has nobody to show', async () => {
    const state = await stateFor({}, undefined, () => []);
    expect({ ok: state.ok, message: state.message }).toEqual({ ok: false, message: 'the subscriber list has no valid reader to show the mail to' });
  });
});

describe('the frame documents', () => {
  it('open the mail\'s links in a new tab and keep the rest of the HTML as it is', async () => {
    const state = await stateFor({});
    const html = mailDocument(state, 'html');
    expect(html.replace('<base target="_blank">', '')).toBe(state.mail!.html);
  });

  it.each(['text', 'mjml'] as const)('show the %s view as escaped text', async (view) => {
    const state = await stateFor({});
    const sneaky = { ...state, mail: { ...state.mail!, text: '<script>alert(1)</script>', mjml: '<script>alert(1)</script>' } };
    const doc = mailDocument(sneaky, view);
    expect(doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(doc).not.toContain('<script>');
  });
});

describe('decodeEncodedWords', () => {
  it.each([
    ['=?UTF-8?B?U3TDpGR0ZSBpbSBEaWFsb2c=?= <newsletter.example.org>', 'Städte im Dialog <newsletter.example.org>'],
    ['"=?utf-8?Q?St=C3=A4dte_im?= =?utf-8?Q?_Dialog?=" <a@b.example>', '"Städte im Dialog" <a@b.example>'],
    ['plain <a@b.example>', 'plain <a@b.example>'],
    ['=?no-such-charset?B?AAAA?=', '=?no-such-charset?B?AAAA?='],
  ])('%s', (raw, shown) => {
    expect(decodeEncodedWords(raw)).toBe(shown);
  });
});
