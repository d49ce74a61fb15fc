/**
 * The words `init` puts into a new project's first issue and `new` into a skeleton's
 * comments, per language. A language without its own entry gets English: the editor
 * replaces all of it anyway.
 */

export interface StarterText {
  subject: (name: string) => string;
  preheader: string;
  greeting: string;
  intro: (name: string) => string;
  signoff: string;
  review: { label: string; title: string; body: string; location: string };
  insight: { label: string; title: string; body: string };
  outlook: { label: string; title: string; body: string; linkLabel: string };
}

const en: StarterText = {
  subject: (name) => `Welcome to ${name}`,
  preheader: 'The first issue: what to expect from us',
  greeting: 'Dear {{subscriber.first_name "reader"}},',
  intro: (name) =>
    `this is the first issue of ${name}. Each issue looks back at what happened, ` +
    'shows a good practice worth copying, and tells you what is coming.',
  signoff: 'Your editorial team',
  review: {
    label: 'Workshop',
    title: 'How we started',
    body: 'A short report on an event that took place. Replace this text with your own.',
    location: 'Online',
  },
  insight: {
    label: 'Good practice',
    title: 'A project worth a closer look',
    body: 'A portrait of a programme, a person or a pilot project.',
  },
  outlook: {
    label: 'Call for participation',
    title: 'What comes next',
    body: 'Planned events and calls: tell your readers how to take part.',
    linkLabel: 'Take part',
  },
};

const de: StarterText = {
  subject: (name) => `Willkommen bei ${name}`,
  preheader: 'Die erste Ausgabe: was Sie von uns erwarten können',
  greeting: 'Liebe {{subscriber.first_name "Leserinnen und Leser"}},',
  intro: (name) =>
    `dies ist die erste Ausgabe von ${name}. Jede Ausgabe blickt auf Vergangenes zurück, ` +
    'stellt eine gute Praxis vor und kündigt an, was kommt.',
  signoff: 'Ihr Redaktionsteam',
  review: {
    label: 'Workshop',
    title: 'Wie alles begann',
    body: 'Ein kurzer Bericht über eine Veranstaltung. Ersetzen Sie diesen Text durch Ihren eigenen.',
    location: 'Online',
  },
  insight: {
    label: 'Gute Praxis',
    title: 'Ein Projekt, das sich lohnt',
    body: 'Das Porträt eines Programms, einer Person oder eines Pilotprojekts.',
  },
  outlook: {
    label: 'Teilnahmeaufruf',
    title: 'Was als Nächstes kommt',
    body: 'Geplante Veranstaltungen und Aufrufe: sagen Sie Ihren Leserinnen und Lesern, wie sie mitmachen.',
    linkLabel: 'Mitmachen',
  },
};

const BY_LANGUAGE: Record<string, StarterText> = { en, de };

/** The starter words for `lang` (`de-AT` → German), English when there are none. */
export function starterText(lang: string): StarterText {
  return BY_LANGUAGE[lang] ?? BY_LANGUAGE[lang.split('-')[0].toLowerCase()] ?? en;
}
