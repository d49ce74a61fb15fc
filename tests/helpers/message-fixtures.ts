import type { Config } from '../../src/config/types.js';
import type { RenderedIssue, Slot, SlottedText } from '../../src/render/types.js';
import type { PlannedRecipient } from '../../src/send/types.js';
import type { Subscriber } from '../../src/subscribers/types.js';
import { keyringFromSecrets } from '../../src/unsubscribe/keyring.js';

/** Cuts `text` at `[[field]]`, `[[field|fallback]]` and `[[unsubscribe]]`: a hand-made rendered text. */
export function slotted(text: string): SlottedText {
  const parts: string[] = [];
  const slots: Slot[] = [];
  let at = 0;
  for (const match of text.matchAll(/\[\[([a-z_]+)(?:\|([^\]]*))?\]\]/g)) {
    parts.push(text.slice(at, match.index));
    slots.push(match[1] === 'unsubscribe' ? { kind: 'unsubscribe' } : { kind: 'field', field: match[1], fallback: match[2] ?? '' });
    at = match.index + match[0].length;
  }
  parts.push(text.slice(at));
  return { parts, slots };
}

export function renderedIssue(lang: string, subject: string, text: string, html: string): RenderedIssue {
  return {
    id: '2020-12-nr34',
    lang,
    issue: {} as RenderedIssue['issue'],
    subject: slotted(subject),
    preheader: '',
    html: slotted(html),
    text: slotted(text),
    mjml: '',
    assets: [],
    warnings: [],
  };
}

export const config: Config = {
  dir: '/tmp/project',
  name: { de: 'Städte-Netzwerk', en: 'City Network' },
  from: 'Städte Netzwerk <newsletter@example.org>',
  reply_to: 'Redaktion <redaktion@example.org>',
  base_url: 'https://news.example.org',
  default_language: 'de',
  languages: ['de', 'en'],
  list_id: 'newsletter.example.org',
  send: { feedback_id: 'nr34:newsletter:example' },
};

export const keyring = keyringFromSecrets('a test secret that is long enough');

export function recipient(email: string, lang: string, extra: Partial<Subscriber> = {}): PlannedRecipient {
  return { lang, subscriber: { email, key: email.toLowerCase(), fields: { email, ...(extra.fields ?? {}) }, line: 2, ...extra } };
}

export const germanIssue = renderedIssue(
  'de',
  'Ausgabe 34 für [[first_name|Leserin, Leser]]',
  'Liebe [[first_name|Leserin, Leser]],\n\nGrüße aus Trier = schön.   \nAbmelden: [[unsubscribe]]\n',
  `<html><body><p>Liebe [[first_name|Leserin, Leser]],</p><p>${'Rückblick auf ein Jahr voller Begegnungen. '.repeat(40)}</p>` +
    '<a href="[[unsubscribe]]">Abmelden</a></body></html>',
);

export const englishIssue = renderedIssue(
  'en',
  'Issue 34 for [[first_name|reader]]',
  'Dear [[first_name|reader]],\n\nUnsubscribe: [[unsubscribe]]\n',
  '<html><body><p>Dear [[first_name|reader]],</p><a href="[[unsubscribe]]">Unsubscribe</a></body></html>',
);
