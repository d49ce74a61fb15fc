/**
 * The page's behaviour, run in the browser: fetch the state and the mail for the chosen
 * reader, language and view; keep the choices in the address; follow `/events` so every
 * save shows up without a reload, keeping the scroll position.
 */
export const SCRIPT = `
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
  if (!state.ok && !state.stale) return;
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
    $('problem-after').textContent = state.stale ? 'The mail below is the last good version. Save again and the preview follows.' : 'Save the file again once it is fixed; the preview follows.';
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
  // a broken save keeps the mail on screen: the last good version the preview has (stale), else what the page shows
  if (!state.ok && !state.stale) { document.body.dataset.state = 'error'; return; }
  const m = new URLSearchParams({ reader: state.reader, lang: state.lang, view: choice.view });
  const response = await fetch('/api/mail?' + m);
  if (!response.ok) { again = true; return; }
  setFrame(await response.text());
  showInbox(state);
  document.body.dataset.state = state.ok ? 'ok' : 'error';
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
