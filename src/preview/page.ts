/**
 * The preview's one page: a toolbar over the mail in a frame. Everything it needs is in
 * this document (no external script, style or font); it asks the server for its state and
 * the mail, and listens on `/events` to fetch them again after every save.
 */

const STYLE = `
:root { --ink: #1d232b; --muted: #5b6570; --line: #dde1e6; --canvas: #eceff3; --accent: #1f5fbf; --ok: #1e7b45; --amber: #9a5b00; --bad: #b3261e; }
* { box-sizing: border-box; }
html, body { height: 100%; }
body { margin: 0; display: flex; flex-direction: column; background: var(--canvas); color: var(--ink);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.bar { background: #fff; border-bottom: 1px solid var(--line); padding: 10px 16px; display: flex; flex-wrap: wrap;
  align-items: center; gap: 10px 18px; }
.top { flex: 1 1 100%; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 18px; min-width: 0; }
.inbox { flex: 1 1 320px; min-width: 0; }
.inbox .from { color: var(--muted); font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.inbox .subject { font-weight: 650; font-size: 15px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.inbox .preheader { color: var(--muted); font-weight: 400; }
.group { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; min-width: 0; }
label.pick { display: flex; align-items: center; gap: 6px; color: var(--muted); font-size: 12px; min-width: 0; }
select { font: inherit; color: var(--ink); background: #fff; border: 1px solid var(--line); border-radius: 6px;
  padding: 5px 8px; max-width: 100%; min-width: 0; }
#reader { width: 240px; max-width: 60vw; }
.seg { display: inline-flex; border: 1px solid var(--line); border-radius: 7px; overflow: hidden; }
.seg button { font: inherit; font-size: 13px; border: 0; background: #fff; color: var(--ink); padding: 5px 10px; cursor: pointer; }
.seg button + button { border-left: 1px solid var(--line); }
.seg button[aria-pressed="true"] { background: var(--accent); color: #fff; }
.seg button:focus-visible, select:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.status { gap: 14px; flex: none; }
.size { font-size: 12px; color: var(--muted); display: flex; align-items: center; gap: 6px; white-space: nowrap; }
.meter { width: 70px; height: 6px; border-radius: 3px; background: var(--line); overflow: hidden; }
.meter i { display: block; height: 100%; width: 0; background: var(--ok); }
.size.near .meter i { background: var(--amber); }
.size.over { color: var(--bad); font-weight: 600; }
.size.over .meter i { background: var(--bad); }
.live { font-size: 12px; color: var(--muted); display: flex; align-items: center; gap: 5px; }
.live::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: var(--ok); }
.live.off::before { background: var(--bad); }
main { flex: 1; min-height: 0; display: flex; flex-direction: column; padding: 16px; gap: 12px; }
.panel { background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.06); }
.problems { border-left: 4px solid var(--bad); }
.problems h2 { margin: 0 0 8px; font-size: 15px; color: var(--bad); }
.problems ol { margin: 0; padding-left: 20px; }
.problems li { margin: 6px 0; overflow-wrap: anywhere; }
.problems code, .warnings code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f4f5f7;
  border-radius: 4px; padding: 1px 5px; }
.problems .hint { color: var(--muted); margin-top: 2px; }
.problems .after { color: var(--muted); font-size: 13px; margin: 10px 0 0; }
.warnings { border-left: 4px solid var(--amber); font-size: 13px; }
.warnings summary { cursor: pointer; color: var(--amber); font-weight: 600; }
.warnings ul { margin: 8px 0 0; padding-left: 20px; }
.warnings li { overflow-wrap: anywhere; margin: 4px 0; }
.stage { flex: 1; min-height: 460px; display: flex; justify-content: center; }
#mail { display: block; border: 0; background: #fff; width: 100%; max-width: 900px; height: 100%;
  border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.08), 0 8px 24px rgba(0,0,0,.06); transition: opacity .15s; }
body[data-width="phone"] #mail { width: 375px; max-width: 100%; border-radius: 22px; border: 8px solid #222a33; }
body[data-state="error"] #mail { opacity: .45; }
[hidden] { display: none !important; }
@media (max-width: 600px) {
  .bar { padding: 8px 10px; gap: 8px; }
  main { padding: 8px; }
  #reader { width: 100%; max-width: 100%; }
  label.pick { flex: 1 1 100%; }
}
`;

const SCRIPT = `
const initial = JSON.parse(document.getElementById('initial').textContent);
const params = new URLSearchParams(location.search);
const choice = {
  reader: params.get('reader') || initial.reader || '',
  lang: params.get('lang') || initial.lang || '',
  view: params.get('view') || 'html',
  width: params.get('width') || 'desktop',
};
const $ = (id) => document.getElementById(id);
const frame = $('mail');
let busy = false, again = false, readersShown = '', lastView = '';

function remember() {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(choice)) if (v) q.set(k, v);
  history.replaceState(null, '', '?' + q);
  document.body.dataset.width = choice.width;
  for (const b of document.querySelectorAll('[data-width]')) b.setAttribute('aria-pressed', String(b.dataset.width === choice.width));
  for (const b of document.querySelectorAll('[data-view]')) b.setAttribute('aria-pressed', String(b.dataset.view === choice.view));
}

function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
const where = (p) => p.file + ':' + p.line + ':' + p.column;

function showReaders(state) {
  const key = JSON.stringify(state.readers);
  if (key !== readersShown) {
    readersShown = key;
    const select = $('reader');
    select.replaceChildren(...state.readers.map((r) => { const o = el('option', r.label); o.value = r.key; return o; }));
  }
  $('reader').value = state.reader || '';
  $('reader').title = state.listFile ? state.readerTotal + ' readers in ' + state.listFile : 'sample readers: pass --to LIST to see your own';
}

function showLanguages(state) {
  const select = $('lang');
  const own = state.lang && !choice.lang ? ' (' + state.lang + ')' : '';
  const options = [el('option', "reader's language" + own)];
  options[0].value = '';
  for (const lang of state.languages) { const o = el('option', lang); o.value = lang; options.push(o); }
  select.replaceChildren(...options);
  select.value = choice.lang && state.languages.includes(choice.lang) ? choice.lang : '';
}

function showInbox(state) {
  if (!state.ok) return;
  $('subject').textContent = state.subject || '';
  document.title = (state.subject || state.id) + ' \u2014 newsletter preview';
  $('preheader').textContent = state.preheader ? ' \\u2014 ' + state.preheader : '';
  $('from').textContent = 'Issue ' + state.id + ' \\u00b7 ' + state.lang + ' \\u00b7 as ' + (state.readers.find((r) => r.key === state.reader) || {}).label;
  const kb = (n) => (n / 1024).toFixed(n < 10240 ? 1 : 0) + ' KB';
  const share = state.htmlBytes / state.clipLimit;
  const size = $('size');
  size.className = 'size' + (share >= 1 ? ' over' : share >= 0.75 ? ' near' : '');
  $('size-text').textContent = kb(state.htmlBytes) + ' of ' + kb(state.clipLimit) + (share >= 1 ? ': Gmail clips this mail' : '');
  size.title = 'HTML size for this reader; Gmail hides everything after about ' + kb(state.clipLimit);
  $('meter').style.width = Math.min(100, share * 100).toFixed(1) + '%';
}

function showProblems(state) {
  const box = $('problems');
  const list = $('problem-list');
  if (state.ok) { box.hidden = true; list.replaceChildren(); }
  else {
    const items = state.problems.filter((p) => p.severity === 'error').map((p) => {
      const li = el('li');
      li.append(el('code', where(p)), ' ', el('span', p.message));
      if (p.hint) li.append(el('div', 'hint: ' + p.hint, 'hint'));
      return li;
    });
    if (items.length === 0) {
      const li = el('li', state.message || 'the issue cannot be shown');
      if (state.hint) li.append(el('div', state.hint, 'hint'));
      items.push(li);
    }
    $('problem-title').textContent = items.length === 1 ? 'This save cannot be shown: 1 problem' : 'This save cannot be shown: ' + items.length + ' problems';
    list.replaceChildren(...items);
    $('problem-after').textContent = document.body.dataset.version ? 'The mail below is the last good version. Save again and the preview follows.' : 'Save the file again once it is fixed; the preview follows.';
    box.hidden = false;
  }
  const warnings = (state.ok ? state.warnings : state.problems.filter((p) => p.severity === 'warning'));
  const wbox = $('warnings');
  wbox.hidden = warnings.length === 0 && !(state.headerWarnings && state.headerWarnings.length);
  $('warning-title').textContent = warnings.length + (state.headerWarnings ? state.headerWarnings.length : 0) === 1 ? '1 warning' : (warnings.length + (state.headerWarnings ? state.headerWarnings.length : 0)) + ' warnings';
  $('warning-list').replaceChildren(
    ...warnings.map((p) => { const li = el('li'); li.append(el('code', where(p)), ' ' + p.message + (p.hint ? ' (hint: ' + p.hint + ')' : '')); return li; }),
    ...(state.headerWarnings || []).map((w) => el('li', w)),
  );
}

function setFrame(html) {
  const keep = lastView === choice.view ? (frame.contentWindow && frame.contentWindow.scrollY) || 0 : 0;
  lastView = choice.view;
  frame.onload = () => { if (keep && frame.contentWindow) frame.contentWindow.scrollTo(0, keep); };
  frame.srcdoc = html;
}

async function load() {
  const q = new URLSearchParams({ reader: choice.reader, lang: choice.lang });
  const state = await (await fetch('/api/state?' + q)).json();
  showReaders(state);
  showLanguages(state);
  showProblems(state);
  if (!state.ok) { document.body.dataset.state = 'error'; return; }
  const m = new URLSearchParams({ reader: state.reader, lang: state.lang, view: choice.view });
  const response = await fetch('/api/mail?' + m);
  if (!response.ok) { again = true; return; }
  setFrame(await response.text());
  showInbox(state);
  document.body.dataset.state = 'ok';
  document.body.dataset.version = String(state.version);
}

async function refresh() {
  if (busy) { again = true; return; }
  busy = true;
  try { do { again = false; await load(); } while (again); }
  catch (error) { $('live').textContent = 'preview not reachable'; $('live').classList.add('off'); }
  finally { busy = false; }
}

for (const b of document.querySelectorAll('[data-width]')) b.onclick = () => { choice.width = b.dataset.width; remember(); };
for (const b of document.querySelectorAll('[data-view]')) b.onclick = () => { choice.view = b.dataset.view; remember(); refresh(); };
$('reader').onchange = () => { choice.reader = $('reader').value; choice.lang = ''; remember(); refresh(); };
$('lang').onchange = () => { choice.lang = $('lang').value; remember(); refresh(); };

let lost = false;
const events = new EventSource('/events');
events.addEventListener('change', () => refresh());
events.onopen = () => { $('live').textContent = 'live'; $('live').classList.remove('off'); if (lost) refresh(); lost = false; };
events.onerror = () => { lost = true; $('live').textContent = 'reconnecting\\u2026'; $('live').classList.add('off'); };

remember();
refresh();
`;

function escapeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The page, with the first reader and language chosen on the command line. */
export function previewPage(initial: { reader?: string; lang?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsletter preview</title>
<style>${STYLE}</style>
</head>
<body data-width="desktop">
<header class="bar">
  <div class="top">
    <div class="inbox">
      <div class="from" id="from">newsletter preview</div>
      <div class="subject"><span id="subject">Loading…</span><span class="preheader" id="preheader"></span></div>
    </div>
    <div class="group status">
      <div class="size" id="size"><span class="meter"><i id="meter"></i></span><span id="size-text"></span></div>
      <div class="live" id="live">connecting…</div>
    </div>
  </div>
  <div class="group">
    <label class="pick">Reader <select id="reader" aria-label="Reader"></select></label>
    <label class="pick">Language <select id="lang" aria-label="Language"></select></label>
  </div>
  <div class="group">
    <div class="seg" role="group" aria-label="Width">
      <button type="button" data-width="desktop">Desktop</button><button type="button" data-width="phone">Phone</button>
    </div>
    <div class="seg" role="group" aria-label="View">
      <button type="button" data-view="html">HTML</button><button type="button" data-view="text">Text</button><button type="button" data-view="headers">Headers</button><button type="button" data-view="mjml">MJML</button>
    </div>
  </div>
</header>
<main>
  <section class="panel problems" id="problems" role="alert" hidden>
    <h2 id="problem-title"></h2>
    <ol id="problem-list"></ol>
    <p class="after" id="problem-after"></p>
  </section>
  <details class="panel warnings" id="warnings" hidden>
    <summary id="warning-title"></summary>
    <ul id="warning-list"></ul>
  </details>
  <div class="stage"><iframe id="mail" title="The mail" sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe></div>
</main>
<script type="application/json" id="initial">${escapeJson(initial)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
