import { deliverIssue } from '../../src/send/deliver.js';
import { createSmtpTransport } from '../../src/send/transport-smtp.js';
import { openStateDatabase } from '../../src/state/database.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { composer, fastRetry, ISSUE, newMessageId, planFor, readers, tempState, type TempState } from '../helpers/deliver-fixtures.js';

let sink: SmtpSink;
let state: TempState;

beforeEach(async () => {
  sink = await startSmtpSink();
  state = tempState();
});
afterEach(async () => {
  await sink.close();
  await state.close();
});

describe('a journal write that fails after the server accepted a message', () => {
  it('marks that reader unknown, stops the run, and a resumed send never mails them again', async () => {
    // the state refuses to record reader3 as sent (as a full disk or a lost database would)
    const db = openStateDatabase(state.dir);
    db.exec(`CREATE TRIGGER refuse_sent BEFORE UPDATE OF state ON send_recipient
             WHEN NEW.state = 'sent' AND NEW.email_key = 'reader3@example.org'
             BEGIN SELECT RAISE(ABORT, 'the outcome cannot be written'); END`);
    const emails = readers(8);
    const transport = createSmtpTransport({ url: sink.url, concurrency: 1 });
    const deps = { transport, journal: state.journal, compose: composer(), newMessageId, concurrency: 1, retry: fastRetry };

    // the whole outcome, so that a run that did not stop shows its report here
    const outcome = await deliverIssue(await planFor(state.journal, transport.destination, emails), deps).then(
      (report) => ({ report }),
      (error: Error) => ({ error: error.message }),
    );
    expect(outcome).toEqual({ error: 'the outcome cannot be written' });
    const job = state.journal.job(ISSUE, transport.destination);
    expect(await job.entry('reader3@example.org')).toMatchObject({ state: 'unknown', reply: expect.stringMatching(/^accepted \(250 .*\), but the journal could not record it$/) });
    // the run stopped there: nobody after reader3 was handed over
    expect(sink.messages.map((m) => m.to[0])).toEqual(['reader1@example.org', 'reader2@example.org', 'reader3@example.org']);
    expect((await job.lastRun())?.stoppedBecause).toBe('error');

    db.exec('DROP TRIGGER refuse_sent');
    db.close();
    const resumed = await deliverIssue(await planFor(state.journal, transport.destination, emails), deps);
    expect(resumed.sent).toBe(5);
    const copies = sink.messages.filter((m) => m.to[0] === 'reader3@example.org');
    expect(copies).toHaveLength(1);
    expect(sink.messages).toHaveLength(8);
    await transport.close();
  });
});
