import cliProgress from 'cli-progress';
import type { DeliveryProgress } from '../send/deliver.js';

/** Something that shows a send's progress; `stop()` clears it before the report is printed. */
export interface SendProgress {
  update(progress: DeliveryProgress): void;
  stop(): void;
}

const quiet: SendProgress = { update() {}, stop() {} };

/**
 * A progress bar on stderr: sent, failed, messages per second, time left. Without a TTY
 * (a script, CI, a log file) it stays quiet: the final report says everything.
 */
export function createSendProgress(stream: NodeJS.WriteStream = process.stderr): SendProgress {
  if (!stream.isTTY) return quiet;
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
