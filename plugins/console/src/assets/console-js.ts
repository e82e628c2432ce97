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
  document.addEventListener('click', (e) => {
    if (e.target && e.target.closest && e.target.closest('[data-print]')) window.print();
    const btn = e.target && e.target.closest && e.target.closest('[data-copy]');
    if (!btn) return;
    const source = document.getElementById(btn.getAttribute('data-copy'));
    if (source && navigator.clipboard) navigator.clipboard.writeText(source.value || source.textContent || '');
  });
})();
`;
