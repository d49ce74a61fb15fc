import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UsageError, UserError } from '../../errors.js';
import type { Config } from '../../config/types.js';
import type { IssueSet } from '../../issue/types.js';
import { fillSlots } from '../../render/personalize.js';
import type { RenderedIssue } from '../../render/types.js';
import { STATE_FILE_NAME } from '../../state/database.js';
import { listHeadersFor } from '../../unsubscribe/list-headers.js';
import { loadKeyring, type Keyring } from '../../unsubscribe/keyring.js';
import { formatRate } from '../../config/send-limits.js';
import { deliverIssue } from '../../send/deliver.js';
import type { DeliveryJob } from '../../send/delivery-job.js';
import { openSend, planDryRun, type ListSource, type SendRequest } from '../../send/prepare-send.js';
import { createMessageComposer, newMessageId, senderOf, type MessageComposer } from '../../send/message.js';
import { redact } from '../../send/smtp-url.js';
import type { StoredPlan } from '../../send/types.js';
import type { DkimSigner } from '../../send/dkim.js';
import type { CommandInput } from '../command.js';
import { loadConfigOrFail, loadIssueSetOrFail, stateDirOf } from '../context.js';
import { openCliState, stateLine, stateLocationOf } from '../state.js';
import { note, printJson, printProblems, say, warn } from '../output.js';
import { createSendProgress } from '../progress.js';
import { unknownLanguageLines } from '../language-lines.js';
import { publishBeforeSending } from '../send-urls.js';
import { UnknownLanguageTally } from '../../subscribers/unknown-languages.js';
import { describePlan, describeReport, describeReturnPath, planJson, reportJson } from '../send-output.js';
import { describeTarget, loadDkim, loginAdvice, targetOrFail, verifyServer, type Target } from '../send-setup.js';
import { renderOffThread } from '../send-render.js';
import { FieldCheck, testReaders } from '../send-list.js';
import { sendTests } from '../send-tests.js';
import { PAUSED_EXIT_CODE, paceFor, paceLine, waitWords, type Pace } from '../send-wait.js';
import { clockFromEnvironment } from '../test-clock.js';

/** `newsletter send <issue-file> --to CSV`: see docs/sending.md. */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const file = args[0] as string;
  const json = Boolean(options.json);
  const config = loadConfigOrFail(globals, file);
  const issueSet = await loadIssueSetOrFail(file, config);
  const languages = issueSet.issues.map((issue) => issue.lang);
  const lang = options.lang as string | undefined;
  if (lang !== undefined && !languages.includes(lang)) {
    throw new UserError(`--lang ${lang}: "${issueSet.id}" has no ${lang} version (it has ${languages.join(', ')})`, {
      hint: `add issues/${issueSet.id}.${lang}.yaml, or choose one of ${languages.join(', ')}`,
    });
  }
  if (options.resend && options.resendUnknown) throw new UserError('--resend and --resend-unknown exclude each other: choose one');
  if (options.test && options.dryRun) throw new UserError('--test sends mail and --dry-run sends none: choose one');
  if (options.as !== undefined && !options.test) throw new UsageError('--as picks whose mail a test shows: use it with --test ADDRESS (e.g. --test you@example.org --as a reader of the list)');
  const stateDir = stateDirOf(globals, config);
  const location = stateLocationOf(config, globals);
  const target = targetOrFail(options, config, issueSet.id);
  const dryRun = Boolean(options.dryRun);
  const pace = paceFor(target, config, options);

  // cheap checks first: secret, DKIM key, rendering; the server only after these
  // mail to real readers needs a strong secret; previews of the same (dry run, outbox) only a warning
  const { keyring, usingDevKey, warnings } = loadKeyring({ stateDir, allowDevKey: target.kind === 'outbox' || dryRun, requireStrong: target.kind === 'smtp' && !dryRun });
  for (const warning of warnings) warn(warning);
  if (usingDevKey) {
    note(`note: NEWSLETTER_SECRET is not set; the unsubscribe links use the development key in ${join(stateDir, 'dev-secret')} (fine for the outbox and dry runs, not for real readers)`);
  }
  const dkim = loadDkim(config);
  const sendLanguages = lang ? [lang] : languages;
  const rendered = await renderAll(issueSet, config, sendLanguages);
  checkListHeaders(config, rendered);
  const subject = fillSlots(rendered[0].subject, { fields: {}, unsubscribeUrl: '' }, 'header');
  // the list streams after the rendering, into the plan in the state: memory never holds it
  const list: ListSource = { file: options.to as string, encoding: options.encoding, columns: config.subscribers?.columns };
  // a field the list cannot fill is empty in every mail: stop before anything is sent, tests and dry runs included
  const fields = new FieldCheck(issueSet, config);

  if (options.test) {
    const testList = await testReaders(list, options.test as string[], fields, options.as as string | undefined);
    return sendTests(options.test as string[], { config, list: testList, rendered, keyring, dkim, target, json, issueId: issueSet.id, location, ...(options.as !== undefined ? { as: options.as as string } : {}) });
  }

  const namedState = Boolean(globals.state || process.env.NEWSLETTER_STATE_DIR);
  if (location.backend === 'sqlite' && namedState && target.kind === 'smtp' && !dryRun && !existsSync(join(location.dir, STATE_FILE_NAME))) {
    // a mistyped --state would otherwise start from no suppression list and no journal
    warn(`the state folder ${location.dir} holds no state yet: no suppression list and no journal of earlier sends. If earlier sends used another folder, stop now (Ctrl-C) and name that one with --state or NEWSLETTER_STATE_DIR.`);
  }
  const state = await openCliState(location);
  try {
    const request: SendRequest<ListSource> = {
      issueSet,
      list,
      onHeader: (header) => fields.header(header),
      onReader: (reader) => fields.add(reader),
      defaultLanguage: config.default_language,
      // global entries and this list's stop a reader; another list's do not
      ...(config.list_id ? { listId: config.list_id } : {}),
      destination: target.transport.destination,
      mode: options.resend ? 'resend' : options.resendUnknown ? 'resend-unknown' : 'send',
      ...(lang ? { lang } : {}),
      force: Boolean(options.force),
    };

    if (dryRun) {
      // a language the config does not know silently becomes the default: say so before the real send
      const unknownTally = new UnknownLanguageTally(config.languages);
      const { plan, changed, close } = await planDryRun(state, {
        ...request,
        onReader: (reader) => {
          fields.add(reader);
          unknownTally.add(reader);
        },
      });
      try {
        fields.report(plan.list);
        const compose = createMessageComposer(rendered, config, { keyring, ...(dkim ? { dkim } : {}) });
        const domain = senderOf(config).domain;
        // render every message, as a real send would, so a broken one shows up now
        for await (const recipient of plan.cursor()) compose(recipient, newMessageId(domain));
        const unknown = unknownTally.result();
        const paced = paceLine(pace, clockFromEnvironment().clock.now());
        if (json) printJson(planJson(plan, { dryRun: true, unknownLanguages: unknown, ...(changed.length > 0 ? { changedSinceLastRun: changed } : {}), ...(pace.limits.length > 0 ? { limits: pace.limits.map(formatRate) } : {}) }));
        else say([...describePlan(plan, subject, describeTarget(target)), ...(unknown.length > 0 ? unknownLanguageLines(unknown, config) : []), ...[describeReturnPath(config) ?? []].flat(), ...(paced ? [paced] : [])].join('\n'));
        if (changed.length > 0) {
          warn(`${changed.map((c) => (c === 'issue' ? 'the issue' : 'the subscriber list')).join(' and ')} changed since the last run to this destination: the real send will need --force`);
        }
        return 0;
      } finally {
        // the plan's rows are personal data: gone when the dry run ends
        await close().catch(() => undefined);
      }
    }

    // the send stage's start-up (lease, recovery of an interrupted run, changed inputs), then the plan
    const prepared = await openSend(state, request);
    const { job, plan } = prepared;
    try {
      if (job.tookOverFrom) note(`note: took over the send lock of process ${job.tookOverFrom.pid} on ${job.tookOverFrom.host} (started ${job.tookOverFrom.since}), which no longer runs`);
      if (job.recovered.length > 0) note(`note: ${job.recovered.length} ${job.recovered.length === 1 ? 'reader was' : 'readers were'} left in "sending" by an interrupted run; their outcome is unknown`);
      fields.report(plan.list);
      const planned = plan.summary.recipients;
      if (planned === 0) return nothingToSend(plan, json, options, file);

      if (target.kind === 'outbox') {
        note(`${target.isDefault ? 'No SMTP server is configured: ' : ''}writing ${planned} ${planned === 1 ? 'message' : 'messages'} as .eml files into ${target.dir}${target.isDefault ? ' (nothing leaves this machine; set NEWSLETTER_SMTP_URL or --smtp to send)' : ''}`);
      }
      await verifyServer(target);
      if (target.kind === 'smtp') await publishBeforeSending(config, rendered, options);
      // before the question: a closed window or a used-up limit should not surprise anyone
      const paced = paceLine(pace, clockFromEnvironment().clock.now());
      if (paced) note(paced.trim());
      if (target.kind === 'smtp' && !options.yes) {
        // the prompt library costs ~10 MB of memory for the whole send: only when asking
        const { askToConfirm, canAsk } = await import('../prompts.js');
        const question = `Send "${subject}" to ${planned.toLocaleString('en-US')} ${planned === 1 ? 'reader' : 'readers'} through ${redact(target.url)}? (${stateLine(location)})`;
        if (!canAsk()) {
          throw new UserError(`not sending to ${planned} readers without a confirmation, and there is no terminal to ask on`, {
            hint: 'run it in a terminal to confirm, or add --yes when a script sends (check first with --dry-run)',
          });
        }
        const returnPathLine = describeReturnPath(config);
        if (returnPathLine) note(returnPathLine);
        const answer = await askToConfirm(question);
        if (answer !== true) {
          note('Nothing was sent.');
          return answer === undefined ? 130 : 1;
        }
      } else if (!json) {
        note(stateLine(location));
      }
      // the question may have waited for hours: whoever unsubscribed meanwhile is left out now
      const current = (await prepared.replan()).summary.recipients;
      if (current === 0) return nothingToSend(plan, json, options, file);
      if (current !== planned) note(`note: ${planned - current} of them unsubscribed or were sent meanwhile; sending to ${current}`);
      return await deliver(plan, { target, job, config, rendered, keyring, dkim, options, json, subject, file, pace });
    } finally {
      // removes the plan's rows (personal data) however the run ends, and gives the lease back
      await prepared.close().catch(() => undefined);
    }
  } finally {
    await target.transport.close().catch(() => undefined);
    await state.close();
  }
}

interface DeliverContext {
  target: Target;
  job: DeliveryJob;
  config: Config;
  rendered: RenderedIssue[];
  keyring: Keyring;
  dkim?: DkimSigner;
  options: Record<string, any>;
  json: boolean;
  subject: string;
  file: string;
  pace: Pace;
}

async function deliver(plan: StoredPlan, context: DeliverContext): Promise<number> {
  const { config, options } = context;
  const compose: MessageComposer = createMessageComposer(context.rendered, config, {
    keyring: context.keyring,
    ...(context.dkim ? { dkim: context.dkim } : {}),
    reuseBuffers: true,
  });
  const domain = senderOf(config).domain;
  const controller = new AbortController();
  const onInterrupt = () => {
    note('\nStopping: finishing the messages in flight and writing them down (Ctrl-C again to quit at once)…');
    controller.abort();
  };
  // once: a second Ctrl-C gets Node's default and ends the process; the journal stays right
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  const progress = createSendProgress();
  const { limits, window } = context.pace;
  const { clock, notice } = clockFromEnvironment();
  if (notice) note(notice);
  const words = waitWords(plan.summary, context.pace);
  try {
    const report = await deliverIssue(plan, {
      transport: context.target.transport,
      journal: context.job.state.journal,
      job: context.job,
      compose,
      newMessageId: () => newMessageId(domain),
      concurrency: options.concurrency ?? config.send?.concurrency ?? (context.target.kind === 'outbox' ? 8 : 4),
      ...(limits.length > 0 ? { limits } : {}),
      ...(window ? { window } : {}),
      waitForSlots: Boolean(options.wait),
      clock,
      onWait: (wait) => {
        const line = words.waiting(wait, clock.now());
        if (line) {
          progress.stop();
          note(line);
        }
      },
      ...(config.send?.max_consecutive_failures ? { maxConsecutiveFailures: config.send.max_consecutive_failures } : {}),
      signal: controller.signal,
      onProgress: (p) => {
        words.progress(p);
        progress.update(p);
      },
      onBounce: async (email, reply) => {
        await context.job.state.suppression?.add({ email, reason: 'bounced', detail: reply, issueId: plan.issueId, source: 'send' });
      },
      force: Boolean(options.force) || plan.mode === 'resend',
    });
    progress.stop();
    const again = againCommand(context.file, options);
    const done = reportJson(plan, report);
    const paused = words.paused(report, again);
    if (context.json) printJson(done);
    else {
      const loginHelp = context.target.kind === 'smtp' ? { loginAdvice: loginAdvice(context.target.url) } : {};
      say(describeReport(plan, report, { subject: context.subject, again, file: context.file, ...loginHelp, ...(paused ? { paused } : {}) }).join('\n'));
    }
    if (report.stoppedBecause === 'paused') return PAUSED_EXIT_CODE;
    return done.failed + done.unknown + done.pending === 0 && !report.stoppedBecause ? 0 : 1;
  } finally {
    progress.stop();
    process.removeListener('SIGINT', onInterrupt);
    process.removeListener('SIGTERM', onInterrupt);
  }
}

async function renderAll(issueSet: IssueSet, config: Config, languages: string[]): Promise<RenderedIssue[]> {
  const rendered = await renderOffThread(issueSet.issues.filter((i) => languages.includes(i.lang)), config);
  for (const one of rendered) if (one.warnings.length > 0) printProblems(one.warnings);
  return rendered;
}

/** The list headers' warnings (an http base_url) once, not per message; their errors stop here. */
function checkListHeaders(config: Config, rendered: RenderedIssue[]): void {
  const link = `${config.base_url.replace(/\/+$/, '')}/u/check`;
  const warnings = new Set(rendered.flatMap((one) => listHeadersFor(config, one.lang, link).warnings));
  for (const warning of warnings) warn(warning);
}

function nothingToSend(plan: StoredPlan, json: boolean, options: Record<string, any>, file: string): number {
  const { summary } = plan;
  const unknown = summary.heldBack.unknown;
  if (json) {
    printJson(planJson(plan, { nothingToSend: true }));
  } else {
    const listName = relative(process.cwd(), plan.list.file) || plan.list.file;
    const alreadySent = summary.skipped.already_sent;
    say(
      plan.mode === 'resend-unknown'
        ? `Nothing to send: no reader of ${listName} has an unknown outcome for ${plan.issueId} at ${plan.destination}.`
        : `Nothing to send: ${alreadySent > 0 ? `all ${alreadySent} readers of ${listName} that can get ${plan.issueId} already got it` : `no reader of ${listName} can get ${plan.issueId}`} (${plan.destination}).`,
    );
    if (unknown > 0) {
      say(`${unknown} ${unknown === 1 ? 'reader has' : 'readers have'} an unknown outcome from an interrupted run; send them the same message again with: ${againCommand(file, options)} --resend-unknown`);
    }
  }
  return unknown > 0 ? 1 : 0;
}

/** The same command without the mode flags, to print as "run this to go on". */
function againCommand(file: string, options: Record<string, any>): string {
  const parts = ['newsletter send', file, '--to', options.to as string];
  if (options.smtp) parts.push('--smtp', redact(options.smtp as string));
  if (options.outbox) parts.push('--outbox', options.outbox as string);
  if (options.lang) parts.push('--lang', options.lang as string);
  if (options.encoding) parts.push('--encoding', options.encoding as string);
  return parts.join(' ');
}


