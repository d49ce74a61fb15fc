/**
 * The preview's one page: a toolbar over the mail in a frame. Everything it needs is in
 * this document (no external script, style or font); it asks the server for its state and
 * the mail, and listens on `/events` to fetch them again after every save.
 */

import { SCRIPT } from './page-script.js';
import { STYLE } from './page-style.js';

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
