import type { PluginContext, UiRequest } from '@kehu/core';
import { API } from './ui-shared';

const STATUSES = ['sent', 'opened', 'submitted', 'expired', 'opted_out'] as const;

const MESSAGES = {
  en: {
    campaignsTitle: 'Survey campaigns',
    newCampaign: 'New campaign',
    name: 'Name',
    questionnaire: 'Questionnaire',
    schedule: 'Schedule',
    once: 'Once',
    quarterly: 'Quarterly (定期)',
    triggered: 'After a complaint',
    trigger: 'Trigger',
    complaint_closed: 'complaint closed',
    complaint_replied: 'complaint replied (return visit)',
    contactsRule: 'Contacts',
    primary: 'Primary contact',
    allContacts: 'All contacts',
    language: 'Language',
    create: 'Create as draft',
    start: 'Start',
    close: 'Close',
    status: 'Status',
    invitations: 'Invitations',
    responseRate: 'Response rate',
    noCampaigns: 'No campaigns yet.',
    st_sent: 'sent',
    st_opened: 'opened',
    st_submitted: 'answered',
    st_expired: 'expired',
    st_opted_out: 'opted out',
    questionnaires: 'Questionnaires',
  },
  'zh-CN': {
    campaignsTitle: '满意度调查活动',
    newCampaign: '新建调查活动',
    name: '名称',
    questionnaire: '问卷',
    schedule: '安排',
    once: '一次',
    quarterly: '每季度（定期）',
    triggered: '投诉处理后',
    trigger: '触发',
    complaint_closed: '投诉结案',
    complaint_replied: '投诉答复（回访）',
    contactsRule: '联系人',
    primary: '主要联系人',
    allContacts: '全部联系人',
    language: '语言',
    create: '创建草稿',
    start: '开始',
    close: '结束',
    status: '状态',
    invitations: '邀请',
    responseRate: '回复率',
    noCampaigns: '暂无调查活动。',
    st_sent: '已发送',
    st_opened: '已打开',
    st_submitted: '已回答',
    st_expired: '已过期',
    st_opted_out: '已退订',
    questionnaires: '问卷',
  },
} as const;

type Key = keyof (typeof MESSAGES)['en'];
const say = (req: UiRequest, key: Key, params: Record<string, string | number> = {}) =>
  MESSAGES[req.lang][key].replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? ''));
const text = (req: UiRequest, t: { 'zh-CN': string; en: string }) =>
  req.lang === 'zh-CN' ? t['zh-CN'] : t.en;
const percent = (req: UiRequest, v: number | null) =>
  v === null ? '—' : req.format.number(v, { style: 'percent', maximumFractionDigits: 1 });

/** Campaigns with their invitation status and a form to create and start one. */
export function campaignPages(ctx: PluginContext<unknown>): void {
  ctx.ui.page({
    path: '/campaigns',
    title: { en: 'Survey campaigns', 'zh-CN': '满意度调查活动' },
    access: 'satisfaction.read',
    get: (req) => campaignsPage(req, null),
    async post(req) {
      const f = req.form as Record<string, string>;

      const res =
        f.action === 'create'
          ? await req.api('POST', `${API}/campaigns`, {
              name: f.name,
              questionnaireId: f.questionnaireId,
              schedule: f.schedule,
              ...(f.schedule === 'triggered' ? { trigger: f.trigger } : {}),
              contacts: { rule: f.contacts === 'all' ? 'all' : 'primary' },
              language: f.language === 'en' ? 'en' : 'zh-CN',
            })
          : await req.api(
              'POST',
              `${API}/campaigns/${encodeURIComponent(f.id ?? '')}/${f.action === 'close' ? 'close' : 'start'}`,
            );

      if (!res.ok) return campaignsPage(req, String(res.body?.detail ?? res.status));
      return req.c.redirect('/satisfaction/campaigns', 303);
    },
  });
}

async function campaignsPage(req: UiRequest, error: string | null) {
  const [list, questionnaires] = await Promise.all([
    req.api('GET', `${API}/campaigns`),
    req.api('GET', `${API}/questionnaires`),
  ]);
  const campaigns: any[] = list.ok ? list.body.items : [];
  const results = await Promise.all(
    campaigns.map((c) =>
      req.api('GET', `${API}/campaigns/${c.id}/results`).then((r) => (r.ok ? r.body : null)),
    ),
  );
  const names = new Map<string, string>(
    (questionnaires.ok ? questionnaires.body.items : []).map((q: any) => [
      q.id,
      `${text(req, q.title)} v${q.version}`,
    ]),
  );
  const canWrite = req.principal.can('satisfaction.campaigns.write');
  const csrf = <input type="hidden" name="_csrf" value={req.csrfToken} />;
  return (
    <div class="stack">
      {error ? (
        <p class="alert" role="alert">
          {error}
        </p>
      ) : null}
      <section class="card">
        <h2>{say(req, 'campaignsTitle')}</h2>
        {campaigns.length === 0 ? (
          <p class="muted">{say(req, 'noCampaigns')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{say(req, 'name')}</th>
                <th>{say(req, 'questionnaire')}</th>
                <th>{say(req, 'schedule')}</th>
                <th>{say(req, 'status')}</th>
                <th>{say(req, 'invitations')}</th>
                <th>{say(req, 'responseRate')}</th>
                {canWrite ? <th>{say(req, 'start')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c, i) => {
                const r = results[i];
                return (
                  <tr>
                    <td>{c.name}</td>
                    <td>{names.get(c.questionnaireId) ?? c.questionnaireId}</td>
                    <td>
                      {say(req, c.schedule)}
                      {c.trigger ? ` · ${say(req, c.trigger)}` : ''}
                    </td>
                    <td>
                      <span class="badge">{c.status}</span>
                    </td>
                    <td class="small">
                      {r
                        ? STATUSES.filter((s) => r.invitations[s] > 0)
                            .map(
                              (s) => `${say(req, `st_${s}` as Key)} ${req.format.number(r.invitations[s])}`,
                            )
                            .join(' · ') || '—'
                        : '—'}
                    </td>
                    <td>{percent(req, r?.responseRate ?? null)}</td>
                    {canWrite ? (
                      <td>
                        {c.status === 'draft' || c.status === 'active' ? (
                          <form method="post" action="/satisfaction/campaigns">
                            {csrf}
                            <input type="hidden" name="id" value={c.id} />
                            <input type="hidden" name="name" value={c.name} />
                            <button
                              type="submit"
                              name="action"
                              value={c.status === 'draft' ? 'start' : 'close'}
                              class="button secondary"
                            >
                              {say(req, c.status === 'draft' ? 'start' : 'close')}
                            </button>
                          </form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <p>
          <a href="/satisfaction/questionnaires">{say(req, 'questionnaires')}</a>
        </p>
      </section>
      {canWrite && names.size > 0 ? (
        <section class="card">
          <h2>{say(req, 'newCampaign')}</h2>
          <form method="post" action="/satisfaction/campaigns" class="stack">
            {csrf}
            <input type="hidden" name="action" value="create" />
            <label>
              {say(req, 'name')} <input name="name" required maxlength={200} />
            </label>
            <label>
              {say(req, 'questionnaire')}{' '}
              <select name="questionnaireId">
                {[...names].map(([id, name]) => (
                  <option value={id}>{name}</option>
                ))}
              </select>
            </label>
            <label>
              {say(req, 'schedule')}{' '}
              <select name="schedule">
                {(['once', 'quarterly', 'triggered'] as const).map((s) => (
                  <option value={s}>{say(req, s)}</option>
                ))}
              </select>
            </label>
            <label>
              {say(req, 'trigger')}{' '}
              <select name="trigger">
                {(['complaint_closed', 'complaint_replied'] as const).map((s) => (
                  <option value={s}>{say(req, s)}</option>
                ))}
              </select>
            </label>
            <label>
              {say(req, 'contactsRule')}{' '}
              <select name="contacts">
                <option value="primary">{say(req, 'primary')}</option>
                <option value="all">{say(req, 'allContacts')}</option>
              </select>
            </label>
            <label>
              {say(req, 'language')}{' '}
              <select name="language">
                <option value="zh-CN">简体中文</option>
                <option value="en">English</option>
              </select>
            </label>
            <p>
              <button type="submit" class="button">
                {say(req, 'create')}
              </button>
            </p>
          </form>
        </section>
      ) : null}
    </div>
  );
}
