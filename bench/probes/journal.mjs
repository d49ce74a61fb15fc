// The delivery engine (`deliverIssue`) to a sink with the real SQLite journal or a no-op
// one; everything else as `newsletter send` wires it. Only the delivery is timed.
// `node bench/probes/journal.mjs --config F --issue F --list CSV --port P --concurrency 4
//  --journal sqlite|noop --state DIR` (NEWSLETTER_SECRET set) → {sent, msgsPerS, how}
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { finish, libExport, loadExample } from './api.mjs';
import { createNoopJournal } from './noop-journal.mjs';

const { values } = parseArgs({
  options: {
    config: { type: 'string' }, issue: { type: 'string' }, list: { type: 'string' }, port: { type: 'string' },
    concurrency: { type: 'string', default: '4' }, journal: { type: 'string', default: 'sqlite' }, state: { type: 'string' },
  },
});

finish(
  (async () => {
    // the library's public entry (src/index.ts), as a script using newsletter would import it
    const lib = (name) => libExport('index.js', name);
    const renderIssue = await lib('renderIssue');
    const readSubscriberList = await lib('readSubscriberList');
    const keyringFromSecrets = await lib('keyringFromSecrets');
    const createSmtpTransport = await lib('createSmtpTransport');
    const planDelivery = await lib('planDelivery');
    const deliverIssue = await lib('deliverIssue');
    const openSqliteStore = await lib('openSqliteStore');
    const createMessageComposer = await lib('createMessageComposer');
    const newMessageId = await lib('newMessageId');
    const senderOf = await lib('senderOf');

    const { config, set } = await loadExample(values.config, values.issue);
    const rendered = [];
    for (const issue of set.issues) rendered.push(await renderIssue(issue, config));
    const list = await readSubscriberList(values.list, { columns: config.subscribers?.columns });
    const concurrency = Number(values.concurrency);
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${values.port}`, concurrency });
    const store = values.journal === 'sqlite' ? openSqliteStore(values.state) : undefined;
    const journal = store ? store.journal : createNoopJournal();
    try {
      await transport.verify();
      const plan = planDelivery({
        issueId: set.id, languages: set.issues.map((i) => i.lang), list, suppressed: new Map(), journal: { sent: new Set(), unknown: new Map() },
        defaultLanguage: config.default_language, mode: 'send', destination: transport.destination, issueHash: 'bench', listHash: list.contentHash,
      });
      const compose = createMessageComposer(rendered, config, { keyring: keyringFromSecrets(process.env.NEWSLETTER_SECRET ?? 'bench-secret-bench-secret'), reuseBuffers: true });
      const domain = senderOf(config).domain;
      const started = performance.now();
      const report = await deliverIssue(plan, { transport, journal, compose, newMessageId: () => newMessageId(domain), concurrency });
      const seconds = (performance.now() - started) / 1000;
      return {
        sent: report.sent,
        msgsPerS: report.sent / seconds,
        how: 'deliverIssue() timed alone (config, rendering and list reading are outside the clock; the send lease, recovery and the run record inside it), SMTP transport and composer as `newsletter send` wires them, journal injected: the SQLite state\'s or one that writes nothing',
      };
    } finally {
      await transport.close();
      await store?.close();
    }
  })(),
);
