/** The page's look: one inline style sheet, system fonts, no external file. */
export const STYLE = `
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
