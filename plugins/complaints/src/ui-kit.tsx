import type { UiRequest } from '@kehu/core';
import { type Lang, type VALUE_LABELS, valueLabel } from './labels.js';

// Pieces every complaints page uses: labels of the process's codes, the form token, options, fields.

export const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

export const langOf = (req: UiRequest): Lang => (req.lang === 'zh-CN' ? 'zh-CN' : 'en');
/** A code of the complaint process in the page's language. */
export const lbl = (req: UiRequest, group: keyof typeof VALUE_LABELS, value: string | null | undefined) =>
  valueLabel(langOf(req), group, value) || '—';

export const Hidden = ({ req }: { req: UiRequest }) => (
  <input type="hidden" name="_csrf" value={req.csrfToken} />
);
export const Options = ({
  values,
  req,
  group,
}: {
  values: readonly string[];
  req?: UiRequest;
  group?: keyof typeof VALUE_LABELS;
}) => (
  <>
    {values.map((v) => (
      <option value={v}>{req && group ? lbl(req, group, v) : v}</option>
    ))}
  </>
);
export const Labelled = ({ id, label, children }: { id: string; label: string; children: unknown }) => (
  <div>
    <label for={id}>{label}</label>
    {children}
  </div>
);

export const slaText = (req: UiRequest, sla: any) => {
  const t =
    sla.resolution.status === 'met' ? sla.resolution : sla.response.metAt ? sla.resolution : sla.response;
  if (sla.status === 'paused') return req.t('paused');
  if (t.remainingMinutes == null) return sla.status;
  return t.remainingMinutes >= 0
    ? req.t('remaining', { minutes: t.remainingMinutes })
    : req.t('overdue', { minutes: -t.remainingMinutes });
};
