import type { IssueItem } from '../source/types.js';
import type { LimitSettings, SendWindow } from './send-limits.js';

/** Any text in the config may be one string or a map per language: `tagline: {de: …, en: …}`. */
export type Localized = string | Record<string, string>;

/** An item of the standing connect block: the issue's item fields, text possibly per language. */
export type ConfigItem = { [K in keyof IssueItem]: IssueItem[K] extends string | undefined ? Localized | undefined : IssueItem[K] };

export interface Partner {
  name: Localized;
  address?: Localized;
  contact?: Localized;
  email?: string;
}

export interface SmtpSettings {
  /** Without credentials: those come from NEWSLETTER_SMTP_URL only. */
  url?: string;
  timeout_s?: number;
  /** A relay's own certificate authority (PEM, relative to the config) and the lowest TLS version to accept. */
  tls?: { ca_file?: string; min_version?: 'TLSv1.2' | 'TLSv1.3' };
  /** Lets a login go without TLS when the server offers no STARTTLS: for test servers only. */
  insecure_plaintext_login?: boolean;
}

export interface DkimSettings {
  domain: string;
  selector: string;
  /** Path to a PEM key file, relative to the config; else NEWSLETTER_DKIM_KEY. */
  key_file?: string;
}

export interface SendSettings {
  concurrency?: number;
  /** Messages per second. */
  rate?: number;
  /** Messages per hour, as relays often impose; the stricter of rate and rate_per_hour holds. */
  rate_per_hour?: number;
  /** A relay's limits per second, minute, hour and day (`rate` and `rate_per_hour` count as per second and per hour). */
  limits?: LimitSettings;
  /** When sending may happen, checked and parsed; absent = any time. */
  window?: SendWindow;
  /** Consecutive permanent or connection failures that pause a run (default 20). */
  max_consecutive_failures?: number;
  feedback_id?: string;
}

/** How what comes back to `return_path` is addressed and handled (docs/bounces.md). */
export interface BounceSettings {
  /** A token per message in the envelope sender (`bounces+<token>@…`); default true. */
  verp?: boolean;
  /** Between the local part and the token; default `+`. */
  separator?: string;
  /** Issues in a row with a soft bounce (and no later success) before a reader is suppressed; default 3. */
  soft_limit?: number;
  /** The IMAP folder (or Maildir++ folder) processed messages move to; default `newsletter-processed`. */
  processed_folder?: string;
}

/** `newsletter.config.yaml` as read and checked; paths resolved against `dir`. */
export interface Config {
  /** Absolute path of the config file, or undefined when running on defaults. */
  file?: string;
  /** Folder the config lives in: the project root (templates/, issues/, .newsletter/). */
  dir: string;
  name: Localized;
  tagline?: Localized;
  logo?: { src: string; alt: Localized; width?: number };
  from: string;
  reply_to?: string;
  /** Public URL of the unsubscribe endpoint and archive, without trailing slash. */
  base_url: string;
  default_language: string;
  languages: string[];
  list_id: string;
  connect?: { heading?: Localized; intro?: Localized; items: ConfigItem[] };
  footer?: {
    partners?: Partner[];
    copyright?: Localized;
    imprint_url?: string;
    privacy_url?: string;
  };
  subscribers?: { columns?: Record<string, string> };
  unsubscribe?: { mailto?: string };
  smtp?: SmtpSettings;
  /** Where the state lives when every machine shares it: `state: {url: postgres://user@host/db}`. */
  state?: { url?: string };
  dkim?: DkimSettings;
  send?: SendSettings;
  /** The envelope sender of every message (bounces come back there), e.g. `bounces@news.example.org`. */
  return_path?: string;
  bounces?: BounceSettings;
  /** Fields the file left out and defaults filled in (`list_id`, `default_language`, …). */
  defaulted?: string[];
}

/** The config with every Localized resolved for one language: what templates see. */
export interface LocalizedConfig {
  lang: string;
  name: string;
  tagline?: string;
  logo?: { src: string; alt: string; width?: number };
  from: string;
  reply_to?: string;
  base_url: string;
  list_id: string;
  connect?: { heading?: string; intro?: string; items: IssueItem[] };
  footer?: {
    partners: { name: string; address?: string; contact?: string; email?: string }[];
    copyright?: string;
    imprint_url?: string;
    privacy_url?: string;
  };
}
