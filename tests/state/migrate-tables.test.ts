import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/state/migrations.js';
import { RECIPIENT_TABLE, RUN_COLUMNS, SUPPRESSION_TABLE } from '../../src/state/migrate-tables.js';

/** The SQLite schema at its newest version, in memory. */
function schema(): Database.Database {
  const db = new Database(':memory:');
  for (const step of MIGRATIONS) db.exec(step.sql);
  return db;
}

const columnsOf = (db: Database.Database, table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name).sort();

// A new table or column must be a decision: copied by `state migrate`, or left behind on purpose.
test('state migrate copies every column of the durable tables (ids are made anew)', () => {
  const db = schema();
  expect(SUPPRESSION_TABLE.columns.map((c) => c.name).sort()).toEqual(columnsOf(db, 'suppression').filter((c) => c !== 'id'));
  expect(RECIPIENT_TABLE.columns.map((c) => c.name).sort()).toEqual(columnsOf(db, 'send_recipient'));
  expect(['issue_id', 'destination', ...RUN_COLUMNS].sort()).toEqual(columnsOf(db, 'send_run').filter((c) => c !== 'id'));
});

test('every table is copied by state migrate or named here as belonging to a running send', () => {
  const tables = (schema().prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  const copied = ['suppression', 'send_run', 'send_recipient'];
  // the lease of a live sender, the plan of a running send (removed when it ends)
  const leftBehind = ['send_lease', 'send_plan', 'send_plan_row'];
  expect(tables).toEqual([...copied, ...leftBehind].sort());
});
