import type { PluginContext, UiRequest } from '@kehu/core';
import { DataTable, PageHead } from '@kehu/core/ui';
import type { Deps } from './context.js';
import { API, Card, enc, Filters, KeyAccountsNav, userNames } from './ui-kit';
import { en } from './ui-messages.js';

interface Scorecard {
  managerId: string;
  year: number;
  customerIds: string[];
  components: { name: string; weight: number; score: number | null; inputs: Record<string, unknown> }[];
  total: number | null;
}

/** `/key-accounts/scorecards?year=`: each key-account manager's yearly scorecard and its inputs. */
export function scorecardsPage(ctx: PluginContext<unknown>, deps: Deps): void {
  const userName = userNames(deps);
  ctx.ui.page({
    path: '/scorecards',
    title: { en: 'Manager scorecards', 'zh-CN': '大客户经理考核' },
    access: 'keyAccounts.scorecards.read',
    async get(req) {
      const thisYear = Number(deps.clock.today().slice(0, 4));
      const asked = Number(req.query.year);
      const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : thisYear;
      const managers = await deps.db
        .selectFrom('ka_account')
        .select('manager_id')
        .distinct()
        .where('designated', '=', 1)
        .where('manager_id', 'is not', null)
        .orderBy('manager_id')
        .execute();
      const cards: { name: string; card: Scorecard }[] = [];
      for (const m of managers) {
        const res = await req.api<Scorecard>(
          'GET',
          `${API}/scorecards/${enc(m.manager_id as string)}/${year}`,
        );
        if (res.ok) cards.push({ name: await userName(res.body.managerId), card: res.body });
      }
      const names = ['planCompletion', 'satisfaction', 'marketDevelopment', 'informationGathering'];
      const score = (n: number | null) => (n === null ? '—' : req.format.number(n));
      return (
        <>
          <PageHead title={req.t('scorecardsTitle')}>
            <Filters
              req={req}
              action="/scorecards"
              selects={[
                {
                  label: req.t('year'),
                  name: 'year',
                  value: String(year),
                  options: [thisYear, thisYear - 1, thisYear - 2].map((y) => ({
                    value: String(y),
                    label: String(y),
                  })),
                },
              ]}
            />
          </PageHead>
          <KeyAccountsNav req={req} current="/scorecards" />
          <DataTable
            id="ka-scores"
            title={req.t('scoresOf', { year })}
            rows={cards}
            empty={req.t('noScorecards')}
            columns={[
              { head: req.t('manager'), cell: ({ name }) => name },
              { head: req.t('accounts'), num: true, cell: ({ card }) => card.customerIds.length },
              ...names.map((n) => ({
                head: req.t(`component.${n}`),
                num: true,
                cell: ({ card }: (typeof cards)[number]) =>
                  score(card.components.find((c) => c.name === n)?.score ?? null),
              })),
              {
                head: req.t('totalScore'),
                num: true,
                cell: ({ card }) => <strong>{score(card.total)}</strong>,
              },
            ]}
          />
          {cards.map(({ name, card }, i) => (
            <Card id={`ka-inputs-${i}`} title={req.t('inputsOf', { name })}>
              <dl class="fields">
                {card.components.map((c) => (
                  <>
                    <dt>
                      {req.t(`component.${c.name}`)} ({req.t('weight')} {req.format.number(c.weight)})
                    </dt>
                    <dd>
                      <strong>{score(c.score)}</strong>{' '}
                      <span class="small muted">{inputsText(req, c.inputs)}</span>
                    </dd>
                  </>
                ))}
              </dl>
            </Card>
          ))}
        </>
      );
    },
  });
}

/** A component's inputs as "name value" pairs, so the score explains itself. */
function inputsText(req: UiRequest, inputs: Record<string, unknown>): string {
  return Object.entries(inputs)
    .map(([k, v]) => {
      const key = `input.${k}`;
      const name = key in en ? req.t(key) : k;
      const value =
        k === 'plans' && Array.isArray(v)
          ? v
              .map((p: { completion: number | null }) => (p.completion === null ? '—' : `${p.completion} %`))
              .join(', ') || '—'
          : typeof v === 'number'
            ? req.format.number(v)
            : Array.isArray(v)
              ? v.map((x) => (typeof x === 'object' && x ? Object.values(x).join(' ') : String(x))).join(', ')
              : v === null
                ? '—'
                : String(v);
      return `${name}: ${value}`;
    })
    .join(' · ');
}
