/** The three fixed sections, in the order the mail shows them. */
export const SECTION_KEYS = ['review', 'insight', 'outlook'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

/** An ISO date `YYYY-MM-DD`, checked to exist (no 2021-02-31). */
export type IsoDate = string;

export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

export interface IssueImage {
  /** As written: a path relative to the issue file, or an absolute https URL. */
  src: string;
  alt: string;
  width?: number;
  /** Absolute path on disk when `src` is local (checked to exist). */
  path?: string;
}

/** One entry of a section (and of the config's connect block). Markdown fields stay Markdown here. */
export interface IssueItem {
  title: string;
  subtitle?: string;
  label?: string;
  body?: string;
  link?: string;
  link_label?: string;
  image?: IssueImage;
  date?: IsoDate | DateRange;
  location?: string;
  contact?: string;
}

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
  intro?: string;
  signoff?: string;
  headings: Partial<Record<SectionKey, string>>;
  sections: Record<SectionKey, IssueItem[]>;
  /** sha256 of the file's bytes, for the send journal. */
  contentHash: string;
}

/** All languages of one issue: what `send` and `build` work on. */
export interface IssueSet {
  id: string;
  /** Ordered as the config's `languages`, then any others alphabetically. */
  issues: Issue[];
}
