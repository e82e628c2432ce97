import type { Labels, PluginContext, UiApiResult, UiNode, UiRequest } from '@kehu/core';
import { answerPost, formValues, type UiProblem } from '@kehu/core/ui';
import type { IndicatorSystem } from './indicator-systems.js';

// What the satisfaction console pages share: the API they call, the indicator systems they read,
// and the one-button form that asks first.

export const API = '/api/v1/satisfaction';
export const enc = encodeURIComponent;

/**
 * English catalog entries of refusal codes shown beside a field: empty, so the API's own sentence
 * (which names the figures) is shown; the Chinese catalog words them.
 */
export const apiSentences = <C extends string>(codes: readonly C[]) =>
  Object.fromEntries(codes.map((code) => [`kit.${code}`, ''])) as Record<`kit.${C}`, ''>;

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

/**
 * A list page with its form that creates one record: created, the record's own page opens
 * (`<path>/<id>`) with the notice; refused, the list comes back with the form, its values and the refusal.
 */
export function listPageWithCreate(
  ctx: PluginContext<unknown>,
  def: {
    path: string;
    title: Labels;
    /** The list and its form; `v` and `problem` after a refused post. */
    render(req: UiRequest, v?: Record<string, string>, problem?: UiProblem): UiNode | Promise<UiNode>;
    create(req: UiRequest, v: Record<string, string>): Promise<UiApiResult<{ id: string }>>;
    /** The catalog key of the notice. */
    created: string;
  },
): void {
  ctx.ui.page({
    path: def.path,
    title: def.title,
    access: 'satisfaction.read',
    get: (req) => def.render(req),
    async post(req) {
      const v = formValues(req);
      const res = await def.create(req, v);
      const success = { message: req.t(def.created), to: req.href(`${def.path}/${enc(res.body?.id ?? '')}`) };
      return answerPost(req, res, success, (problem) => def.render(req, v, problem));
    },
  });
}
