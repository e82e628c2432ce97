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
  const num = (v, digits) => v.toLocaleString(document.documentElement.lang || undefined, { maximumFractionDigits: digits });
  // <output data-sum data-template="… {sum}"> shows the sum of its form's inputs with data-summand.
  const summed = (form) => {
    for (const out of form.querySelectorAll('output[data-sum]')) {
      let total = 0;
      for (const input of form.querySelectorAll('input[data-summand]')) total += Number(input.value) || 0;
      out.textContent = (out.getAttribute('data-template') || '{sum}').replace('{sum}', num(Math.round(total * 1e6) / 1e6, 6));
    }
  };
  // An AHP comparison matrix, <… data-ahp data-n="n">: each <select data-ahp-cell="i.j"> (i < j) holds
  // a Saaty value ("3", "1/3"); its mirror <output data-ahp-mirror="i.j"> shows the reciprocal, and
  // the form's [data-ahp-out] elements the principal-eigenvector weights, λmax, CI and CR, the same
  // figures the server computes; [data-ahp-out=verdict] takes its data-consistent / -inconsistent /
  // -no-cr text.
  const RI = [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];
  const ahp = (box) => {
    const n = Number(box.getAttribute('data-n'));
    const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : NaN)));
    for (const sel of box.querySelectorAll('select[data-ahp-cell]')) {
      const [i, j] = sel.getAttribute('data-ahp-cell').split('.').map(Number);
      const [p, q] = sel.value.split('/').map(Number);
      a[i][j] = q ? p / q : p;
      a[j][i] = 1 / a[i][j];
      const mirror = box.querySelector('[data-ahp-mirror="' + i + '.' + j + '"]');
      if (mirror) mirror.textContent = q ? String(q) : p === 1 ? '1' : '1/' + p;
    }
    if (!(n > 0) || a.some((row) => row.some((v) => !(v > 0)))) return;
    let w = a.map(() => 1 / n);
    for (let k = 0; k < 10000; k++) {
      const next = a.map((row) => row.reduce((s, v, j) => s + v * w[j], 0));
      const total = next.reduce((s, v) => s + v, 0);
      const moved = Math.max(...next.map((v, i) => Math.abs(v / total - w[i])));
      w = next.map((v) => v / total);
      if (moved < 1e-12) break;
    }
    const lambda = a.reduce((s, row, i) => s + row.reduce((t, v, j) => t + v * w[j], 0) / w[i], 0) / n;
    const ci = n <= 1 ? 0 : Math.max(0, (lambda - n) / (n - 1));
    const cr = RI[n - 1] ? ci / RI[n - 1] : null;
    const form = box.closest('form') || document;
    const put = (key, text) => { for (const el of form.querySelectorAll('[data-ahp-out="' + key + '"]')) el.textContent = text; };
    w.forEach((v, i) => put('weight.' + i, num(v, 3)));
    put('lambdaMax', num(lambda, 3));
    put('ci', num(ci, 3));
    put('cr', cr === null ? '—' : num(cr, 3));
    for (const el of form.querySelectorAll('[data-ahp-out="verdict"]')) {
      el.textContent = el.getAttribute(cr === null ? 'data-no-cr' : cr < 0.1 ? 'data-consistent' : 'data-inconsistent') || '';
      el.classList.toggle('field-error', cr !== null && cr >= 0.1);
    }
  };
  document.addEventListener('input', (e) => {
    const form = e.target && e.target.form;
    if (form && e.target.matches('input[data-weight]')) weighted(form);
    if (form && e.target.matches('input[data-summand]')) summed(form);
  });
  document.addEventListener('change', (e) => {
    const box = e.target && e.target.closest && e.target.closest('[data-ahp]');
    if (box && e.target.matches('select[data-ahp-cell]')) ahp(box);
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
