import { createHash } from 'node:crypto';
import { API } from './ui-shared';

// The survey page's stylesheet, served as a file of the plugin's public routes: the survey page links
// it and so does the console's questionnaire preview, so both look alike, and neither page needs an
// inline style (the console's CSP allows stylesheets of its own origin only). Every rule is scoped
// under `.survey` (the survey page's body, the preview's fieldset), so the preview leaves the
// console's own styles alone.

export const SURVEY_CSS = `
.survey{--bg:#f4f6f8;--panel:#fff;--ink:#17212b;--muted:#5b6876;--line:#dde3e9;--brand:#0f6e5f;--brand-soft:#e3f2ef;--danger:#b42318;--danger-soft:#fdecea;--ok:#137333;--ok-soft:#e6f4ea;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;font-size:16px;line-height:1.5;color:var(--ink);background:var(--bg)}
.survey,.survey *{box-sizing:border-box}
body.survey{margin:0}
fieldset.survey{border:1px solid var(--line);border-radius:8px;margin:0;padding:1rem;min-width:0}
.survey .bar{background:#0c3b35;color:#fff;display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.6rem 1rem;flex-wrap:wrap}
.survey .bar a{color:#d5ebe6}.survey .brand{font-weight:700}
.survey main{max-width:40rem;margin:0 auto;padding:1rem}
.survey h1{font-size:1.35rem;margin:.5rem 0}
.survey .panel{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:1rem;margin:0 0 1rem}
.survey fieldset{border:1px solid var(--line);border-radius:8px;background:var(--panel);margin:0 0 1rem;padding:.75rem 1rem 1rem;min-width:0}
.survey legend{font-weight:600;padding:0 .25rem}
.survey fieldset.invalid{border-color:var(--danger)}
.survey .error{color:var(--danger);font-weight:600;margin:.25rem 0}
.survey .notice{display:block;background:var(--ok-soft);color:var(--ok);border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem}
.survey .alert{background:var(--danger-soft);color:var(--danger);border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem}
.survey .scale{display:flex;flex-wrap:wrap;gap:.35rem;margin:.25rem 0}
.survey .scale label{display:inline-flex;flex-direction:column;align-items:center;min-width:2.6rem;padding:.4rem .3rem;border:1px solid var(--line);border-radius:6px;cursor:pointer;font-weight:400;font-size:inherit;margin:0}
.survey .scale input{margin:0 0 .2rem}
.survey .anchors{display:flex;justify-content:space-between;color:var(--muted);font-size:.85rem}
.survey .choice{display:block;padding:.3rem 0;font-weight:400;font-size:inherit;margin:0}
.survey .pair{border:none;padding:0;margin:.5rem 0 0}.survey .pair legend{color:var(--muted);font-weight:400;font-size:.9rem;padding:0}
.survey textarea{width:100%;min-height:6rem;font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:6px}
.survey .actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
.survey button{font:inherit;padding:.6rem 1.1rem;border-radius:6px;border:1px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer}
.survey button.secondary{background:#fff;color:var(--brand)}
.survey button.link{background:none;border:none;color:#1d5fbf;text-decoration:underline;padding:0}
.survey .muted{color:var(--muted);font-size:.9rem}
.survey :focus-visible{outline:3px solid #2fb39a;outline-offset:2px}
`;

/** Where the plugin's public routes serve the stylesheet (below its API base); the name carries its hash. */
export const SURVEY_CSS_ROUTE = `/public/survey-${createHash('sha256').update(SURVEY_CSS).digest('hex').slice(0, 10)}.css`;

/** The stylesheet's URL on the host. */
export const SURVEY_CSS_URL = `${API}${SURVEY_CSS_ROUTE}`;
