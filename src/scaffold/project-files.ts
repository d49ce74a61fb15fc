import { cleanBaseUrl, type ProjectAnswers } from './answers.js';
import { starterText } from './starter-text.js';
import { block, lines, quote } from './yaml-text.js';

/** The header of a new subscriber list: the columns the tool knows best. */
export const SUBSCRIBERS_HEADER = 'email,name,first_name,language';

/** What a project keeps out of version control: the list, the state, built mails, the outbox. */
export function gitignoreText(): string {
  return lines(
    '# newsletter: the send journal and suppression list (keep them and back them up, but not in git)',
    '.newsletter/',
    '# the subscriber list holds real addresses: keep it out of the repository',
    'subscribers.csv',
    '# built mails and messages written instead of sent',
    'dist/',
    'outbox/',
    'node_modules/',
  );
}

/** The `List-Id` a project starts with: the host of its base URL. */
export function listIdFor(baseUrl: string): string {
  return new URL(cleanBaseUrl(baseUrl)).hostname;
}

/** `newsletter.config.yaml` for the answers, with the optional fields shown as comments. */
export function configText(answers: ProjectAnswers, year: number): string {
  const [first] = answers.languages;
  const languages = answers.languages.map(quote).join(', ');
  return lines(
    '# newsletter.config.yaml: what stays the same from issue to issue.',
    '# Any text below may also be a map per language, e.g. tagline: {de: "…", en: "…"}.',
    `name: ${quote(answers.name)}`,
    '# tagline: "News from our network"',
    '# logo: {src: logo.png, alt: "Our logo", width: 160}',
    '',
    '# The sender; secrets (SMTP password, unsubscribe key) come from the environment only:',
    '# NEWSLETTER_SMTP_URL and NEWSLETTER_SECRET.',
    `from: ${quote(answers.from)}`,
    '# reply_to: "editors@example.org"',
    '',
    '# Where `newsletter serve` answers unsubscribe links and serves the archive (https for one-click).',
    `base_url: ${quote(cleanBaseUrl(answers.baseUrl))}`,
    `list_id: ${quote(listIdFor(answers.baseUrl))}`,
    '',
    `default_language: ${quote(first)}`,
    `languages: [${languages}]`,
    '',
    '# A standing block under the three sections, same fields as an issue item:',
    '# connect:',
    '#   heading: "Stay in touch"',
    '#   items:',
    '#     - title: "Write to us"',
    '#       link: "mailto:editors@example.org"',
    '',
    'footer:',
    `  copyright: ${quote(`© ${year} ${answers.name}`)}`,
    '  # imprint_url: "https://example.org/imprint"',
    '  # privacy_url: "https://example.org/privacy"',
    '  # partners:',
    '  #   - {name: "Partner organisation", address: "Street 1, City", email: "info@example.org"}',
  );
}

/** The first issue of a new project in `lang`: complete, so that it validates and builds. */
export function firstIssueText(answers: ProjectAnswers, lang: string, date: string): string {
  const words = starterText(lang);
  const baseUrl = cleanBaseUrl(answers.baseUrl);
  return lines(
    '# An issue of the newsletter: edit it, then run `newsletter preview` on this file.',
    '# The fields are described in the project documentation (issue format).',
    'number: 1',
    `date: ${date}`,
    `subject: ${quote(words.subject(answers.name))}`,
    `preheader: ${quote(words.preheader)}`,
    block('intro', `${words.greeting}\n\n${words.intro(answers.name)}`),
    `signoff: ${quote(words.signoff)}`,
    '',
    'review:',
    `  - label: ${quote(words.review.label)}`,
    `    title: ${quote(words.review.title)}`,
    `    date: ${date}`,
    `    location: ${quote(words.review.location)}`,
    block('body', words.review.body, 4),
    '',
    'insight:',
    `  - label: ${quote(words.insight.label)}`,
    `    title: ${quote(words.insight.title)}`,
    block('body', words.insight.body, 4),
    '',
    'outlook:',
    `  - label: ${quote(words.outlook.label)}`,
    `    title: ${quote(words.outlook.title)}`,
    block('body', words.outlook.body, 4),
    `    link: ${quote(baseUrl)}`,
    `    link_label: ${quote(words.outlook.linkLabel)}`,
  );
}
