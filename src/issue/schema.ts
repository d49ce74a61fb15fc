/**
 * The issue format of docs/issue-format.md as one zod schema: validation and the
 * JSON Schema for editors' YAML tooling (schema/issue.schema.json) both come from here.
 * The field vocabulary it shares with the config (items, images, dates, links) is in
 * ../source/fields.ts.
 */
import * as z from 'zod';
import { isoDate, itemSchema, languageTag, markdown, oneLine } from '../source/fields.js';

export const ISSUE_ID = /^[a-z0-9][a-z0-9-]*$/;
export const MAX_HEADER_TEXT = 200;

function section(description: string) {
  return z.array(itemSchema).optional().meta({ description });
}

export const issueSchema = z
  .strictObject({
    number: z.number().int().min(1).meta({ description: 'the issue number ("Ausgabe Nr. 34")' }),
    date: isoDate('publication date'),
    subject: oneLine('the mail\'s subject; may use personal fields such as {{subscriber.first_name}}').max(MAX_HEADER_TEXT),
    preheader: oneLine('the hidden preview text inbox lists show after the subject').max(MAX_HEADER_TEXT).optional(),
    language: languageTag()
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
    public: z
      .boolean()
      .optional()
      .meta({ description: 'true: `newsletter archive` publishes this file before it is sent (sent issues are always published)' }),
  })
  .meta({
    title: 'newsletter issue',
    description: 'One newsletter issue in one language: issues/<id>.yaml or issues/<id>.<lang>.yaml',
  });

/** What a valid issue file holds, before it becomes an `Issue`. */
export type IssueFileData = z.infer<typeof issueSchema>;
/** What a valid item of a section holds, before it becomes an `IssueItem`. */
export type { ItemFileData as IssueFileItem } from '../source/fields.js';

/** The JSON Schema editors' YAML tooling uses, generated from `issueSchema`. */
export function issueJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(issueSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
}
