import { createHash } from 'node:crypto';
import { scanPlaceholders } from '../source/personal-fields.js';
import type { Slot, SlottedText } from './types.js';

/**
 * Slots travel through Markdown, Handlebars, MJML and whitespace trimming as plain
 * lower-case letters and digits (`nlslot3f9a0c1b2di7x`): nothing in that chain escapes,
 * encodes, wraps or re-cases such a word. The nonce comes from the content hash, so
 * a build stays deterministic while no editor text can plausibly contain a marker.
 */
export class SlotTable {
  readonly slots: Slot[] = [];
  private readonly prefix: string;
  private readonly pattern: RegExp;

  constructor(seed: string) {
    const nonce = createHash('sha256').update(seed).digest('hex').slice(0, 10);
    this.prefix = `nlslot${nonce}i`;
    this.pattern = new RegExp(`${this.prefix}(\\d+)x`, 'g');
  }

  /** The marker standing for `slot` in every text rendered from now on. */
  marker(slot: Slot): string {
    const same = this.slots.findIndex((s) => sameSlot(s, slot));
    const index = same >= 0 ? same : this.slots.push(slot) - 1;
    return `${this.prefix}${index}x`;
  }

  /** Replaces every valid `{{subscriber.x "fallback"}}` in `text` by its marker. */
  markFields(text: string): string {
    const { fields } = scanPlaceholders(text);
    if (fields.length === 0) return text;
    let out = '';
    let at = 0;
    for (const use of fields) {
      out += text.slice(at, use.start) + this.marker({ kind: 'field', field: use.field, fallback: use.fallback });
      at = use.end;
    }
    return out + text.slice(at);
  }

  /**
   * Cuts finished text at its markers. With `html`, a slot inside an `href`/`src` value is
   * tagged with that context so `fillSlots` can keep a reader's value from becoming markup
   * or a `javascript:` link.
   */
  cut(text: string, html = false): SlottedText {
    const parts: string[] = [];
    const slots: Slot[] = [];
    let at = 0;
    for (const match of text.matchAll(this.pattern)) {
      const slot = this.slots[Number(match[1])];
      if (!slot) continue;
      const before = text.slice(at, match.index);
      parts.push(before);
      slots.push(html && slot.kind === 'field' ? withUrlContext(slot, text, match.index) : slot);
      at = match.index + match[0].length;
    }
    parts.push(text.slice(at));
    return { parts, slots };
  }

  /** Replaces markers by their fallbacks: for text that has no per-reader copy (the preheader string). */
  fillFallbacks(text: string): string {
    return text.replace(this.pattern, (_, index: string) => {
      const slot = this.slots[Number(index)];
      return slot?.kind === 'field' ? slot.fallback : '';
    });
  }
}

function sameSlot(a: Slot, b: Slot): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'unsubscribe' || b.kind === 'unsubscribe') return true;
  return a.field === b.field && a.fallback === b.fallback;
}

const URL_ATTRIBUTE = /\s(?:href|src)\s*=\s*"([^"]*)$/i;

/** Looks back from a marker: inside a tag's href/src value, at its start or further in. */
function withUrlContext(slot: Slot & { kind: 'field' }, text: string, index: number): Slot {
  const tagStart = text.lastIndexOf('<', index);
  if (tagStart < 0 || text.lastIndexOf('>', index) > tagStart) return slot;
  const attribute = URL_ATTRIBUTE.exec(text.slice(tagStart, index));
  if (!attribute) return slot;
  return { ...slot, url: attribute[1] === '' ? 'whole' : 'part' };
}
