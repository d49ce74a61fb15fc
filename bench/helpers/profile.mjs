// Where the time goes: run a command under `node --cpu-prof` and name the functions and
// packages with the most self time. Evidence for every missed target.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runTimed } from './processes.mjs';

/**
 * Profiles `node <script> args` and resolves `{ totalMs, functions: [{name, where, selfMs, pct}],
 * packages: [{name, selfMs, pct}], command }` with the top `top` entries of each.
 */
export async function profileNode(script, args, { cwd, env, dir, repoRoot, tmpRoot, focus, top = 12, timeoutMs } = {}) {
  const result = await runTimed(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, script, ...args], { cwd, env, timeoutMs });
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`no CPU profile was written (exit ${result.code}): ${result.stderr.trim().slice(-400)}`);
  // the largest profile is the main process (worker threads write their own)
  const profiles = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  profiles.sort((a, b) => b.samples.length - a.samples.length);
  const summary = summarizeProfile(profiles[0], { repoRoot, top, focus });
  const show = (a) => shorten(tmpRoot ? String(a).split(tmpRoot).join('$TMP') : a, repoRoot);
  return { ...summary, code: result.code, command: ['node', '--cpu-prof', relative(repoRoot, script), ...args.map(show)].join(' ') };
}

/**
 * Self time per function and per package from a `.cpuprofile` object. With `focus` (a
 * function name), only samples taken while that function was on the stack count: the
 * measured loop without the process's start-up.
 */
export function summarizeProfile(profile, { repoRoot = '', top = 12, focus } = {}) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inFocus = (id) => {
    for (let at = id; at !== undefined; at = parent.get(at)) if (byId.get(at).callFrame.functionName === focus) return true;
    return false;
  };
  const selfUs = new Map();
  profile.samples.forEach((id, i) => {
    if (focus && !inFocus(id)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const functions = new Map();
  const packages = new Map();
  let loadingUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id).callFrame;
    const name = frame.functionName || (frame.url ? '(anonymous)' : '(program)');
    if (isModuleLoading(frame)) loadingUs += us;
    const where = frame.url ? `${shorten(frame.url.replace('file://', ''), repoRoot)}:${frame.lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const entry = functions.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    const pkg = packageOf(frame.url, name);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const rank = (list) =>
    list
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map(({ us, ...rest }) => ({ ...rest, selfMs: Math.round(us / 1000), pct: Math.round((us * 1000) / totalUs) / 10 }));
  return {
    ...(focus ? { focus } : {}),
    totalMs: Math.round(totalUs / 1000),
    moduleLoadingPct: Math.round((loadingUs * 1000) / totalUs) / 10,
    functions: rank([...functions.values()]),
    packages: rank([...packages].map(([name, us]) => ({ name, us }))),
  };
}

const LOADER_NATIVES = new Set(['internalModuleStat', 'internalModuleReadJSON', 'compileFunction', 'compileFunctionForCJSLoader', 'readFileUtf8']);

/** Time spent finding, reading and compiling modules: what lazy imports save. */
function isModuleLoading(frame) {
  return frame.url.startsWith('node:internal/modules') || (!frame.url && LOADER_NATIVES.has(frame.functionName));
}

/** `file:///…/node_modules/nodemailer/dist/…` → 'nodemailer'; lib/ → 'newsletter'; node internals → 'node'. */
function packageOf(url, name) {
  if (!url) return ['(idle)', '(garbage collector)', '(program)', '(root)'].includes(name) ? name : 'native code (socket writes, crypto, …)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:') || !url.includes('/')) return 'node (built-in)';
  if (/\/bench\//.test(url)) return 'bench (the probe itself)';
  if (/\/lib\/|\/bin\//.test(url)) return 'newsletter';
  return 'other';
}

function shorten(text, repoRoot) {
  return repoRoot && typeof text === 'string' ? text.split(`${repoRoot}/`).join('') : text;
}
