/**
 * `newsletter.config.yaml` as one zod schema. Text may be one string or a map per language
 * (`tagline: {de: …, en: …}`); secrets are never here, only in the environment.
 */
import * as z from 'zod';
import { ONE_LINE, itemFields, languageTag as languageTagSchema, link, markdown, oneLine } from '../source/fields.js';

/** One text, or one per language. */
function localized(text: z.ZodString) {
  return z.union([text, z.record(z.string(), text)], { error: 'must be text, or a mapping from language to text (de: …, en: …)' });
}
const localizedLine = (description: string) => localized(oneLine(description));
const localizedMarkdown = (description: string) => localized(markdown(description));

const languageTag = languageTagSchema();
const positiveInt = z.number().int().min(1);
const positiveNumber = z.number().gt(0);

const configImage = z.strictObject({
  src: z.string().min(1, { error: 'is empty' }),
  alt: localized(oneLine('what the image shows').min(1, { error: 'is empty: describe what the image shows' })),
  width: z.number().int().min(1).max(2000).optional(),
});

/** An item of the connect block: an issue's item, its text possibly per language. */
const configItem = z.strictObject(itemFields(localized));

/** An address header value: one line (CR/LF would let a value add headers). */
const addressText = z.string().regex(ONE_LINE, { error: 'must be one line, found a line break' });

export const configSchema = z.strictObject({
  name: localizedLine('the newsletter\'s name in the masthead'),
  tagline: localizedLine('the line under the name').optional(),
  logo: configImage.optional(),
  from: addressText,
  reply_to: addressText.optional(),
  base_url: z.string(),
  default_language: languageTag.optional(),
  languages: z.array(languageTag).min(1, { error: 'is empty: list at least one language, e.g. [de, en]' }).optional(),
  list_id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, { error: 'must be a domain-like name such as newsletter.example.org' })
    .optional(),
  // the plain list of items is shorthand for {items: [...]}
  connect: z
    .union(
      [
        z.array(configItem).transform((items) => ({ items })),
        z.strictObject({
          heading: localizedLine('heading of the connect block').optional(),
          intro: localizedMarkdown('text above the connect items').optional(),
          items: z.array(configItem),
        }),
      ],
      { error: 'must be a list of items, or {heading, intro, items}' },
    )
    .optional(),
  footer: z
    .strictObject({
      partners: z
        .array(
          z.strictObject({
            name: localizedLine('the partner\'s name'),
            address: localizedMarkdown('postal address').optional(),
            contact: localizedMarkdown('whom to ask').optional(),
            email: addressText.optional(),
          }),
        )
        .optional(),
      copyright: localizedLine('copyright line').optional(),
      imprint_url: link('the imprint page').optional(),
      privacy_url: link('the privacy page').optional(),
    })
    .optional(),
  subscribers: z.strictObject({ columns: z.record(z.string(), z.string()).optional() }).optional(),
  unsubscribe: z.strictObject({ mailto: addressText.optional() }).optional(),
  smtp: z
    .strictObject({
      url: z.string().optional(),
      timeout_s: positiveNumber.optional(),
      tls: z.strictObject({ ca_file: z.string().min(1).optional(), min_version: z.enum(['TLSv1.2', 'TLSv1.3']).optional() }).optional(),
      insecure_plaintext_login: z.boolean().optional(),
    })
    .optional(),
  state: z.strictObject({ url: z.string().optional() }).optional(),
  dkim: z.strictObject({ domain: z.string().min(1), selector: z.string().min(1), key_file: z.string().optional() }).optional(),
  return_path: addressText.optional(),
  bounces: z
    .strictObject({
      verp: z.boolean().optional(),
      separator: z.string().regex(/^[+\-=_.]$/, { error: 'must be one of + - = _ . (what your mail system puts between an address and its extension)' }).optional(),
      soft_limit: positiveInt.optional(),
      processed_folder: z.string().min(1, { error: 'is empty' }).regex(ONE_LINE, { error: 'must be one line, found a line break' }).optional(),
    })
    .optional(),
  send: z
    .strictObject({
      concurrency: positiveInt.optional(),
      rate: positiveNumber.optional(),
      rate_per_hour: positiveNumber.optional(),
      limits: z
        .strictObject({
          per_second: positiveNumber.optional(),
          per_minute: positiveInt.optional(),
          per_hour: positiveInt.optional(),
          per_day: positiveInt.optional(),
        })
        .optional(),
      window: z
        .strictObject({
          days: z.union([z.string(), z.array(z.string())], { error: 'must be days such as mon-fri, or a list of them' }).optional(),
          hours: z.union([z.string(), z.array(z.string())], { error: 'must be local hours such as "08:00-18:00", or a list of them' }).optional(),
          time_zone: z.string().optional(),
        })
        .optional(),
      max_consecutive_failures: positiveInt.optional(),
      feedback_id: z.string().regex(ONE_LINE, { error: 'must be one line, found a line break' }).optional(),
    })
    .optional(),
});

/** What a config file holds after the schema check, before defaults are applied. */
export type ConfigFileData = z.infer<typeof configSchema>;
