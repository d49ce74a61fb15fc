import type { PersonalFieldRef } from '../source/content-checks.js';
import type { IsoDate, IssueItem } from '../source/types.js';

/** The three fixed sections, in the order the mail shows them. */
export const SECTION_KEYS = ['review', 'insight', 'outlook'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export type { DateRange, IsoDate, IssueImage, IssueItem } from '../source/types.js';

/** One language of one issue, read and checked: `issues/<id>.<lang>.yaml`. */
export interface Issue {
  id: string;
  lang: string;
  /** Absolute path of the YAML file. */
  file: string;
  number: number;
  date: IsoDate;
  subject: string;
  preheader?: string;
  /** `public: true`: the archive publishes it even before it is sent. */
  public?: boolean;
  intro?: string;
  signoff?: string;
  headings: Partial<Record<SectionKey, string>>;
  sections: Record<SectionKey, IssueItem[]>;
  /** sha256 of the file's bytes, for the send journal. */
  contentHash: string;
  /** Every reader field the file names, located: checked against a list once one is at hand. */
  personalFields?: PersonalFieldRef[];
}

/** All languages of one issue: what `send` and `build` work on. */
export interface IssueSet {
  id: string;
  /** Ordered as the config's `languages`, then any others alphabetically. */
  issues: Issue[];
}
