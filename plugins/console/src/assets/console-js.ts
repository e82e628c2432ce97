// The console's only script of its own (no inline script: the CSP forbids it). Small behaviours
// that htmx does not cover: confirmations, auto-submitting selects, copy and print buttons.
export const CONSOLE_JS = `(() => {
  document.addEventListener('submit', (e) => {
    const form = e.target;
    const text = form && form.getAttribute && form.getAttribute('data-confirm');
    if (text && !window.confirm(text)) e.preventDefault();
  });
  document.addEventListener('change', (e) => {
    const el = e.target;
    if (el && el.matches && el.matches('[data-autosubmit]') && el.form) el.form.requestSubmit();
  });
  // <output data-weighted-sum data-bands='[[min, label], …]' data-template="… {score} … {band}"> shows
  // the sum of weight × value over its form's inputs with data-weight, once all are filled in.
  const weighted = (form) => {
    for (const out of form.querySelectorAll('output[data-weighted-sum]')) {
      let total = 0;
      let complete = true;
      for (const input of form.querySelectorAll('input[data-weight]')) {
        const v = input.value.trim() === '' ? NaN : Number(input.value);
        if (!Number.isFinite(v) || v < 0 || v > 100) complete = false;
        else total += Number(input.getAttribute('data-weight')) * v;
      }
      if (!complete) { out.textContent = ''; continue; }
      const score = Math.round(total * 100) / 100;
      const bands = JSON.parse(out.getAttribute('data-bands') || '[]');
      const band = (bands.find((b) => score >= b[0]) || bands[bands.length - 1] || [0, ''])[1];
      const shown = score.toLocaleString(document.documentElement.lang || undefined);
      out.textContent = (out.getAttribute('data-template') || '{score}').replace('{score}', shown).replace('{band}', band);
    }
  };
  document.addEventListener('input', (e) => {
    const form = e.target && e.target.form;
    if (form && e.target.matches('input[data-weight]')) weighted(form);
  });
  document.addEventListener('click', (e) => {
    if (e.target && e.target.closest && e.target.closest('[data-print]')) window.print();
    const btn = e.target && e.target.closest && e.target.closest('[data-copy]');
    if (!btn) return;
    const source = document.getElementById(btn.getAttribute('data-copy'));
    if (source && navigator.clipboard) navigator.clipboard.writeText(source.value || source.textContent || '');
  });
})();
`;
