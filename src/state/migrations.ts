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
  {
    description: 'shared state: suppression per list with issue and source, late outcomes, send leases',
    sql: `
      -- suppression: one entry per (address, list), NULL list = every list; the kinds of reason
      -- (unsubscribed, bounced, complained, manual) beside the older precise names
      CREATE TABLE suppression_v3 (
        id          INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: a running send reads the rows above its watermark
        email_key   TEXT NOT NULL,
        email       TEXT NOT NULL,
        reason      TEXT NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'complained', 'manual', 'one-click', 'confirm-page', 'by-hand')),
        list_id     TEXT,                      -- NULL: global
        issue_id    TEXT,                      -- the issue whose link or bounce caused it
        detail      TEXT,                      -- status, diagnostic, the server's reply
        source      TEXT,                      -- endpoint, cli, bounce, mailto, send, import, migrate
        created_at  TEXT NOT NULL
      ) STRICT;
      INSERT INTO suppression_v3 (email_key, email, reason, list_id, detail, source, created_at)
        SELECT email_key, email, reason, list_id, detail,
               CASE reason WHEN 'by-hand' THEN 'cli' WHEN 'bounced' THEN 'send' ELSE 'endpoint' END, created_at
        FROM suppression ORDER BY created_at, rowid;
      DROP TABLE suppression;
      ALTER TABLE suppression_v3 RENAME TO suppression;
      CREATE UNIQUE INDEX suppression_scope ON suppression (email_key, coalesce(list_id, ''));

      -- what bounce processing learns after the hand-over
      ALTER TABLE send_recipient ADD COLUMN late_outcome TEXT CHECK (late_outcome IN ('bounced', 'soft_bounced', 'complained', 'delayed'));
      ALTER TABLE send_recipient ADD COLUMN late_status TEXT;
      ALTER TABLE send_recipient ADD COLUMN late_diagnostic TEXT;
      ALTER TABLE send_recipient ADD COLUMN late_at TEXT;
      -- bounces name the Message-ID; one lookup per bounce
      CREATE INDEX send_recipient_message_id ON send_recipient (message_id) WHERE message_id IS NOT NULL;

      -- the lock becomes a lease: an owner id per process start, renewed by a heartbeat
      DROP TABLE send_lock;
      CREATE TABLE send_lease (
        issue_id      TEXT NOT NULL,
        destination   TEXT NOT NULL,
        owner         TEXT NOT NULL,           -- unique per process start, never the PID
        pid           INTEGER NOT NULL,
        host          TEXT NOT NULL,
        pid_namespace TEXT NOT NULL,           -- /proc/self/ns/pid: a PID means something only within one
        boot_id       TEXT NOT NULL,
        since         TEXT NOT NULL,
        heartbeat_at  INTEGER NOT NULL,        -- ms since the epoch
        expires_at    INTEGER NOT NULL,
        PRIMARY KEY (issue_id, destination)
      ) STRICT;
    `,
  },
  {
    description: 'send plans: the readers of a running send, dry run or list check, kept in the state instead of in memory',
    sql: `
      -- one per plan; a send removes its plan when it ends, the next send of the job removes a killed one's
      CREATE TABLE send_plan (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        issue_id    TEXT NOT NULL,
        destination TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('send', 'dry-run', 'check')),
        pid         INTEGER NOT NULL,
        host        TEXT NOT NULL,
        created_at  INTEGER NOT NULL           -- ms since the epoch
      ) STRICT;
      CREATE INDEX send_plan_job ON send_plan (issue_id, destination);

      -- one row per distinct valid reader; personal data: removed with its plan
      CREATE TABLE send_plan_row (
        plan_id     INTEGER NOT NULL,
        line        INTEGER NOT NULL,          -- file line: the order of the delivery
        email_key   TEXT NOT NULL,
        email       TEXT NOT NULL,
        lang        TEXT NOT NULL,
        data        TEXT NOT NULL,             -- name, salutation, the list's columns (JSON)
        decision    TEXT CHECK (decision IN ('send', 'unsubscribed', 'bounced', 'other_language', 'already_sent', 'unknown', 'pending')),
        message_id  TEXT,
        PRIMARY KEY (plan_id, line)
      ) STRICT, WITHOUT ROWID;
      -- duplicates are found by this index, not by a set in memory
      CREATE UNIQUE INDEX send_plan_row_key ON send_plan_row (plan_id, email_key);
    `,
  },
];
