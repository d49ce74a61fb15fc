// 6. PostgreSQL state: the same `newsletter send` (list, sink, concurrency) with its state in
//    a PostgreSQL server on localhost and in the default SQLite folder, run alternately.
//    The server is a throwaway cluster started as the tests start theirs (one code), but with
//    PostgreSQL's default durability (fsync and synchronous_commit on), as a user runs it.
import pg from 'pg';
import { alternate, ratio } from '../helpers/stats.mjs';
import { createGuard } from '../helpers/guard.mjs';
import { startSink } from '../helpers/sinks.mjs';
import { onInterrupt } from '../helpers/interrupt.mjs';
import { runNewsletterSend, newsletterSendArgs } from './send.mjs';
import { startPostgres } from '../../tests/helpers/postgres-server.mjs';

/** Resolves the `pg` block of results.json. */
export async function benchPostgres({ ws, example, list, n, rounds, concurrency, sinkKind, secret, log }) {
  const server = await startPostgres({ durable: true });
  const forget = onInterrupt(server.stopSync);
  try {
    const version = await serverVersion(server.adminUrl);
    const sink = await startSink(sinkKind);
    log(`pg: newsletter send with PostgreSQL ${version} state (127.0.0.1:${server.port}) vs SQLite state, ${n} readers, ${sink.kind} sink, ${rounds} rounds`);
    const { errors, guarded } = createGuard(log);
    const send = (run) => n / (run.wallMs / 1000);
    const tasks = {
      sqlite: guarded('sqlite', async (round) =>
        send(await runNewsletterSend({ example, ws, list, port: sink.port, concurrency, secret, n, tag: `pg-row-sqlite-${round}` }))),
      postgres: guarded('postgres', async (round) => {
        const databaseUrl = await server.createDatabase(`bench_send_${round}`);
        return send(await runNewsletterSend({ example, ws, list, port: sink.port, concurrency, secret, n, databaseUrl }));
      }),
    };
    let stats;
    try {
      stats = await alternate(tasks, rounds, (name, round, v) => log(`  round ${round + 1} ${name}: ${v === null ? 'failed' : `${Math.round(v)} msg/s`}`));
    } finally {
      await sink.stop();
    }
    const sqlite = stats.sqlite?.median ?? null;
    const postgres = stats.postgres?.median ?? null;
    const shown = { ...example, config: 'newsletter.config.yaml', issueFile: 'issues/2020-12-nr34.de.yaml' };
    return {
      result: {
        n,
        concurrency,
        sink: sink.kind,
        postgres_msgs_per_s: postgres,
        sqlite_msgs_per_s: sqlite,
        ratio: ratio(postgres, sqlite),
        server: `PostgreSQL ${version} on 127.0.0.1 (a throwaway cluster; a fresh database per round), default durability (fsync, synchronous_commit on)`,
        runs: stats,
        errors,
      },
      commands: {
        pgSend: `NEWSLETTER_SECRET=… NEWSLETTER_DATABASE_URL=postgres://newsletter_admin:…@127.0.0.1:PGPORT/bench_send_N node bin/newsletter ${newsletterSendArgs({ example: shown, list: `$TMP/readers-${n}.csv`, port: 'PORT', concurrency }).join(' ')}`,
        pgSqliteSend: `NEWSLETTER_SECRET=… node bin/newsletter ${newsletterSendArgs({ example: shown, stateDir: '$TMP/state', list: `$TMP/readers-${n}.csv`, port: 'PORT', concurrency }).join(' ')}`,
      },
    };
  } finally {
    server.stopSync();
    forget();
  }
}

async function serverVersion(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
}
