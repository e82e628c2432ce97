import type { PluginContext, UiRequest } from '@kehu/core';
import { Badge, CustomerLink, DataTable, PageHead } from '@kehu/core/ui';
import type { Deps } from './context.js';
import type { Account } from './ui-accounts';
import { EntitlementsSection } from './ui-entitlements';
import { API, Card, ClassBadge, enc, label, type Page, userNames } from './ui-kit';

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

function gapLabel(req: UiRequest, gap: string): string {
  const [kind, role] = gap.split(':');
  const roleLabel = role ? label(req, 'buyingRole', role) : '';
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
) {
  if (m.source === 'revenue') return req.format.money(value, currency);
  return `${req.format.number(value)}${m.unit ? ` ${m.unit}` : ''}`;
}

const CoverageCard = ({ req, coverage }: { req: UiRequest; coverage: Coverage | null }) => (
  <DataTable
    id="ka-coverage"
    title={req.t('buyingCentre')}
    rows={coverage?.roles ?? []}
    empty={req.t('nobody')}
    columns={[
      { head: req.t('role'), cell: (r) => label(req, 'buyingRole', r.role) },
      {
        head: req.t('contacts'),
        cell: (r) =>
          r.contacts.length ? (
            r.contacts
              .map(
                (c) =>
                  `${c.name}${c.lastContactedOn ? ` (${req.t('lastContact', { date: c.lastContactedOn })})` : ''}`,
              )
              .join('、')
          ) : (
            <Badge kind="overdue" label={req.t('nobody')} />
          ),
      },
    ]}
  >
    {coverage?.gaps.length ? (
      <ul class="plain-list" aria-label={req.t('gaps')}>
        {coverage.gaps.map((g) => (
          <li>
            <Badge kind="overdue" label={req.t('gap')} /> {gapLabel(req, g)}
          </li>
        ))}
      </ul>
    ) : coverage ? (
      <p class="muted">{req.t('noGaps')}</p>
    ) : null}
  </DataTable>
);

const visitBadge = (v: Visit) => (v.overdue ? 'overdue' : v.status === 'done' ? 'active' : 'upcoming');

const VisitsCard = ({ req, visits }: { req: UiRequest; visits: Visit[] }) => (
  <DataTable
    id="ka-visits"
    title={req.t('visits')}
    rows={visits}
    empty={req.t('noVisits')}
    columns={[
      { head: req.t('dueOn'), cell: (v) => v.dueOn },
      {
        head: req.t('visitType'),
        cell: (v) =>
          `${label(req, 'visitType', v.type)}${v.cadenceDays ? ` · ${req.t('every', { days: v.cadenceDays })}` : ''}`,
      },
      {
        head: req.t('status'),
        cell: (v) => (
          <>
            <Badge
              kind={visitBadge(v)}
              label={v.overdue ? req.t('overdue') : label(req, 'visitStatus', v.status)}
            />
            {v.doneOn ? ` ${v.doneOn}` : ''}
          </>
        ),
      },
      { head: req.t('note'), cell: (v) => v.note ?? '' },
    ]}
  />
);

/** One plan: its status, completion and objectives above the table of its measures. */
const PlanCard = ({
  req,
  plan: p,
  index,
  currency,
}: {
  req: UiRequest;
  plan: Plan;
  index: number;
  currency: string;
}) => (
  <DataTable
    id={`ka-plan-${index}`}
    title={`${req.t('plan')} ${p.year} · ${p.title}`}
    rows={p.measures}
    empty={req.t('noMeasures')}
    columns={[
      { head: req.t('measure'), cell: (m) => m.name },
      { head: req.t('target'), num: true, cell: (m) => measureValue(req, m, m.target, currency) },
      { head: req.t('actual'), num: true, cell: (m) => measureValue(req, m, m.actual, currency) },
    ]}
  >
    <p>
      <Badge kind={p.status === 'active' ? 'active' : p.status} label={label(req, 'planStatus', p.status)} />{' '}
      {req.t('completion')}: <strong>{p.completion === null ? '—' : `${p.completion} %`}</strong>
    </p>
    {p.objectives.length ? (
      <ul class="plain-list" aria-label={req.t('objectives')}>
        {p.objectives.map((o) => (
          <li>
            <Badge
              kind={o.status === 'done' ? 'active' : o.status}
              label={label(req, 'objectiveStatus', o.status)}
            />{' '}
            {o.title}
            {o.dueOn ? ` (${o.dueOn})` : ''}
          </li>
        ))}
      </ul>
    ) : null}
  </DataTable>
);

const PlansCards = ({ req, plans, currency }: { req: UiRequest; plans: Plan[]; currency: string }) =>
  plans.length ? (
    <>
      {plans.map((plan, index) => (
        <PlanCard req={req} plan={plan} index={index} currency={currency} />
      ))}
    </>
  ) : (
    <Card id="ka-plans" title={req.t('plans')}>
      <p class="muted">{req.t('noPlans')}</p>
    </Card>
  );

/** A card of one-line items, or its "nothing here" line. */
const ItemsCard = (p: { id: string; title: string; empty: string; items: unknown[] }) => (
  <Card id={p.id} title={p.title}>
    {p.items.length ? (
      <ul class="plain-list">
        {p.items.map((item) => (
          <li>{item}</li>
        ))}
      </ul>
    ) : (
      <p class="muted">{p.empty}</p>
    )}
  </Card>
);

/** `/key-accounts/customers/:id`: everything about one key account. */
export function accountPage(ctx: PluginContext<unknown>, deps: Deps): void {
  const userName = userNames(deps);
  ctx.ui.page({
    path: '/customers/:id',
    title: { en: 'Key account', 'zh-CN': '大客户档案' },
    access: 'keyAccounts.read',
    async get(req) {
      const id = enc(req.params.id ?? '');
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
          <PageHead
            title={`${req.t('accountOf')} · ${name}`}
            subtitle={<CustomerLink id={a.customerId} name={name} />}
          />
          <div class="cols">
            <div>
              <Card id="ka-summary" title={req.t('summary')}>
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
              </Card>
              <EntitlementsSection req={req} customerId={a.customerId} userName={userName} />
              <CoverageCard req={req} coverage={coverage.ok ? coverage.body : null} />
              <VisitsCard req={req} visits={visits.ok ? visits.body.items : []} />
              <PlansCards
                req={req}
                plans={plans.ok ? plans.body.items : []}
                currency={deps.config.reportingCurrency}
              />
            </div>
            <div>
              <ItemsCard
                id="ka-team"
                title={req.t('team')}
                empty={req.t('noTeam')}
                items={(team.ok ? team.body.items : []).map((m) => (
                  <>
                    <strong>{m.name}</strong> · {label(req, 'teamRole', m.role)}
                  </>
                ))}
              />
              <ItemsCard
                id="ka-duties"
                title={req.t('duties')}
                empty={req.t('noDuties')}
                items={(duties.ok ? duties.body.duties : []).map((d) => (
                  <>
                    {d.doneOn ? '☑' : '☐'} {label(req, 'duty', d.duty)}
                    {d.doneOn ? <span class="small muted"> {d.doneOn}</span> : null}
                  </>
                ))}
              />
              <ItemsCard
                id="ka-tiers"
                title={req.t('tierHistory')}
                empty={req.t('noTiers')}
                items={(tiers.ok ? tiers.body.items : []).map((t) => (
                  <>
                    {t.changedOn}: {label(req, 'class', t.from)} → {label(req, 'class', t.to)}{' '}
                    <span class="small muted">{label(req, 'tierSource', t.source)}</span>
                  </>
                ))}
              />
            </div>
          </div>
        </>
      );
    },
  });
}
