/**
 * The field vocabulary the issue files and the config share: one line of text, Markdown,
 * dates, links, images and the item of a section. Each schema is written once here; the
 * issue's schema uses it as is, the config's with text that may be given per language.
 * Messages are phrased to follow the field's name: `"subject" must be one line, …`.
 */
import * as z from 'zod';
import { describeImpossibleDate } from './dates.js';

/** No CR or LF anywhere: keeps mail headers safe and headlines on one line. */
export const ONE_LINE = /^[^\r\n]*$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A BCP 47 language tag as editors write them: `de`, `en`, `pt-BR`, `zh-Hant-TW`. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
/** What a link may start with; everything else (javascript:, data:, relative paths) is refused. */
export const LINK = /^(?:https?:\/\/|mailto:|tel:)/i;

/** One line of plain text (a title, a label). */
export function oneLine(description: string) {
  return z.string().regex(ONE_LINE, { error: 'must be one line, found a line break' }).meta({ description });
}

/** A Markdown text: paragraphs, emphasis, links, lists; raw HTML is shown as text. */
export function markdown(description: string) {
  return z.string().meta({ description: `${description} (Markdown)` });
}

/** A language tag such as `de` or `pt-BR`. */
export function languageTag() {
  return z.string().regex(LANGUAGE_TAG, { error: (issue) => `must be a language tag such as de, en or pt-BR, found ${JSON.stringify(issue.input)}` });
}

/** `YYYY-MM-DD`, and a day that exists. */
export function isoDate(description: string) {
  return z
    .string()
    .regex(ISO_DATE, { error: (issue) => `must be a date written YYYY-MM-DD, found ${JSON.stringify(issue.input)}` })
    .superRefine((value, ctx) => {
      if (!ISO_DATE.test(value)) return;
      const impossible = describeImpossibleDate(value);
      if (impossible) ctx.addIssue({ code: 'custom', message: `is not a real date: ${impossible}`, input: value });
    })
    .meta({ description, examples: ['2020-12-01'] });
}

/** An absolute https:, http:, mailto: or tel: URL (the link policy of ./link-policy.ts). */
export function link(description: string) {
  return z
    .string()
    .regex(LINK, { error: (issue) => linkMessage(String(issue.input)) })
    .superRefine((value, ctx) => {
      if (LINK.test(value) && !URL.canParse(value)) ctx.addIssue({ code: 'custom', message: `is not a valid URL: ${JSON.stringify(value)}`, input: value });
    })
    .meta({ description, examples: ['https://example.org/page'] });
}

function linkMessage(found: string): string {
  const scheme = /^\s*([A-Za-z][A-Za-z0-9+.-]*):/.exec(found)?.[1]?.toLowerCase();
  if (scheme === 'javascript') return 'must not be a javascript: link (mail clients block them and they are unsafe); use an https:// address';
  if (scheme) return `must be an https://, http://, mailto: or tel: link, found a "${scheme}:" link`;
  return `must be an absolute URL starting with https://, http://, mailto: or tel:, found ${JSON.stringify(found)}`;
}

export const imageSchema = z
  .strictObject({
    src: z.string().min(1, { error: 'is empty' }).meta({ description: 'a path relative to this file, or an absolute https URL' }),
    alt: oneLine('what the image shows, for readers who cannot see it').min(1, { error: 'is empty: describe what the image shows' }),
    width: z.number().int().min(1).max(2000).optional().meta({ description: 'display width in pixels (at most 600 in the mail)' }),
  })
  .meta({ id: 'image', description: 'an image with its text alternative' });

export const dateRangeSchema = z
  .strictObject({
    from: isoDate('first day'),
    to: isoDate('last day'),
  })
  .meta({ id: 'dateRange', description: 'a range of days, shown like "26.10.–05.11.2020"' });

/**
 * The fields of one item of a section (and of the config's connect block). `text` wraps
 * every text field: as is in an issue, or "one text or one per language" in the config.
 */
export function itemFields<T extends z.ZodType>(text: (field: z.ZodString) => T) {
  return {
    title: text(oneLine('headline')),
    subtitle: text(oneLine('the line under the headline')).optional(),
    label: text(oneLine('a kicker above the title, e.g. "Good practice"')).optional(),
    body: text(markdown('the teaser text')).optional(),
    link: link('where the "more" button leads').optional(),
    link_label: text(oneLine('button text; default from the language ("Mehr" / "Read more")')).optional(),
    image: imageSchema.optional(),
    date: z
      .union([isoDate('the day of the event'), dateRangeSchema], { error: 'must be a date YYYY-MM-DD or a range {from: YYYY-MM-DD, to: YYYY-MM-DD}' })
      .optional()
      .meta({ description: 'when the event is or was' }),
    location: text(oneLine('where: "Online", "Trier", …')).optional(),
    contact: text(markdown('whom to ask')).optional(),
  };
}

/** An item of an issue's section, every text given once. */
export const itemSchema = z.strictObject(itemFields((field) => field)).meta({ id: 'item', description: 'one entry of a section' });
export type ItemFileData = z.infer<typeof itemSchema>;

/** Fields whose text is Markdown: raw HTML there is escaped, and `validate` warns. */
export const MARKDOWN_FIELDS: ReadonlySet<string> = new Set(['intro', 'signoff', 'body', 'contact', 'address']);
/** Fields where a personal field may appear (text the reader sees). */
export const PERSONAL_TEXT_FIELDS: ReadonlySet<string> = new Set([
  'subject',
  'preheader',
  'intro',
  'signoff',
  'title',
  'subtitle',
  'label',
  'body',
  'link_label',
  'location',
  'contact',
  'heading',
  'review',
  'insight',
  'outlook',
]);
