/**
 * The PostgreSQL state schema, one step per version (the table `newsletter_schema` records
 * how far a database is). The same tables and meaning as the SQLite state (its version 3 is this version 1, 4 is 2);
 * never edit a released step: append a new one.
 */
export const PG_MIGRATIONS: { description: string; sql: string }[] = [
  {
    description: 'suppression list, send journal, send leases',
    sql: `
      CREATE TABLE suppression (
        id          bigserial PRIMARY KEY,
        email_key   text NOT NULL,
        email       text NOT NULL,
        reason      text NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'complained', 'manual', 'one-click', 'confirm-page', 'by-hand')),
        list_id     text,
        issue_id    text,
        detail      text,
        source      text,
        created_at  text NOT NULL,
        -- the server's clock: a running send reads what came after its watermark, whatever the clients' clocks say
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE UNIQUE INDEX suppression_scope ON suppression (email_key, coalesce(list_id, ''));
      CREATE INDEX suppression_recorded ON suppression (recorded_at);

      CREATE TABLE send_run (
        id              bigserial PRIMARY KEY,
        issue_id        text NOT NULL,
        destination     text NOT NULL,
        mode            text NOT NULL CHECK (mode IN ('send', 'resend', 'resend-unknown')),
        issue_hash      text NOT NULL,
        list_hash       text NOT NULL,
        generation      integer NOT NULL,
        pid             integer NOT NULL,
        recipients      integer NOT NULL,
        started_at      text NOT NULL,
        finished_at     text,
        stopped_because text
      );
      CREATE INDEX send_run_job ON send_run (issue_id, destination, id);

      CREATE TABLE send_recipient (
        issue_id        text NOT NULL,
        destination     text NOT NULL,
        email_key       text NOT NULL,
        email           text NOT NULL,
        lang            text NOT NULL,
        state           text NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'unknown')),
        message_id      text,
        reply           text,
        bounced         integer NOT NULL DEFAULT 0,
        attempts        integer NOT NULL DEFAULT 0,
        generation      integer NOT NULL,
        created_at      text NOT NULL,
        updated_at      text NOT NULL,
        handed_at       bigint,
        sent_at         text,
        late_outcome    text CHECK (late_outcome IN ('bounced', 'soft_bounced', 'complained', 'delayed')),
        late_status     text,
        late_diagnostic text,
        late_at         text,
        PRIMARY KEY (issue_id, destination, email_key)
      );
      CREATE INDEX send_recipient_message_id ON send_recipient (message_id) WHERE message_id IS NOT NULL;
      CREATE INDEX send_recipient_handed ON send_recipient (handed_at) WHERE handed_at IS NOT NULL;

      CREATE TABLE send_lease (
        issue_id      text NOT NULL,
        destination   text NOT NULL,
        owner         text NOT NULL,
        pid           integer NOT NULL,
        host          text NOT NULL,
        pid_namespace text NOT NULL,
        boot_id       text NOT NULL,
        since         text NOT NULL,
        heartbeat_at  bigint NOT NULL,
        expires_at    bigint NOT NULL,
        PRIMARY KEY (issue_id, destination)
      );
    `,
  },
  {
    description: 'send plans: the readers of a running send, dry run or list check, kept in the state instead of in memory',
    sql: `
      CREATE TABLE send_plan (
        id          bigserial PRIMARY KEY,
        issue_id    text NOT NULL,
        destination text NOT NULL,
        kind        text NOT NULL CHECK (kind IN ('send', 'dry-run', 'check')),
        pid         integer NOT NULL,
        host        text NOT NULL,
        created_at  bigint NOT NULL
      );
      CREATE INDEX send_plan_job ON send_plan (issue_id, destination);

      CREATE TABLE send_plan_row (
        plan_id     bigint NOT NULL,
        line        integer NOT NULL,
        email_key   text NOT NULL,
        email       text NOT NULL,
        lang        text NOT NULL,
        data        text NOT NULL,
        decision    text CHECK (decision IN ('send', 'unsubscribed', 'bounced', 'other_language', 'already_sent', 'unknown', 'pending')),
        message_id  text,
        PRIMARY KEY (plan_id, line)
      );
      CREATE UNIQUE INDEX send_plan_row_key ON send_plan_row (plan_id, email_key);
    `,
  },
];
