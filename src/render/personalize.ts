import { headerSafe } from '../mime/encodings.js';
import { normalizeFieldName, type Subscriber } from '../subscribers/types.js';
import type { PersonalizedMessage, PersonalValues, RenderedIssue, Slot, SlottedText } from './types.js';

export type Medium = 'html' | 'text' | 'header';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `a < b & "c"` → `a &lt; b &amp; &quot;c&quot;`: safe in text and in quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const SAFE_URL = /^(?:https?:|mailto:)/i;

function fieldValue(slot: Slot & { kind: 'field' }, values: PersonalValues): string {
  const value = values.fields[normalizeFieldName(slot.field)];
  return value !== undefined && value.trim() !== '' ? value : slot.fallback;
}

function htmlValue(slot: Slot, values: PersonalValues): string {
  if (slot.kind === 'unsubscribe') return escapeHtml(values.unsubscribeUrl);
  const value = fieldValue(slot, values);
  if (slot.url === 'part') return escapeHtml(encodeURIComponent(value));
  // A reader's value must never turn a link into javascript: or data:.
  if (slot.url === 'whole' && !SAFE_URL.test(value.trim())) return SAFE_URL.test(slot.fallback) ? escapeHtml(slot.fallback) : '';
  return escapeHtml(value);
}

function plainValue(slot: Slot, values: PersonalValues): string {
  return slot.kind === 'unsubscribe' ? values.unsubscribeUrl : fieldValue(slot, values);
}

/**
 * One reader's copy of a slotted text: parts joined with the reader's values, escaped for
 * the medium (html: entities; header: no CR/LF/control characters; text: as is). A missing
 * or blank value takes the slot's fallback, else ''.
 * `fillSlots({parts: ['Hi ', '!'], slots: [{kind: 'field', field: 'name', fallback: 'you'}]}, v, 'text')`
 */
export function fillSlots(text: SlottedText, values: PersonalValues, medium: Medium): string {
  const { parts, slots } = text;
  let out = parts[0];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    const value =
      medium === 'html' ? htmlValue(slot, values) : medium === 'header' ? headerSafe(plainValue(slot, values)) : plainValue(slot, values);
    out += value + parts[i + 1];
  }
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
  const fields: Record<string, string> = { ...subscriber.fields, email: subscriber.email };
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
  return { fields: {}, unsubscribeUrl: PLACEHOLDER_UNSUBSCRIBE_URL };
}
