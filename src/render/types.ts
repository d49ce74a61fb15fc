import type { Problem } from '../errors.js';
import type { ImageKind } from '../source/image-file.js';
import type { Issue } from '../issue/types.js';
import type { Condition } from '../source/personal-fields.js';

/**
 * A personal slot left open in a rendered issue: filled per recipient by `personalize`,
 * never by Handlebars or MJML. `field` is what followed `subscriber.` in the issue
 * (`first_name`, `organisation`); `fallback` the quoted default, or ''.
 */
export type Slot =
  | {
      kind: 'field';
      field: string;
      fallback: string;
      /** Set when the slot sits in an HTML href/src: the whole URL, or a part of one (then URL-encoded). */
      url?: 'whole' | 'part';
      /** The space before it belongs to it: an empty value leaves no "Hallo ," (see `SlotTable.cut`). */
      space?: boolean;
      /** A whole link address in the plain text: its `<` and `>` belong to it, so a refused or empty address leaves no "<>". */
      angle?: boolean;
    }
  | { kind: 'unsubscribe' }
  /**
   * A `{{#if}}…{{else if}}…{{else}}…{{/if}}` block: the first branch whose test holds (a branch
   * without a test always does), filled in turn; nothing when none holds.
   */
  | { kind: 'choice'; branches: { test?: Condition; text: SlottedText }[]; space?: boolean };

/** What a marker in rendered text stands for: a slot, or a part of an `{{#if}}` block (nested into a choice by `cut`). */
export type MarkerSlot = Slot | { kind: 'if' | 'elseif'; test: Condition } | { kind: 'else' | 'endif' };

/**
 * Finished text cut at its slots: `parts.length === slots.length + 1`, and the filled
 * text is parts[0] + value(slots[0]) + parts[1] + … . Cut once per issue and language,
 * joined per recipient: no parsing, no template engine per message.
 */
export interface SlottedText {
  parts: string[];
  slots: Slot[];
}

/** A local image that the built mail refers to: copied next to index.html as `name`. */
export interface RenderedAsset {
  source: string;
  name: string;
  /** The absolute URL the rendered HTML uses for it (under base_url); build rewrites it to `name`. */
  url?: string;
  /** Its format by content: the build resizes and compresses it in that format. */
  kind?: ImageKind;
  /** The widest it is shown in the mail, in CSS pixels: the build keeps twice that. */
  width?: number;
}

/** One issue in one language, rendered once: what build writes and send personalises. */
export interface RenderedIssue {
  id: string;
  lang: string;
  issue: Issue;
  subject: SlottedText;
  preheader: string;
  html: SlottedText;
  text: SlottedText;
  /** The MJML Handlebars produced, for the preview's source view and debugging. */
  mjml: string;
  assets: RenderedAsset[];
  warnings: Problem[];
}

/** What one reader brings to their copy. */
export interface PersonalValues {
  /** Values by normalised column name (see `normalizeFieldName`): `firstname`, `email`, …; read as own properties only. */
  fields: Record<string, string>;
  unsubscribeUrl: string;
}

/** One reader's copy: every slot filled, escaped for its medium. */
export interface PersonalizedMessage {
  subject: string;
  html: string;
  text: string;
}
