import { createHash } from 'node:crypto';
import { isAllowedLink } from '../source/link-policy.js';
import { scanPlaceholders, type PersonalToken } from '../source/personal-fields.js';
import { fillSlots } from './personalize.js';
import type { MarkerSlot, Slot, SlottedText } from './types.js';

/**
 * Slots travel through Markdown, Handlebars, MJML and whitespace trimming as plain
 * lower-case letters and digits (`nlslot3f9a0c1b2di7x`): nothing in that chain escapes,
 * encodes, wraps or re-cases such a word. The nonce comes from the content hash, so
 * a build stays deterministic while no editor text can plausibly contain a marker.
 */
export class SlotTable {
  readonly slots: MarkerSlot[] = [];
  private readonly prefix: string;
  private readonly pattern: RegExp;

  constructor(seed: string) {
    const nonce = createHash('sha256').update(seed).digest('hex').slice(0, 10);
    this.prefix = `nlslot${nonce}i`;
    this.pattern = new RegExp(`${this.prefix}(\\d+)x`, 'g');
  }

  /** The marker standing for `slot` in every text rendered from now on. */
  marker(slot: MarkerSlot): string {
    const same = this.slots.findIndex((s) => sameSlot(s, slot));
    const index = same >= 0 ? same : this.slots.push(slot) - 1;
    return `${this.prefix}${index}x`;
  }

  /** Replaces every valid `{{subscriber.x "fallback"}}` and `{{#if}}…{{/if}}` piece in `text` by its marker. */
  markFields(text: string): string {
    const { tokens } = scanPlaceholders(text);
    if (tokens.length === 0) return text;
    let out = '';
    let at = 0;
    for (const token of tokens) {
      out += text.slice(at, token.start) + this.marker(slotOf(token));
      at = token.end;
    }
    return out + text.slice(at);
  }

  /**
   * Cuts finished text at its markers. With `html`, a slot inside an `href`/`src` value is
   * tagged with that context so `fillSlots` can keep a reader's value from becoming markup
   * or a `javascript:` link; with `text`, a slot inside a `<url>` or an address written out.
   */
  cut(text: string, context: 'html' | 'text' | false = false): SlottedText {
    const parts: string[] = [];
    const slots: MarkerSlot[] = [];
    let at = 0;
    for (const match of text.matchAll(this.pattern)) {
      const slot = this.slots[Number(match[1])];
      if (!slot) continue;
      let before = text.slice(at, match.index);
      let end = match.index + match[0].length;
      const url = slot.kind === 'field' && context ? (context === 'html' ? htmlUrlContext(text, match.index) : textUrlContext(text, match.index)) : undefined;
      const angle = context === 'text' && url === 'whole' && before.endsWith('<') && text[end] === '>';
      if (angle) {
        before = before.slice(0, -1);
        end += 1;
      }
      parts.push(before);
      // a default that breaks the link policy is dropped here, once, rather than checked for every reader
      slots.push(url && slot.kind === 'field' ? { ...slot, url, ...(angle ? { angle } : {}), ...(url === 'whole' && !isAllowedLink(slot.fallback) ? { fallback: '' } : {}) } : slot);
      at = end;
    }
    parts.push(text.slice(at));
    return closeGaps(nest(parts, slots));
  }

  /** The text as a reader without any field sees it (defaults, `{{else}}` branches): for text with no per-reader copy. */
  fillFallbacks(text: string): string {
    return fillSlots(this.cut(text), { fields: Object.create(null) as Record<string, string>, unsubscribeUrl: '' }, 'text');
  }
}

/**
 * Folds the markers of each `{{#if}}` block into one choice slot holding its branches, so a
 * filled text is still parts and values joined: the send splices each value in as it is.
 */
function nest(parts: string[], slots: MarkerSlot[]): SlottedText {
  const root: SlottedText = { parts: [parts[0]], slots: [] };
  const open: { choice: Slot & { kind: 'choice' }; parent: SlottedText }[] = [];
  let current = root;
  slots.forEach((slot, i) => {
    const next = parts[i + 1];
    if (slot.kind === 'if') {
      const branch = { test: slot.test, text: { parts: [next], slots: [] } };
      open.push({ choice: { kind: 'choice', branches: [branch] }, parent: current });
      current = branch.text;
    } else if ((slot.kind === 'elseif' || slot.kind === 'else') && open.length > 0) {
      const branch = { ...(slot.kind === 'elseif' ? { test: slot.test } : {}), text: { parts: [next], slots: [] } };
      open[open.length - 1].choice.branches.push(branch);
      current = branch.text;
    } else if (slot.kind === 'endif' && open.length > 0) {
      const { choice, parent } = open.pop()!;
      parent.slots.push(choice);
      parent.parts.push(next);
      current = parent;
    } else if (slot.kind === 'field' || slot.kind === 'unsubscribe') {
      current.slots.push(slot);
      current.parts.push(next);
    } else {
      // a block marker out of place (validation refuses these): keep the text around it
      current.parts[current.parts.length - 1] += next;
    }
  });
  while (open.length > 0) {
    const { choice, parent } = open.pop()!;
    parent.slots.push(choice);
    parent.parts.push('');
  }
  return root;
}

/**
 * A value between a space and a comma, full stop or another space takes that space with it:
 * `Hallo {{subscriber.first_name}},` is `Hallo` + ` Anna` + `,`, so a reader without a first
 * name reads "Hallo," — no "Hallo ," and no double space.
 */
function closeGaps(text: SlottedText): SlottedText {
  const parts = [...text.parts];
  const slots = text.slots.map((slot, i): Slot => {
    const inner = slot.kind === 'choice' ? { ...slot, branches: slot.branches.map((b) => ({ ...b, text: closeGaps(b.text) })) } : slot;
    if (inner.kind === 'unsubscribe' || (inner.kind === 'field' && inner.url && !inner.angle)) return inner;
    if (!/ $/.test(parts[i]) || !/^(?:[ ,.;:!?)]|$)/.test(text.parts[i + 1])) return inner;
    parts[i] = parts[i].slice(0, -1);
    return { ...inner, space: true };
  });
  return { parts, slots };
}

function slotOf(token: PersonalToken): MarkerSlot {
  switch (token.kind) {
    case 'field':
      return { kind: 'field', field: token.field, fallback: token.fallback };
    case 'if':
    case 'elseif':
      // compared trimmed and in any case: the side is made so once, not per reader
      return { kind: token.kind, test: token.test.equals === undefined ? token.test : { ...token.test, equals: token.test.equals.trim().toLowerCase() } };
    default:
      return { kind: token.kind };
  }
}

function sameSlot(a: MarkerSlot, b: MarkerSlot): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const URL_ATTRIBUTE = /\s(?:href|src)\s*=\s*"([^"]*)$/i;

/** Looks back from a marker: inside a tag's href/src value, at its start or further in. */
function htmlUrlContext(text: string, index: number): 'whole' | 'part' | undefined {
  const tagStart = text.lastIndexOf('<', index);
  if (tagStart < 0 || text.lastIndexOf('>', index) > tagStart) return undefined;
  const attribute = URL_ATTRIBUTE.exec(text.slice(tagStart, index));
  if (!attribute) return undefined;
  return attribute[1] === '' ? 'whole' : 'part';
}

/** In the plain-text part: right after `<` (a link's address) is the whole URL; further into a `<…` or `scheme:…` word, a part of one. */
function textUrlContext(text: string, index: number): 'whole' | 'part' | undefined {
  const word = /\S*$/.exec(text.slice(Math.max(0, index - 2000), index))?.[0] ?? '';
  if (word === '<') return 'whole';
  if (word.startsWith('<') || /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|mailto:|tel:)/i.test(word)) return 'part';
  return undefined;
}
