import cliProgress from 'cli-progress';
import type { DeliveryProgress } from '../send/deliver.js';

/** Something that shows a send's progress; `stop()` clears it before the report is printed. */
export interface SendProgress {
  update(progress: DeliveryProgress): void;
  stop(): void;
}

/** How often a send without a terminal says how far it is. */
export const PROGRESS_LINE_INTERVAL_MS = 5_000;

const n = (value: number) => value.toLocaleString('en-US');

/** `about 3 min left`, `about 40 s left`: what a log reader needs, not a countdown. */
function timeLeft(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '';
  if (seconds < 90) return `, about ${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 90 * 60) return `, about ${Math.round(seconds / 60)} min left`;
  return `, about ${(seconds / 3600).toFixed(1)} h left`;
}

/**
 * Without a terminal (cron, CI, a log file) a bar would be noise and silence looks like a
 * hang: one line every `intervalMs` instead, e.g.
 * `progress: 1,200 of 10,000 (12%), sent 1,196, failed 4, 85/s, about 2 min left`.
 * A send shorter than one interval prints none; the final report says the rest.
 */
export function createProgressLines(stream: NodeJS.WritableStream, options: { intervalMs?: number; now?: () => number } = {}): SendProgress {
  const interval = options.intervalMs ?? PROGRESS_LINE_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const startedAt = now();
  let lastLine = startedAt;
  return {
    update(progress) {
      const at = now();
      if (at - lastLine < interval) return;
      lastLine = at;
      const done = progress.sent + progress.failed + progress.unknown;
      const seconds = (at - startedAt) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const share = progress.total > 0 ? Math.floor((done / progress.total) * 100) : 100;
      const unknown = progress.unknown > 0 ? `, unknown ${n(progress.unknown)}` : '';
      const rateText = rate >= 10 ? String(Math.round(rate)) : rate.toFixed(1);
      stream.write(
        `progress: ${n(done)} of ${n(progress.total)} (${share}%), sent ${n(progress.sent)}, failed ${n(progress.failed)}${unknown}, ${rateText}/s` +
          `${rate > 0 ? timeLeft((progress.total - done) / rate) : ''}\n`,
      );
    },
    stop() {},
  };
}

/**
 * A progress bar on stderr: sent, failed, messages per second, time left. Without a TTY
 * (a script, CI, a log file) a line every few seconds instead (see createProgressLines).
 */
export function createSendProgress(stream: NodeJS.WriteStream = process.stderr): SendProgress {
  if (!stream.isTTY) return createProgressLines(stream);
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ' {bar} {percentage}% | {done}/{total} | sent {sent} | failed {failed}{unknownText} | {rate}/s | ETA {eta_formatted}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 200,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const startedAt = Date.now();
  let started = false;
  return {
    update(progress) {
      const done = progress.sent + progress.failed + progress.unknown;
      const seconds = (Date.now() - startedAt) / 1000;
      const payload = {
        done,
        sent: progress.sent,
        failed: progress.failed,
        unknownText: progress.unknown > 0 ? ` | unknown ${progress.unknown}` : '',
        rate: seconds > 0 ? Math.round(progress.sent / seconds) : 0,
      };
      if (!started) {
        bar.start(Math.max(progress.total, 1), done, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(progress.total, 1));
        bar.update(done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** A progress bar for work counted in items (`newsletter bounces`: messages read); quiet without a TTY. */
export function createCountProgress(unit: string, stream: NodeJS.WriteStream = process.stderr): { update(done: number, total: number): void; stop(): void } {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: ` {bar} {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted}`, barsize: 24, hideCursor: true, clearOnComplete: true, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      // a handful of messages needs no bar
      if (total < 50) return;
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
