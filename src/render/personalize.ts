import { headerSafe } from '../mime/encodings.js';
import { isAllowedLink } from '../source/link-policy.js';
import type { Condition } from '../source/personal-fields.js';
import { normalizeFieldName, type Subscriber } from '../subscribers/types.js';
import type { PersonalizedMessage, PersonalValues, RenderedIssue, Slot, SlottedText } from './types.js';

export type Medium = 'html' | 'text' | 'header';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `a < b & "c"` → `a &lt; b &amp; &quot;c&quot;`: safe in text and in quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A reader's value of a field: own properties only, so `constructor` or `__proto__` is just a column name. */
function readerValue(values: PersonalValues, field: string): string {
  const key = normalizeFieldName(field);
  const value = Object.hasOwn(values.fields, key) ? values.fields[key] : undefined;
  return typeof value === 'string' ? value : '';
}

function fieldValue(slot: Slot & { kind: 'field' }, values: PersonalValues): string {
  const value = readerValue(values, slot.field);
  return value.trim() !== '' ? value : slot.fallback;
}

/** True when a block's test holds for this reader: the field is not empty, or equals the text (trimmed, any case). */
function holds(test: Condition, values: PersonalValues): boolean {
  const value = readerValue(values, test.field).trim();
  // `equals` is already trimmed and lower-cased (`slotOf` in slots.ts)
  return test.equals === undefined ? value !== '' : value.toLowerCase() === test.equals;
}

/** A reader's value where a link's address goes: the policy's schemes only, else the slot's default (`SlotTable.cut` kept it only if it passes). */
function urlValue(slot: Slot & { kind: 'field' }, value: string): string {
  if (slot.url === 'part') return encodeURIComponent(value);
  if (slot.url === 'whole' && !isAllowedLink(value)) return slot.fallback;
  return value;
}

function valueFor(slot: Slot, values: PersonalValues, medium: Medium): string {
  switch (slot.kind) {
    case 'unsubscribe':
      return medium === 'html' ? escapeHtml(values.unsubscribeUrl) : values.unsubscribeUrl;
    case 'choice': {
      const branch = slot.branches.find((b) => b.test === undefined || holds(b.test, values));
      return withSpace(slot.space, branch ? join(branch.text, values, medium) : '');
    }
    default: {
      const address = urlValue(slot, fieldValue(slot, values));
      const value = slot.angle && address !== '' ? `<${address}>` : address;
      return withSpace(slot.space, medium === 'html' ? escapeHtml(value) : medium === 'header' ? headerSafe(value) : value);
    }
  }
}

/** A slot that took the space before it gives it back when it shows anything. */
function withSpace(space: boolean | undefined, value: string): string {
  return space && value !== '' ? ` ${value}` : value;
}

function join(text: SlottedText, values: PersonalValues, medium: Medium): string {
  const { parts, slots } = text;
  let out = parts[0];
  for (let i = 0; i < slots.length; i++) out += valueFor(slots[i], values, medium) + parts[i + 1];
  return out;
}

/**
 * One reader's copy of a slotted text: parts joined with the reader's values, escaped for
 * the medium (html: entities; header: no CR/LF/control characters; text: as is), and of
 * each `{{#if}}` block the first branch whose test holds. A missing or blank value takes the
 * slot's fallback, else ''; an empty value leaves no double space and no space before a
 * comma (the slot carries the space before it, see `SlotTable.cut`).
 * `fillSlots({parts: ['Hi ', '!'], slots: [{kind: 'field', field: 'name', fallback: 'you'}]}, v, 'text')`
 */
export function fillSlots(text: SlottedText, values: PersonalValues, medium: Medium): string {
  const out = join(text, values, medium);
  return medium === 'header' ? headerSafe(out) : out;
}

/** One reader's subject, HTML and text: no template work, only joins. */
export function personalize(rendered: RenderedIssue, values: PersonalValues): PersonalizedMessage {
  return {
    subject: fillSlots(rendered.subject, values, 'header'),
    html: fillSlots(rendered.html, values, 'html'),
    text: fillSlots(rendered.text, values, 'text'),
  };
}

/**
 * The values a subscriber brings: every CSV column by its normalised name, plus `name`,
 * `firstname`, `lastname`, `salutation` and `email` from the recognised columns.
 */
export function personalValuesFor(subscriber: Subscriber, unsubscribeUrl: string): PersonalValues {
  // no prototype: a column named "constructor" or "__proto__" is a column like any other
  const fields: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, subscriber.fields, { email: subscriber.email });
  if (subscriber.name !== undefined) fields.name = subscriber.name;
  if (subscriber.firstName !== undefined) fields.firstname = subscriber.firstName;
  if (subscriber.lastName !== undefined) fields.lastname = subscriber.lastName;
  if (subscriber.salutation !== undefined) fields.salutation = subscriber.salutation;
  if (fields.name === undefined && (subscriber.firstName || subscriber.lastName)) {
    fields.name = [subscriber.firstName, subscriber.lastName].filter(Boolean).join(' ');
  }
  return { fields, unsubscribeUrl };
}

/** Stands in for a reader's unsubscribe link in built files; `send` and `preview` put the real one in. */
export const PLACEHOLDER_UNSUBSCRIBE_URL = 'https://unsubscribe.invalid/PLACEHOLDER-personal-link';

/** The values the built files carry: every fallback (a reader with no name), and the placeholder link. */
export function placeholderValues(): PersonalValues {
  return { fields: Object.create(null) as Record<string, string>, unsubscribeUrl: PLACEHOLDER_UNSUBSCRIBE_URL };
}
