/** The item of a section as the issue and the config's connect block both hold it. */

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
