import type { UiRequest } from '@kehu/core';
import type { IndicatorSystem } from './indicator-systems.js';

// What the satisfaction console pages share: the API they call, the indicator systems they read,
// and the one-button form that asks first.

export const API = '/api/v1/satisfaction';
export const enc = encodeURIComponent;

/** One indicator-system version as the signed-in user may read it, or null. */
export async function loadSystem(req: UiRequest, id: string): Promise<IndicatorSystem | null> {
  const res = await req.api<IndicatorSystem>('GET', `${API}/indicator-systems/${enc(id)}`);
  return res.ok ? res.body : null;
}

/** Every indicator-system version with its tree. */
export async function loadSystems(req: UiRequest): Promise<IndicatorSystem[]> {
  const list = await req.api<{ items: { id: string }[] }>('GET', `${API}/indicator-systems`);
  const out: IndicatorSystem[] = [];
  for (const s of list.ok ? list.body.items : []) {
    const full = await loadSystem(req, s.id);
    if (full) out.push(full);
  }
  return out;
}

/** A one-button form that asks first (the console's script reads `data-confirm` on submit). */
export function ConfirmForm(p: {
  req: UiRequest;
  action: string;
  id?: string | undefined;
  confirm?: string | undefined;
  children?: unknown;
}) {
  return (
    <form method="post" action={p.action} id={p.id} class="inline" data-confirm={p.confirm}>
      <input type="hidden" name="_csrf" value={p.req.csrfToken} />
      {p.children}
    </form>
  );
}
