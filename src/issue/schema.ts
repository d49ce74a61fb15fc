/**
 * The issue format of ../shared/spec/issue-format.md as one zod schema: validation and the
 * JSON Schema for editors' YAML tooling (schema/issue.schema.json) both come from here.
 * Messages are phrased to follow the field's name: `"subject" must be one line, …`.
 */
import { z } from 'zod';
import { describeImpossibleDate } from './dates.js';

/** No CR or LF anywhere: keeps mail headers safe and headlines on one line. */
export const ONE_LINE = /^[^\r\n]*$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A BCP 47 language tag as editors write them: `de`, `en`, `pt-BR`, `zh-Hant-TW`. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
/** What a link may start with; everything else (javascript:, data:, relative paths) is refused. */
export const LINK = /^(?:https?:\/\/|mailto:)/i;
export const ISSUE_ID = /^[a-z0-9][a-z0-9-]*$/;
export const MAX_HEADER_TEXT = 200;

/** One line of plain text (a title, a label). */
export function oneLine(description: string) {
  return z.string().regex(ONE_LINE, { error: 'must be one line, found a line break' }).meta({ description });
}

/** A Markdown text: paragraphs, emphasis, links, lists; raw HTML is shown as text. */
export function markdown(description: string) {
  return z.string().meta({ description: `${description} (Markdown)` });
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

/** An absolute https:, http: or mailto: URL. */
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
  if (scheme) return `must be an https://, http:// or mailto: link, found a "${scheme}:" link`;
  return `must be an absolute URL starting with https://, http:// or mailto:, found ${JSON.stringify(found)}`;
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

export const itemSchema = z
  .strictObject({
    title: oneLine('headline'),
    subtitle: oneLine('the line under the headline').optional(),
    label: oneLine('a kicker above the title, e.g. "Good practice"').optional(),
    body: markdown('the teaser text').optional(),
    link: link('where the "more" button leads').optional(),
    link_label: oneLine('button text; default from the language ("Mehr" / "Read more")').optional(),
    image: imageSchema.optional(),
    date: z
      .union([isoDate('the day of the event'), dateRangeSchema], { error: 'must be a date YYYY-MM-DD or a range {from: YYYY-MM-DD, to: YYYY-MM-DD}' })
      .optional()
      .meta({ description: 'when the event is or was' }),
    location: oneLine('where: "Online", "Trier", …').optional(),
    contact: markdown('whom to ask').optional(),
  })
  .meta({ id: 'item', description: 'one entry of a section' });

function section(description: string) {
  return z.array(itemSchema).optional().meta({ description });
}

export const issueSchema = z
  .strictObject({
    number: z.number().int().min(1).meta({ description: 'the issue number ("Ausgabe Nr. 34")' }),
    date: isoDate('publication date'),
    subject: oneLine('the mail\'s subject; may use personal fields such as {{subscriber.first_name}}').max(MAX_HEADER_TEXT),
    preheader: oneLine('the hidden preview text inbox lists show after the subject').max(MAX_HEADER_TEXT).optional(),
    language: z
      .string()
      .regex(LANGUAGE_TAG, { error: (issue) => `must be a language tag such as de, en or pt-BR, found ${JSON.stringify(issue.input)}` })
      .optional()
      .meta({ description: 'language of this file; must agree with the file name\'s suffix' }),
    intro: markdown('the editorial letter').optional(),
    signoff: markdown('closing line under the intro').optional(),
    headings: z
      .strictObject({
        review: oneLine('heading of the review section').optional(),
        insight: oneLine('heading of the insight section').optional(),
        outlook: oneLine('heading of the outlook section').optional(),
      })
      .optional()
      .meta({ description: 'overrides of the section headings' }),
    review: section('events that took place: workshops, dialogue events, exchanges'),
    insight: section('good practices and portraits'),
    outlook: section('what is coming: calls for participation, planned events'),
  })
  .meta({
    title: 'newsletter issue',
    description: 'One newsletter issue in one language: issues/<id>.yaml or issues/<id>.<lang>.yaml',
  });

/** What a valid issue file holds, before it becomes an `Issue`. */
export type IssueFileData = z.infer<typeof issueSchema>;
export type IssueFileItem = z.infer<typeof itemSchema>;

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

/** The JSON Schema editors' YAML tooling uses, generated from `issueSchema`. */
export function issueJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(issueSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
}
