// The console's stylesheet: one file, no build step, system fonts with Noto CJK for Chinese.
export const CONSOLE_CSS = `
:root {
  --bg: #f4f6f8; --panel: #fff; --ink: #17212b; --muted: #5b6876; --line: #dde3e9;
  --brand: #0f6e5f; --brand-ink: #fff; --brand-soft: #e3f2ef; --accent: #1d5fbf;
  --danger: #b42318; --danger-soft: #fdecea; --ok: #137333; --ok-soft: #e6f4ea; --warn: #8a5a00; --warn-soft: #fff4d6;
  --radius: 8px; --shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.08);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  font-size: 15px; line-height: 1.5; color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
/* A link inside running text is told apart by more than its colour (WCAG 1.4.1). */
main p a, main li a, main dd a, .muted a, .picker-chosen + a { text-decoration: underline; text-underline-offset: .15em; }
h1 { font-size: 1.45rem; margin: 0 0 .25rem; font-weight: 650; }
h2 { font-size: 1.05rem; margin: 0 0 .75rem; font-weight: 650; }
h3 { font-size: .95rem; margin: 1rem 0 .5rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .5rem; z-index: 10; }
.topbar { background: #0c3b35; color: #fff; display: flex; align-items: center; gap: 1rem; padding: 0 1.25rem; min-height: 56px; flex-wrap: wrap; }
.brand { color: #fff; font-weight: 700; font-size: 1.1rem; letter-spacing: .02em; display: flex; align-items: center; gap: .5rem; }
.brand:hover { text-decoration: none; }
.brand-mark { background: #2fb39a; color: #06241f; border-radius: 6px; width: 28px; height: 28px; display: inline-grid; place-items: center; font-size: .9rem; }
.nav { display: flex; gap: .25rem; flex: 1; flex-wrap: wrap; }
.nav a { color: #d5ebe6; padding: .45rem .7rem; border-radius: 6px; font-size: .93rem; }
.nav a:hover, .nav a[aria-current="page"] { background: rgba(255,255,255,.12); color: #fff; text-decoration: none; }
.topbar-tools { display: flex; align-items: center; gap: .75rem; }
.topbar-tools select { background: #124b43; color: #fff; border-color: #2d6b61; padding: .3rem .4rem; }
.user-menu summary { cursor: pointer; color: #fff; list-style: none; padding: .35rem .6rem; border-radius: 6px; background: rgba(255,255,255,.08); }
.user-menu summary::-webkit-details-marker { display: none; }
.user-menu[open] .user-menu-body { position: absolute; right: 1rem; margin-top: .4rem; background: #fff; color: var(--ink); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); padding: .75rem; min-width: 220px; z-index: 5; }
.user-menu-body form { margin: .25rem 0; }
.nav-toggle, .nav-toggle-label { display: none; }
main { flex: 1; width: 100%; max-width: 1280px; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
.page-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 1rem; margin-bottom: 1.25rem; flex-wrap: wrap; }
.page-head p { margin: 0; color: var(--muted); }
.actions { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); padding: 1.1rem 1.2rem; margin-bottom: 1.25rem; }
.card > h2:first-child { margin-top: 0; }
.grid { display: grid; gap: 1.25rem; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }
.cols { display: grid; gap: 1.25rem; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); align-items: start; }
.stat { font-size: 2rem; font-weight: 700; line-height: 1.1; }
.stat-label { color: var(--muted); font-size: .88rem; }
.muted { color: var(--muted); }
.small { font-size: .85rem; }
table { width: 100%; border-collapse: collapse; font-size: .93rem; }
th, td { text-align: left; padding: .55rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: .82rem; text-transform: none; background: #f9fafb; white-space: nowrap; }
th a { color: inherit; }
tbody tr:hover { background: #f8fbfa; }
.table-wrap { overflow-x: auto; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
figure.chart { margin: 0 0 1rem; }
.chart-picture svg { display: block; max-width: 100%; height: auto; }
.chart-picture text { font-family: inherit; }
figure.chart figcaption { color: var(--muted); font-size: .88rem; margin: .25rem 0; }
.chart-data summary { cursor: pointer; color: var(--accent); font-size: .88rem; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.25rem; margin: 0; }
dl.fields dt { color: var(--muted); font-size: .88rem; }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .78rem; font-weight: 600; background: #eef1f4; color: #3b4754; white-space: nowrap; }
.badge-active, .badge-approved, .badge-delivered, .badge-ran { background: var(--ok-soft); color: var(--ok); }
.badge-prospect, .badge-pending { background: var(--warn-soft); color: var(--warn); }
.badge-dormant, .badge-expired, .badge-revoked { background: #eef1f4; color: #55606c; }
.badge-terminated, .badge-rejected, .badge-dead, .badge-failed { background: var(--danger-soft); color: var(--danger); }
.tag { display: inline-block; background: var(--brand-soft); color: var(--brand); border-radius: 4px; padding: 0 .4rem; font-size: .8rem; margin: 0 .2rem .2rem 0; }
form.stack { display: grid; gap: .9rem; max-width: 720px; }
.form-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: .9rem 1.1rem; }
label { display: block; font-weight: 550; font-size: .9rem; margin-bottom: .25rem; }
.field-hint { color: var(--muted); font-size: .82rem; margin-top: .2rem; }
.field-error { color: var(--danger); font-size: .85rem; margin-top: .2rem; }
input[type=text], input[type=email], input[type=password], input[type=search], input[type=number], input[type=date], input[type=datetime-local], input[type=file], select, textarea {
  width: 100%; font: inherit; color: inherit; padding: .5rem .6rem; border: 1px solid #c4cdd6; border-radius: 6px; background: #fff;
}
input:focus, select:focus, textarea:focus, button:focus-visible, a:focus-visible { outline: 3px solid #8fd3c6; outline-offset: 1px; }
textarea { min-height: 5rem; resize: vertical; }
.check { display: flex; gap: .4rem; align-items: center; font-weight: 400; }
.check input { width: auto; }
button, .button { display: inline-flex; align-items: center; gap: .35rem; font: inherit; font-weight: 600; font-size: .92rem; padding: .5rem .95rem; border-radius: 6px; border: 1px solid var(--brand); background: var(--brand); color: var(--brand-ink); cursor: pointer; text-decoration: none; line-height: 1.2; }
button:hover, .button:hover { filter: brightness(1.08); text-decoration: none; }
.button-secondary, button.secondary { background: #fff; color: var(--ink); border-color: #c4cdd6; }
.button-danger, button.danger { background: var(--danger); border-color: var(--danger); }
button.link { background: none; border: none; color: var(--accent); padding: 0; font-weight: 500; }
.notice { border-radius: var(--radius); padding: .7rem 1rem; margin-bottom: 1rem; border: 1px solid; }
.notice-success { background: var(--ok-soft); border-color: #b7dfc3; color: #0d5225; }
.notice-error { background: var(--danger-soft); border-color: #f3c0bb; color: #7a1a12; }
.notice-info { background: #eaf2fd; border-color: #c3d8f6; color: #173f7a; }
.filters { display: grid; grid-template-columns: 2fr repeat(auto-fill, minmax(150px, 1fr)); gap: .6rem; align-items: end; margin-bottom: 1rem; }
.filters label { font-size: .8rem; color: var(--muted); font-weight: 500; }
.pager { display: flex; gap: .75rem; justify-content: flex-end; align-items: center; margin-top: .75rem; }
.timeline { list-style: none; margin: 0; padding: 0; }
.timeline li { border-left: 2px solid var(--line); padding: 0 0 .9rem 1rem; position: relative; }
.timeline li::before { content: ""; position: absolute; left: -6px; top: .35rem; width: 10px; height: 10px; border-radius: 50%; background: var(--brand); }
.timeline .when { color: var(--muted); font-size: .82rem; }
.panel-error { color: var(--danger); }
.secret { font-family: ui-monospace, monospace; background: #f3f5f7; border: 1px dashed #c4cdd6; padding: .6rem; border-radius: 6px; overflow-wrap: anywhere; }
.auth-wrap { display: grid; place-items: center; padding: 3rem 1rem; }
.auth-card { width: 100%; max-width: 420px; }
.auth-brand { text-align: center; margin-bottom: 1.25rem; color: var(--brand); font-weight: 700; font-size: 1.4rem; }
.footer { text-align: center; color: var(--muted); font-size: .8rem; padding: 1rem; }
.plain-list { list-style: none; margin: 0 0 .5rem; padding: 0; }
.plain-list li { padding: .3rem 0; border-bottom: 1px solid var(--line); }
.stat-row { display: flex; gap: .6rem; margin-bottom: .75rem; }
.stat-box { flex: 1; border: 1px solid var(--line); border-radius: 6px; padding: .5rem .6rem; color: var(--ink); display: flex; flex-direction: column; }
.stat-box:hover { text-decoration: none; background: #f8fbfa; }
.stat-box .stat { font-size: 1.6rem; }
.stat-danger .stat { color: var(--danger); }
.badge-overdue { background: var(--danger-soft); color: var(--danger); }
.badge-today { background: var(--warn-soft); color: var(--warn); }
.badge-upcoming { background: #eaf2fd; color: #173f7a; }
.activity form { margin-top: .35rem; }
.activity input[type=text] { max-width: 260px; }
.empty { color: var(--muted); text-align: center; padding: 1.5rem; }
.subnav { display: flex; gap: .25rem; flex-wrap: wrap; margin-bottom: 1rem; border-bottom: 1px solid var(--line); }
.subnav a { padding: .5rem .75rem; color: var(--muted); border-bottom: 2px solid transparent; }
.subnav a[aria-current="page"] { color: var(--brand); border-color: var(--brand); font-weight: 600; }
.htmx-request .htmx-indicator, .htmx-indicator.htmx-request { opacity: 1; }
.htmx-indicator { opacity: 0; transition: opacity .2s; }
/* A printable document (a form to sign, a list to file): ruled fields, signature lines. */
.printable table.form-fields th { width: 30%; white-space: normal; }
.printable td { white-space: pre-wrap; overflow-wrap: anywhere; }
.printable .signatures { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 1.5rem; margin-top: 2rem; }
.printable .signature-line { border-bottom: 1px solid var(--ink); min-height: 2.5rem; }
@media print {
  body { background: #fff; font-size: 11pt; }
  .topbar, .footer, .skip, .subnav, .notice, .no-print { display: none !important; }
  main { max-width: none; padding: 0; }
  .card { box-shadow: none; border: none; padding: 0; }
  .printable th, .printable td { border: 1px solid #555; background: #fff; color: #000; }
  .printable section { break-inside: avoid; }
  .printable thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
@media (max-width: 820px) {
  .cols { grid-template-columns: 1fr; }
  .topbar { padding: .5rem 1rem; }
  .nav-toggle-label { display: inline-block; margin-left: auto; color: #fff; border: 1px solid #2d6b61; border-radius: 6px; padding: .3rem .6rem; cursor: pointer; }
  .nav, .topbar-tools { display: none; width: 100%; }
  .nav-toggle:checked ~ .nav { display: flex; flex-direction: column; }
  .nav-toggle:checked ~ .topbar-tools { display: flex; padding-bottom: .5rem; }
  main { padding: 1rem .75rem 2rem; }
  .filters { grid-template-columns: 1fr 1fr; }
  .filters .filter-q { grid-column: 1 / -1; }
  .hide-mobile { display: none; }
  dl.fields { grid-template-columns: 1fr; }
  dl.fields dd { margin-bottom: .4rem; }
}
`;
