// Personalisation in-process: the rendered example (both languages) → one finished raw
// message per reader through the send stage's composer, the work `newsletter send` does
// per recipient before the transport. Prints {msgsPerS: [...], bytes, how}.
// `node bench/probes/personalize.mjs --config F --issue F --n 20000 --runs 5` (NEWSLETTER_SECRET set)
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { finish, libExport, loadExample, renderer } from './api.mjs';

const { values } = parseArgs({ options: { config: { type: 'string' }, issue: { type: 'string' }, n: { type: 'string', default: '20000' }, runs: { type: 'string', default: '5' } } });

/** Readers shaped as the list reader returns them: alternating languages, every field set. */
export function syntheticRecipients(n, langs) {
  return Array.from({ length: n }, (_, i) => {
    const email = `reader${i}@bench.example`;
    const lang = langs[i % langs.length];
    const subscriber = { email, key: email, firstName: `Anna${i}`, lastName: 'Müller', language: lang, line: i + 2, fields: { email, firstname: `Anna${i}`, lastname: 'Müller', language: lang } };
    return { subscriber, lang };
  });
}

finish(
  (async () => {
    const createMessageComposer = await libExport('send/message.js', 'createMessageComposer');
    const newMessageId = await libExport('send/message.js', 'newMessageId');
    const keyringFromSecrets = await libExport('unsubscribe/keyring.js', 'keyringFromSecrets');
    const renderIssue = await renderer();
    const { config, set } = await loadExample(values.config, values.issue);
    const rendered = await Promise.all(set.issues.map((issue) => renderIssue(issue, config)));
    // as a bulk send composes: reused buffers, handed back once "the server took" the message
    const compose = createMessageComposer(rendered, config, { keyring: keyringFromSecrets(process.env.NEWSLETTER_SECRET ?? 'bench-secret-bench-secret'), reuseBuffers: true });
    const domain = config.from.split('@').pop().replace(/>.*$/, '');
    const n = Number(values.n);
    const recipients = syntheticRecipients(n, rendered.map((r) => r.lang));
    let bytes = 0;
    // named, so a CPU profile can be narrowed to the measured loop (bench/helpers/profile.mjs `focus`)
    const composeMany = (count) => {
      for (let i = 0; i < count; i++) {
        const message = compose(recipients[i], newMessageId(domain));
        bytes = message.raw.length;
        message.release?.();
      }
    };
    composeMany(Math.min(n, 2000)); // warm-up: let the JIT settle before the clock runs
    const msgsPerS = [];
    for (let run = 0; run < Number(values.runs); run++) {
      const started = performance.now();
      composeMany(n);
      msgsPerS.push(n / ((performance.now() - started) / 1000));
    }
    return { msgsPerS, bytes, how: `createMessageComposer() over ${rendered.map((r) => r.lang).join('+')}, ${n} readers per run with a fresh Message-ID each, after a warm-up, in one process` };
  })(),
);
