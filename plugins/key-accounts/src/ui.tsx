import type { PluginContext, UiRequest } from '@kehu/core';
import { formKitMessages } from '@kehu/core/ui';
import type { Deps } from './context.js';
import { EntitlementsSection, entitlementPages } from './ui-entitlements';
import { label } from './ui-labels.js';
import { en, zhCN } from './ui-messages.js';

// Console pages of key accounts, read through the plugin's own API as the signed-in user (`req.api`),
// so every permission and the customer access policy apply as they do to a client.

const API = '/api/v1/key-accounts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Run {
  id: string;
  currency: string;
  windowFrom: string;
  windowTo: string;
  aThreshold: number;
  bThreshold: number;
  total: number;
  counts: { A: number; B: number; C: number; none: number };
  createdAt: string;
}
interface Entry {
  rank: number;
  customerId: string;
  code: string;
  name: string;
  revenue: number;
  share: number;
  cumulativeShare: number;
  class: string;
  overrideClass: string | null;
}
interface Move {
  customerId: string;
  code: string;
  name: string;
  from: string | null;
  to: string;
  changedOn: string;
}
interface Account {
  customerId: string;
  code?: string;
  name?: string;
  class: string;
  computedClass: string;
  override: { class: string; reason: string; expiresOn: string | null } | null;
  overridden: boolean;
  designated: boolean;
  designatedOn: string | null;
  managerId: string | null;
  stage: string | null;
  relationship: string | null;
  loyalty: string | null;
}
interface Member {
  userId: string;
  name: string;
  role: string;
  addedOn: string;
}
interface Coverage {
  roles: { role: string; contacts: { contactId: string; name: string; lastContactedOn: string | null }[] }[];
  gaps: string[];
}
interface Visit {
  id: string;
  type: string;
  dueOn: string;
  status: string;
  overdue: boolean;
  doneOn: string | null;
  cadenceDays: number | null;
  note: string | null;
}
interface Plan {
  id: string;
  year: number;
  title: string;
  status: string;
  completion: number | null;
  objectives: { id: string; title: string; dueOn: string | null; status: string }[];
  measures: {
    id: string;
    name: string;
    unit: string | null;
    target: number;
    actual: number;
    source: string;
  }[];
}
interface Tier {
  from: string | null;
  to: string;
  source: string;
  changedOn: string;
}
interface Checklist {
  stage: string | null;
  duties: { duty: string; doneOn: string | null }[];
}
interface Scorecard {
  managerId: string;
  year: number;
  customerIds: string[];
  components: { name: string; weight: number; score: number | null; inputs: Record<string, unknown> }[];
  total: number | null;
}

/** Points of the Pareto chart: one page of the run's ranking. */
const CHART_POINTS = 200;

export function keyAccountsUi(ctx: PluginContext<unknown>, deps: Deps): void {
  ctx.ui.messages({
    en: { ...formKitMessages.en, ...en },
    'zh-CN': { ...formKitMessages['zh-CN'], ...zhCN },
  });
  entitlementPages(ctx, deps);
  const userName = async (id: string | null) =>
    id ? ((await deps.customers.users.get(id))?.name ?? id) : '—';
  const percent = (req: UiRequest, fraction: number) =>
    req.format.number(fraction * 100, { maximumFractionDigits: 1 });
  const ClassBadge = ({ req, cls, overridden }: { req: UiRequest; cls: string; overridden?: boolean }) => (
    <span class={`badge badge-class-${cls}`} title={overridden ? req.t('overridden') : undefined}>
      {label(req, 'class', cls)}
      {overridden ? ' *' : ''}
    </span>
  );
  const AccountLink = ({ req, id, text }: { req: UiRequest; id: string; text: string }) => (
    <a href={req.href(`/customers/${encodeURIComponent(id)}`)}>{text}</a>
  );
  const More = ({ req, cursor }: { req: UiRequest; cursor: string | null }) => {
    if (!cursor) return null;
    const q = new URLSearchParams({ ...req.query, cursor });
    return (
      <p class="pager">
        <a href={`?${q}`}>{req.t('nextPage')}</a>
      </p>
    );
  };
  const major = (currency: string) =>
    10 **
    (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2);

  ctx.ui.nav({
    label: { en: 'Key accounts', 'zh-CN': '大客户' },
    href: '/key-accounts/accounts',
    access: 'keyAccounts.read',
    order: 230,
  });

  ctx.ui.customerPanel({
    name: 'account',
    title: { en: 'Key account', 'zh-CN': '大客户' },
    access: 'keyAccounts.read',
    order: 30,
    async render(customer, req) {
      const res = await req.api<Account>('GET', `${API}/customers/${encodeURIComponent(customer.id)}`);
      if (!res.ok) return null;
      const a = res.body;
      return (
        <div>
          <dl class="fields">
            <dt>{req.t('class')}</dt>
            <dd>
              <ClassBadge req={req} cls={a.class} overridden={a.overridden} />
            </dd>
            <dt>{req.t('designated')}</dt>
            <dd>{a.designated ? req.t('designatedSince', { date: a.designatedOn ?? '' }) : req.t('no')}</dd>
            <dt>{req.t('manager')}</dt>
            <dd>{await userName(a.managerId)}</dd>
            <dt>{req.t('stage')}</dt>
            <dd>{label(req, 'stage', a.stage)}</dd>
          </dl>
          <p class="small">
            <AccountLink req={req} id={customer.id} text={req.t('openAccount')} />
          </p>
        </div>
      );
    },
  });

  ctx.ui.page({
    path: '/abc',
    title: { en: 'ABC classification', 'zh-CN': 'ABC 分类' },
    access: 'keyAccounts.read',
    async get(req) {
      const runs = await req.api<Page<Run>>('GET', `${API}/runs?limit=20`);
      const list = runs.ok ? runs.body.items : [];
      const run = list.find((r) => r.id === req.query.run) ?? list[0];
      const canRun = req.principal.can('keyAccounts.classify');
      const head = (
        <div class="page-head">
          <h1>{req.t('abcTitle')}</h1>
          {canRun ? (
            <form method="post" action={req.href('/abc')}>
              <input type="hidden" name="_csrf" value={req.csrfToken} />
              <button type="submit">{req.t('runNow')}</button>
            </form>
          ) : null}
        </div>
      );
      if (!run)
        return (
          <>
            {head}
            <p class="card empty">{req.t('noRun')}</p>
          </>
        );
      const cls = ['A', 'B', 'C'].includes(req.query.class ?? '') ? req.query.class! : '';
      const q = new URLSearchParams({ limit: '50' });
      if (cls) q.set('class', cls);
      if (req.query.cursor) q.set('cursor', req.query.cursor);
      const id = encodeURIComponent(run.id);
      const [entries, curve, moves] = await Promise.all([
        req.api<Page<Entry>>('GET', `${API}/runs/${id}?${q}`),
        req.api<Page<Entry>>('GET', `${API}/runs/${id}?limit=${CHART_POINTS}`),
        req.api<Page<Move>>('GET', `${API}/runs/${id}/moves?limit=50`),
      ]);
      const points = curve.ok ? curve.body.items : [];
      const scale = major(run.currency);
      const chart = points.length
        ? await req.chart(
            {
              grid: { left: 80, right: 60, top: 30, bottom: 40 },
              legend: { top: 0 },
              xAxis: { type: 'category', name: req.t('rank'), data: points.map((e) => String(e.rank)) },
              yAxis: [
                { type: 'value', name: run.currency },
                { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
              ],
              series: [
                {
                  name: req.t('revenue'),
                  type: 'bar',
                  data: points.map((e) => e.revenue / scale),
                  itemStyle: { color: '#0f6e5f' },
                },
                {
                  name: req.t('cumulativeShare'),
                  type: 'line',
                  yAxisIndex: 1,
                  showSymbol: false,
                  data: points.map((e) => Math.round(e.cumulativeShare * 1000) / 10),
                  itemStyle: { color: '#b45309' },
                  markLine: {
                    symbol: 'none',
                    label: { formatter: '{b}' },
                    data: [
                      { name: 'A', yAxis: run.aThreshold / 100 },
                      { name: 'B', yAxis: run.bThreshold / 100 },
                    ],
                  },
                },
              ],
            },
            {
              title: req.t('paretoTitle', { count: points.length }),
              description: req.t('paretoDesc', { a: run.aThreshold / 100, b: run.bThreshold / 100 }),
              width: 720,
              height: 320,
              table: {
                head: [
                  req.t('rank'),
                  req.t('customer'),
                  req.t('revenue'),
                  req.t('cumulativeShare'),
                  req.t('class'),
                ],
                rows: points.map((e) => [
                  e.rank,
                  e.name,
                  req.format.money(e.revenue, run.currency),
                  `${percent(req, e.cumulativeShare)} %`,
                  label(req, 'class', e.class),
                ]),
              },
            },
          )
        : null;
      return (
        <>
          {head}
          <section class="card" aria-labelledby="ka-run">
            <h2 id="ka-run">{req.t('runOf', { date: req.format.date(run.createdAt) })}</h2>
            <dl class="fields">
              <dt>{req.t('window')}</dt>
              <dd>
                {run.windowFrom} – {run.windowTo}
              </dd>
              <dt>{req.t('total')}</dt>
              <dd>{req.format.money(run.total, run.currency)}</dd>
              <dt>{req.t('thresholds')}</dt>
              <dd>
                A &lt; {run.aThreshold / 100} % · B &lt; {run.bThreshold / 100} %
              </dd>
            </dl>
            <div class="stat-row">
              {(['A', 'B', 'C', 'none'] as const).map((k) => (
                <div class="stat-box">
                  <span class="stat">{req.format.number(run.counts[k])}</span>
                  <span class="stat-label">{label(req, 'class', k)}</span>
                </div>
              ))}
            </div>
            {list.length > 1 ? (
              <form method="get" action={req.href('/abc')} class="filters">
                <label>
                  {req.t('otherRun')}
                  <select name="run">
                    {list.map((r) => (
                      <option value={r.id} selected={r.id === run.id}>
                        {req.format.date(r.createdAt)} ({r.windowFrom} – {r.windowTo})
                      </option>
                    ))}
                  </select>
                </label>
                <button type="submit" class="button-secondary">
                  {req.t('show')}
                </button>
              </form>
            ) : null}
          </section>
          {chart ? <section class="card">{chart}</section> : null}
          <section class="card table-wrap" aria-labelledby="ka-moves">
            <h2 id="ka-moves">{req.t('moves')}</h2>
            {moves.ok && moves.body.items.length ? (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{req.t('customer')}</th>
                    <th scope="col">{req.t('move')}</th>
                    <th scope="col">{req.t('date')}</th>
                  </tr>
                </thead>
                <tbody>
                  {moves.body.items.map((m) => (
                    <tr>
                      <td>
                        <AccountLink req={req} id={m.customerId} text={`${m.code} ${m.name}`} />
                      </td>
                      <td>
                        {label(req, 'class', m.from)} → {label(req, 'class', m.to)}
                      </td>
                      <td>{m.changedOn}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="muted">{req.t('noMoves')}</p>
            )}
          </section>
          <section class="card table-wrap" aria-labelledby="ka-ranking">
            <h2 id="ka-ranking">{req.t('ranking')}</h2>
            <form method="get" action={req.href('/abc')} class="filters">
              <input type="hidden" name="run" value={run.id} />
              <label>
                {req.t('class')}
                <select name="class">
                  <option value="">{req.t('all')}</option>
                  {['A', 'B', 'C'].map((k) => (
                    <option value={k} selected={k === cls}>
                      {label(req, 'class', k)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" class="button-secondary">
                {req.t('show')}
              </button>
            </form>
            <table>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    {req.t('rank')}
                  </th>
                  <th scope="col">{req.t('customer')}</th>
                  <th scope="col" class="num">
                    {req.t('revenue')}
                  </th>
                  <th scope="col" class="num">
                    {req.t('share')}
                  </th>
                  <th scope="col" class="num">
                    {req.t('cumulativeShare')}
                  </th>
                  <th scope="col">{req.t('class')}</th>
                </tr>
              </thead>
              <tbody>
                {(entries.ok ? entries.body.items : []).map((e) => (
                  <tr>
                    <td class="num">{e.rank}</td>
                    <td>
                      <AccountLink req={req} id={e.customerId} text={`${e.code} ${e.name}`} />
                    </td>
                    <td class="num">{req.format.money(e.revenue, run.currency)}</td>
                    <td class="num">{percent(req, e.share)} %</td>
                    <td class="num">{percent(req, e.cumulativeShare)} %</td>
                    <td>
                      <ClassBadge
                        req={req}
                        cls={e.overrideClass ?? e.class}
                        overridden={e.overrideClass !== null}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <More req={req} cursor={entries.ok ? entries.body.nextCursor : null} />
          </section>
        </>
      );
    },
    async post(req) {
      const res = await req.api('POST', `${API}/runs`, {});
      req.flash(res.ok ? 'success' : 'error', res.ok ? req.t('ran') : req.t('runFailed'));
      return req.c.redirect(req.href('/abc'), 303);
    },
  });

  ctx.ui.page({
    path: '/accounts',
    title: { en: 'Key accounts', 'zh-CN': '大客户' },
    access: 'keyAccounts.read',
    async get(req) {
      const designated = ['true', 'false'].includes(req.query.designated ?? '')
        ? req.query.designated!
        : req.query.designated === 'all'
          ? ''
          : 'true';
      const cls = ['A', 'B', 'C', 'none'].includes(req.query.class ?? '') ? req.query.class! : '';
      const q = new URLSearchParams({ limit: '50' });
      if (designated) q.set('designated', designated);
      if (cls) q.set('class', cls);
      if (req.query.cursor) q.set('cursor', req.query.cursor);
      const res = await req.api<Page<Account>>('GET', `${API}/accounts?${q}`);
      const items = res.ok ? res.body.items : [];
      const managers = new Map<string, string>();
      for (const a of items)
        if (a.managerId && !managers.has(a.managerId)) managers.set(a.managerId, await userName(a.managerId));
      return (
        <>
          <div class="page-head">
            <h1>{req.t('accountsTitle')}</h1>
            <p class="muted">
              <a href={req.href('/abc')}>{req.t('abcTitle')}</a>
              {req.principal.can('keyAccounts.scorecards.read') ? (
                <>
                  {' · '}
                  <a href={req.href('/scorecards')}>{req.t('scorecardsTitle')}</a>
                </>
              ) : null}
            </p>
          </div>
          <section class="card table-wrap">
            <form method="get" action={req.href('/accounts')} class="filters">
              <label>
                {req.t('designated')}
                <select name="designated">
                  <option value="true" selected={designated === 'true'}>
                    {req.t('keyAccountsOnly')}
                  </option>
                  <option value="false" selected={designated === 'false'}>
                    {req.t('notDesignated')}
                  </option>
                  <option value="all" selected={designated === ''}>
                    {req.t('all')}
                  </option>
                </select>
              </label>
              <label>
                {req.t('class')}
                <select name="class">
                  <option value="">{req.t('all')}</option>
                  {['A', 'B', 'C', 'none'].map((k) => (
                    <option value={k} selected={k === cls}>
                      {label(req, 'class', k)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" class="button-secondary">
                {req.t('show')}
              </button>
            </form>
            {items.length ? (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{req.t('customer')}</th>
                    <th scope="col">{req.t('class')}</th>
                    <th scope="col">{req.t('designated')}</th>
                    <th scope="col">{req.t('manager')}</th>
                    <th scope="col">{req.t('stage')}</th>
                    <th scope="col">{req.t('relationship')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((a) => (
                    <tr>
                      <td>
                        <AccountLink req={req} id={a.customerId} text={`${a.code ?? ''} ${a.name ?? ''}`} />
                      </td>
                      <td>
                        <ClassBadge req={req} cls={a.class} overridden={a.overridden} />
                      </td>
                      <td>{a.designated ? req.t('yes') : req.t('no')}</td>
                      <td>{a.managerId ? managers.get(a.managerId) : '—'}</td>
                      <td>{label(req, 'stage', a.stage)}</td>
                      <td>{label(req, 'relationship', a.relationship)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="muted">{req.t('noAccounts')}</p>
            )}
            <More req={req} cursor={res.ok ? res.body.nextCursor : null} />
          </section>
        </>
      );
    },
  });

  ctx.ui.page({
    path: '/customers/:id',
    title: { en: 'Key account', 'zh-CN': '大客户档案' },
    access: 'keyAccounts.read',
    async get(req) {
      const id = encodeURIComponent(req.params.id ?? '');
      const account = await req.api<Account>('GET', `${API}/customers/${id}`);
      if (!account.ok) return req.c.notFound();
      const a = account.body;
      const [team, duties, coverage, visits, plans, tiers, summary] = await Promise.all([
        req.api<{ items: Member[] }>('GET', `${API}/customers/${id}/team`),
        req.api<Checklist>('GET', `${API}/customers/${id}/duties`),
        req.api<Coverage>('GET', `${API}/customers/${id}/coverage`),
        req.api<Page<Visit>>('GET', `${API}/customers/${id}/visits?limit=50`),
        req.api<Page<Plan>>('GET', `${API}/customers/${id}/plans?limit=3`),
        req.api<Page<Tier>>('GET', `${API}/customers/${id}/tiers?limit=10`),
        deps.customers.summaries([a.customerId]),
      ]);
      const customer = summary.get(a.customerId);
      const name = customer ? `${customer.code} ${customer.name}` : a.customerId;
      return (
        <>
          <div class="page-head">
            <h1>
              {req.t('accountOf')} · {name}
            </h1>
            <p class="muted">
              <a href={`/customers/${id}`}>{name}</a>
            </p>
          </div>
          <div class="cols">
            <div>
              <section class="card" aria-labelledby="ka-summary">
                <h2 id="ka-summary">{req.t('summary')}</h2>
                <dl class="fields">
                  <dt>{req.t('class')}</dt>
                  <dd>
                    <ClassBadge req={req} cls={a.class} overridden={a.overridden} />
                    {a.overridden
                      ? ` ${req.t('computedWas', { class: label(req, 'class', a.computedClass) })}`
                      : ''}
                    {a.override ? <p class="small muted">{a.override.reason}</p> : null}
                  </dd>
                  <dt>{req.t('designated')}</dt>
                  <dd>
                    {a.designated ? req.t('designatedSince', { date: a.designatedOn ?? '' }) : req.t('no')}
                  </dd>
                  <dt>{req.t('manager')}</dt>
                  <dd>{await userName(a.managerId)}</dd>
                  <dt>{req.t('stage')}</dt>
                  <dd>{label(req, 'stage', a.stage)}</dd>
                  <dt>{req.t('relationship')}</dt>
                  <dd>{label(req, 'relationship', a.relationship)}</dd>
                  <dt>{req.t('loyalty')}</dt>
                  <dd>{label(req, 'loyalty', a.loyalty)}</dd>
                </dl>
              </section>
              <EntitlementsSection req={req} customerId={a.customerId} userName={userName} />
              <section class="card" aria-labelledby="ka-coverage">
                <h2 id="ka-coverage">{req.t('buyingCentre')}</h2>
                {coverage.ok ? (
                  <>
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{req.t('role')}</th>
                          <th scope="col">{req.t('contacts')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {coverage.body.roles.map((r) => (
                          <tr>
                            <th scope="row">{label(req, 'buyingRole', r.role)}</th>
                            <td>
                              {r.contacts.length ? (
                                r.contacts
                                  .map(
                                    (c) =>
                                      `${c.name}${c.lastContactedOn ? ` (${req.t('lastContact', { date: c.lastContactedOn })})` : ''}`,
                                  )
                                  .join('、')
                              ) : (
                                <span class="badge badge-overdue">{req.t('nobody')}</span>
                              )}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    {coverage.body.gaps.length ? (
                      <ul class="plain-list" aria-label={req.t('gaps')}>
                        {coverage.body.gaps.map((g) => (
                          <li>
                            <span class="badge badge-overdue">{req.t('gap')}</span> {gapLabel(req, g)}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <p class="muted">{req.t('noGaps')}</p>
                    )}
                  </>
                ) : null}
              </section>
              <section class="card table-wrap" aria-labelledby="ka-visits">
                <h2 id="ka-visits">{req.t('visits')}</h2>
                {visits.ok && visits.body.items.length ? (
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{req.t('dueOn')}</th>
                        <th scope="col">{req.t('visitType')}</th>
                        <th scope="col">{req.t('status')}</th>
                        <th scope="col">{req.t('note')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {visits.body.items.map((v) => (
                        <tr>
                          <td>{v.dueOn}</td>
                          <td>
                            {label(req, 'visitType', v.type)}
                            {v.cadenceDays ? ` · ${req.t('every', { days: v.cadenceDays })}` : ''}
                          </td>
                          <td>
                            <span
                              class={`badge ${v.overdue ? 'badge-overdue' : v.status === 'done' ? 'badge-active' : 'badge-upcoming'}`}
                            >
                              {v.overdue ? req.t('overdue') : label(req, 'visitStatus', v.status)}
                            </span>
                            {v.doneOn ? ` ${v.doneOn}` : ''}
                          </td>
                          <td>{v.note ?? ''}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p class="muted">{req.t('noVisits')}</p>
                )}
              </section>
              <section class="card" aria-labelledby="ka-plans">
                <h2 id="ka-plans">{req.t('plans')}</h2>
                {plans.ok && plans.body.items.length ? (
                  plans.body.items.map((p) => (
                    <div>
                      <h3>
                        {p.year} · {p.title}{' '}
                        <span class={`badge ${p.status === 'active' ? 'badge-active' : ''}`}>
                          {label(req, 'planStatus', p.status)}
                        </span>
                      </h3>
                      <p>
                        {req.t('completion')}:{' '}
                        <strong>{p.completion === null ? '—' : `${p.completion} %`}</strong>
                      </p>
                      {p.objectives.length ? (
                        <ul class="plain-list">
                          {p.objectives.map((o) => (
                            <li>
                              <span class={`badge ${o.status === 'done' ? 'badge-active' : ''}`}>
                                {label(req, 'objectiveStatus', o.status)}
                              </span>{' '}
                              {o.title}
                              {o.dueOn ? ` (${o.dueOn})` : ''}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                      {p.measures.length ? (
                        <table>
                          <thead>
                            <tr>
                              <th scope="col">{req.t('measure')}</th>
                              <th scope="col" class="num">
                                {req.t('target')}
                              </th>
                              <th scope="col" class="num">
                                {req.t('actual')}
                              </th>
                            </tr>
                          </thead>
                          <tbody>
                            {p.measures.map((m) => (
                              <tr>
                                <td>{m.name}</td>
                                <td class="num">
                                  {measureValue(req, m, m.target, deps.config.reportingCurrency)}
                                </td>
                                <td class="num">
                                  {measureValue(req, m, m.actual, deps.config.reportingCurrency)}
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      ) : null}
                    </div>
                  ))
                ) : (
                  <p class="muted">{req.t('noPlans')}</p>
                )}
              </section>
            </div>
            <div>
              <section class="card" aria-labelledby="ka-team">
                <h2 id="ka-team">{req.t('team')}</h2>
                {team.ok && team.body.items.length ? (
                  <ul class="plain-list">
                    {team.body.items.map((m) => (
                      <li>
                        <strong>{m.name}</strong> · {label(req, 'teamRole', m.role)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">{req.t('noTeam')}</p>
                )}
              </section>
              <section class="card" aria-labelledby="ka-duties">
                <h2 id="ka-duties">{req.t('duties')}</h2>
                {duties.ok && duties.body.duties.length ? (
                  <ul class="plain-list">
                    {duties.body.duties.map((d) => (
                      <li>
                        {d.doneOn ? '☑' : '☐'} {label(req, 'duty', d.duty)}
                        {d.doneOn ? <span class="small muted"> {d.doneOn}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">{req.t('noDuties')}</p>
                )}
              </section>
              <section class="card" aria-labelledby="ka-tiers">
                <h2 id="ka-tiers">{req.t('tierHistory')}</h2>
                {tiers.ok && tiers.body.items.length ? (
                  <ul class="plain-list">
                    {tiers.body.items.map((t) => (
                      <li>
                        {t.changedOn}: {label(req, 'class', t.from)} → {label(req, 'class', t.to)}{' '}
                        <span class="small muted">{label(req, 'tierSource', t.source)}</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">{req.t('noTiers')}</p>
                )}
              </section>
            </div>
          </div>
        </>
      );
    },
  });

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
          `${API}/scorecards/${encodeURIComponent(m.manager_id as string)}/${year}`,
        );
        if (res.ok) cards.push({ name: await userName(res.body.managerId), card: res.body });
      }
      const names = ['planCompletion', 'satisfaction', 'marketDevelopment', 'informationGathering'];
      const score = (n: number | null) => (n === null ? '—' : req.format.number(n));
      return (
        <>
          <div class="page-head">
            <h1>{req.t('scorecardsTitle')}</h1>
            <form method="get" action={req.href('/scorecards')} class="filters">
              <label>
                {req.t('year')}
                <select name="year">
                  {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
                    <option value={String(y)} selected={y === year}>
                      {y}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" class="button-secondary">
                {req.t('show')}
              </button>
            </form>
          </div>
          {cards.length === 0 ? (
            <p class="card empty">{req.t('noScorecards')}</p>
          ) : (
            <>
              <section class="card table-wrap" aria-labelledby="ka-scores">
                <h2 id="ka-scores">{req.t('scoresOf', { year })}</h2>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{req.t('manager')}</th>
                      <th scope="col" class="num">
                        {req.t('accounts')}
                      </th>
                      {names.map((n) => (
                        <th scope="col" class="num">
                          {req.t(`component.${n}`)}
                        </th>
                      ))}
                      <th scope="col" class="num">
                        {req.t('totalScore')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {cards.map(({ name, card }) => (
                      <tr>
                        <th scope="row">{name}</th>
                        <td class="num">{card.customerIds.length}</td>
                        {names.map((n) => (
                          <td class="num">
                            {score(card.components.find((c) => c.name === n)?.score ?? null)}
                          </td>
                        ))}
                        <td class="num">
                          <strong>{score(card.total)}</strong>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              {cards.map(({ name, card }) => (
                <section class="card" aria-label={req.t('inputsOf', { name })}>
                  <h2>{req.t('inputsOf', { name })}</h2>
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
                </section>
              ))}
            </>
          )}
        </>
      );
    },
  });
}

function gapLabel(req: UiRequest, gap: string): string {
  const [kind, role] = gap.split(':');
  const roleLabel = role && `buyingRole.${role}` in en ? req.t(`buyingRole.${role}`) : (role ?? '');
  return kind === 'stale'
    ? req.t('gap.stale', { role: roleLabel })
    : req.t('gap.missing', { role: roleLabel });
}

/** A revenue measure is minor units of the reporting currency; a manual one a number with its unit. */
function measureValue(
  req: UiRequest,
  m: { unit: string | null; source: string },
  value: number,
  currency: string,
): string {
  if (m.source === 'revenue') return req.format.money(value, currency);
  return `${req.format.number(value)}${m.unit ? ` ${m.unit}` : ''}`;
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
