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
  {
    description: 'send journal: runs, one row per recipient per (issue, destination), the sender lock',
    sql: `
      CREATE TABLE send_run (
        id              INTEGER PRIMARY KEY,
        issue_id        TEXT NOT NULL,
        destination     TEXT NOT NULL,          -- smtp://host:port or outbox:<dir>, never credentials
        mode            TEXT NOT NULL CHECK (mode IN ('send', 'resend', 'resend-unknown')),
        issue_hash      TEXT NOT NULL,
        list_hash       TEXT NOT NULL,
        generation      INTEGER NOT NULL,       -- bumped by --resend: rows of older generations count as not sent
        pid             INTEGER NOT NULL,
        recipients      INTEGER NOT NULL,       -- planned in this run
        started_at      TEXT NOT NULL,
        finished_at     TEXT,
        stopped_because TEXT
      ) STRICT;
      CREATE INDEX send_run_job ON send_run (issue_id, destination, id);

      CREATE TABLE send_recipient (
        issue_id     TEXT NOT NULL,
        destination  TEXT NOT NULL,
        email_key    TEXT NOT NULL,             -- lower-cased address
        email        TEXT NOT NULL,
        lang         TEXT NOT NULL,
        state        TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'unknown')),
        message_id   TEXT,
        reply        TEXT,                      -- the server's last reply or what went wrong
        bounced      INTEGER NOT NULL DEFAULT 0,
        attempts     INTEGER NOT NULL DEFAULT 0,
        generation   INTEGER NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        handed_at    INTEGER,                   -- ms since epoch of the last hand-over: keeps the pace across resumes
        sent_at      TEXT,
        PRIMARY KEY (issue_id, destination, email_key)
      ) STRICT, WITHOUT ROWID;
      -- no further indexes on purpose: each would add page writes to the two commits per
      -- message; status and the plan scan one (issue, destination) range of the key instead

      CREATE TABLE send_lock (
        issue_id     TEXT NOT NULL,
        destination  TEXT NOT NULL,
        pid          INTEGER NOT NULL,
        host         TEXT NOT NULL,
        token        TEXT NOT NULL,
        since        TEXT NOT NULL,
        PRIMARY KEY (issue_id, destination)
      ) STRICT;
    `,
  },
];
