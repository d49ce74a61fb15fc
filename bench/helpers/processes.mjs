// Whole processes, timed from spawn to exit, optionally with their peak resident memory.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { onInterrupt } from './interrupt.mjs';

const GNU_TIME = '/usr/bin/time';

/**
 * Runs `command args` and resolves `{ code, signal, wallMs, stdout, stderr, peakRssMb }`.
 * With `peakRss: true` the kernel's own figure is taken (GNU time's %M, from wait4), or
 * /proc/<pid>/status VmHWM polled when GNU time is missing. A run past `timeoutMs` is
 * killed with its whole process group and resolves with `timedOut: true`. With
 * `rssEveryMs`, the process tree's memory is also polled from /proc at that interval: the
 * result then has `polledPeakRssMb` and `rssTimeline` ([{ s, mb }], at most 24 points),
 * which a run that is killed or crashes still reports; with `rssCapMb` as well, a run whose
 * resident memory passes the cap is killed there and resolves with `overRssCap: true`.
 * With `mark` (a RegExp), the first stderr line it matches splits the run in two: the result
 * then has `atMark: { s, peakRssMb }`, the process tree's peak (VmHWM) until that moment.
 */
export function runTimed(command, args, options = {}) {
  const { cwd, env, timeoutMs = 600_000, peakRss = false, rssEveryMs = 0, rssCapMb = 0, mark = null } = options;
  const useTime = peakRss && existsSync(GNU_TIME);
  const rssFile = join(tmpdir(), `newsletter-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const [file, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // detached (its own process group, for the timeout's kill): a Ctrl-C of the bench does not reach it
    const forget = onInterrupt(() => killGroup(child.pid));
    let stdout = '';
    let stderr = '';
    let polledKb = 0;
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    let atMark = null;
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      if (mark && !atMark && mark.test(stderr)) {
        const { hwmKb } = treeMemoryKb(child.pid);
        atMark = { s: (performance.now() - started) / 1000, peakRssMb: hwmKb > 0 ? hwmKb / 1024 : null };
      }
    });
    const poller = peakRss && !useTime ? setInterval(() => (polledKb = Math.max(polledKb, readHighWaterKb(child.pid))), 50) : null;
    const timeline = [];
    let treePeakKb = 0;
    let overRssCap = false;
    const treePoller = rssEveryMs > 0
      ? setInterval(() => {
          const { hwmKb, rssKb } = treeMemoryKb(child.pid);
          treePeakKb = Math.max(treePeakKb, hwmKb);
          if (rssKb > 0) timeline.push({ s: (performance.now() - started) / 1000, mb: rssKb / 1024 });
          if (rssCapMb > 0 && rssKb / 1024 > rssCapMb && !overRssCap) {
            overRssCap = true;
            killGroup(child.pid);
          }
        }, rssEveryMs)
      : null;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      forget();
      if (poller) clearInterval(poller);
      if (treePoller) clearInterval(treePoller);
      let peakRssMb = null;
      if (useTime) {
        const kb = Number(readIfThere(rssFile).trim().split('\n').pop());
        if (Number.isFinite(kb) && kb > 0) peakRssMb = kb / 1024;
        rmSync(rssFile, { force: true });
      } else if (peakRss && polledKb > 0) {
        peakRssMb = polledKb / 1024;
      }
      const polled = treePoller ? { polledPeakRssMb: treePeakKb > 0 ? treePeakKb / 1024 : null, rssTimeline: thin(timeline, 24), overRssCap } : {};
      resolve({ code, signal, wallMs, stdout, stderr, peakRssMb, timedOut, rssMethod: useTime ? 'GNU time %M' : 'VmHWM polling', ...polled, ...(mark ? { atMark } : {}) });
    });
  });
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

function readHighWaterKb(pid) {
  const match = /VmHWM:\s+(\d+) kB/.exec(readIfThere(`/proc/${pid}/status`));
  return match ? Number(match[1]) : 0;
}

/** The largest VmHWM and VmRSS among `pid` and its descendants (GNU time's child is the node process). */
function treeMemoryKb(pid) {
  let hwmKb = 0;
  let rssKb = 0;
  for (const one of [pid, ...descendants(pid)]) {
    const status = readIfThere(`/proc/${one}/status`);
    hwmKb = Math.max(hwmKb, Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
    rssKb = Math.max(rssKb, Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
  }
  return { hwmKb, rssKb };
}

function descendants(pid) {
  const children = readIfThere(`/proc/${pid}/task/${pid}/children`).trim().split(/\s+/).filter(Boolean).map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** At most `max` evenly spread entries of `list`, the last one always kept. */
export function thin(list, max) {
  if (list.length <= max) return list;
  const step = (list.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => list[Math.round(i * step)]);
}

function readIfThere(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Throws with the tail of stderr when a run did not exit 0: a failed run is never a figure. */
export function assertSucceeded(result, what) {
  if (result.code === 0 && !result.timedOut) return result;
  const why = result.timedOut ? 'timed out' : `exited with ${result.code ?? result.signal}`;
  const tail = (result.stderr || result.stdout).trim().split('\n').slice(-8).join('\n');
  throw new Error(`${what} ${why}:\n${tail}`);
}
