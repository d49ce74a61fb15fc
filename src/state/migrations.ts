/**
 * The state schema, one step per version; `user_version` records how far a database is.
 * Never edit a released step: append a new one.
 */
export interface Migration {
  description: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    description: 'suppression list',
    sql: `
      CREATE TABLE suppression (
        email_key   TEXT PRIMARY KEY,          -- lower-cased address
        email       TEXT NOT NULL,             -- as first recorded
        reason      TEXT NOT NULL CHECK (reason IN ('one-click', 'confirm-page', 'by-hand', 'bounced')),
        detail      TEXT,                      -- e.g. the server's reply for a bounce
        list_id     TEXT,
        created_at  TEXT NOT NULL              -- ISO 8601, UTC
      ) STRICT;
    `,
  },
];
