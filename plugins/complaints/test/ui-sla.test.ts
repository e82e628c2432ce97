import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
// The console's own browser-like test client (cookies, form token, Origin).
import { type Browser, consoleTest } from '../../console/test/support.js';
import { complaintsPlugin } from '../src/index.js';

const versionOf = (b: Browser) => /name="version" value="([^"]+)"/.exec(b.lastHtml)?.[1] ?? '';

/** The fields of a policy form, as a browser would post them. */
const policyFields = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  name: 'Key accounts',
  position: '10',
  enabled: 'true',
  'conditions.severity': ['critical', 'high'],
  'conditions.keyAccount': 'true',
  'targets.critical.responseMinutes': '15',
  'targets.critical.resolutionMinutes': '240',
  'targets.high.responseMinutes': '30',
  'targets.high.resolutionMinutes': '480',
  'targets.normal.responseMinutes': '120',
  'targets.normal.resolutionMinutes': '960',
  'targets.low.responseMinutes': '240',
  'targets.low.resolutionMinutes': '1920',
  'escalation.warningShare': '80',
  'escalation.warningRole': 'handler',
  'escalation.breachRole': 'service_manager',
  'escalation.levels.0.afterWorkingHours': '2',
  'escalation.levels.0.role': 'department_manager',
  'escalation.levels.1.afterWorkingHours': '6',
  'escalation.levels.1.role': 'general_manager',
  ...over,
});

const weekFields = (days: string[]) =>
  Object.fromEntries(
    days.flatMap((d) => [
      [`week.${d}.start`, '09:00'],
      [`week.${d}.lunchStart`, '12:00'],
      [`week.${d}.lunchEnd`, '13:00'],
      [`week.${d}.end`, '18:00'],
    ]),
  );

describe.each(testDatabases())('SLA policy and calendar editor on $name', (db) => {
  it('adds and edits a policy: conditions, targets, warning and levels; refusals beside the field in both languages; a stale version changes nothing', async () => {
    const ct = await consoleTest(db, [complaintsPlugin]);
    try {
      const manager = await ct.person(['service_manager']);
      const policies = async () =>
        (await json(await ct.t.request('/api/v1/complaints/sla-policies', { token: manager.token }))).items;
      const en = ct.browser({ 'accept-language': 'en' });
      await en.signIn(manager.email);
      expect((await en.get('/complaints/sla')).status).toBe(200);
      expect(en.lastHtml).toContain('keeps the running clocks');
      expect(en.lastHtml).toContain('href="/complaints/sla/policies/new"');

      await en.get('/complaints/sla/policies/new');
      // The new policy starts from the default's targets.
      expect(en.lastHtml).toMatch(/name="targets\.critical\.responseMinutes"[^>]*value="30"/);
      const added = await en.post(
        '/complaints/sla/policies/new',
        policyFields({ name: '<script>alert(1)</script> Key accounts' }),
      );
      expect(added.status).toBe(303);
      const page = added.headers.get('location')!;
      const [created] = (await policies()).filter((p: any) => !p.isDefault);
      expect(page).toBe(`/complaints/sla/policies/${created.id}`);
      expect(created).toMatchObject({
        position: 10,
        enabled: true,
        conditions: { severity: ['critical', 'high'], keyAccount: true },
        targets: { critical: { responseMinutes: 15, resolutionMinutes: 240 } },
        escalation: {
          warningShare: 0.8,
          warningRole: 'handler',
          breachRole: 'service_manager',
          levels: [
            { afterWorkingHours: 2, role: 'department_manager' },
            { afterWorkingHours: 6, role: 'general_manager' },
          ],
        },
        version: 1,
      });
      await en.get(page);
      expect(en.lastHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Key accounts');
      expect(en.lastHtml).not.toContain('<script>alert(1)');
      expect(en.lastHtml).toMatch(/name="conditions\.severity" value="critical" checked/);
      expect(versionOf(en)).toBe('1');

      // A target of 0 minutes is refused beside its field; nothing changes.
      const refused = await en.post(
        page,
        policyFields({ version: '1', 'targets.high.resolutionMinutes': '0' }),
      );
      expect(refused.status).toBe(422);
      expect(en.lastHtml).toMatch(
        /id="policy-targets-high-resolutionMinutes"[^>]*aria-invalid="true"[^>]*aria-describedby="policy-targets-high-resolutionMinutes-error"/,
      );
      expect(en.lastHtml).toContain('id="policy-targets-high-resolutionMinutes-error"');
      // Only that field: not its neighbour of the same severity.
      expect(en.lastHtml).not.toContain('id="policy-targets-high-responseMinutes-error"');
      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(manager.email);
      await zh.get(page);
      expect(zh.lastHtml).toContain('不会重置正在计时的投诉');
      expect(
        (await zh.post(page, policyFields({ version: '1', 'escalation.warningShare': '150' }))).status,
      ).toBe(422);
      expect(zh.lastHtml).toMatch(/id="policy-escalation-warningShare-error">数值过大或内容过长</);
      expect((await policies()).find((p: any) => p.id === created.id).version).toBe(1);

      // Saved with the version read: the second level is removed by leaving its row empty.
      const saved = await en.post(
        page,
        policyFields({
          version: '1',
          name: 'Key accounts',
          'escalation.levels.1.afterWorkingHours': '',
          'targets.high.resolutionMinutes': '420',
        }),
      );
      expect(saved.status).toBe(303);
      const after = (await policies()).find((p: any) => p.id === created.id);
      expect(after).toMatchObject({ version: 2, targets: { high: { resolutionMinutes: 420 } } });
      expect(after.escalation.levels).toEqual([{ afterWorkingHours: 2, role: 'department_manager' }]);
      // Another save from the page read before (version 1) is refused and changes nothing.
      const stale = await zh.post(page, policyFields({ version: '1', name: '过时的修改' }));
      expect(stale.status).toBe(409);
      expect(zh.lastHtml).toContain('这些设置已被他人修改');
      expect((await policies()).find((p: any) => p.id === created.id)).toMatchObject({
        name: 'Key accounts',
        version: 2,
      });

      // The default policy has no conditions and cannot be disabled: its form offers neither.
      await en.get('/complaints/sla/policies/default');
      expect(en.lastHtml).not.toContain('name="conditions.severity"');
      expect(en.lastHtml).not.toContain('name="enabled"');
      expect(
        (
          await en.post(
            '/complaints/sla/policies/default',
            policyFields({ name: 'Default', version: versionOf(en), 'targets.low.responseMinutes': '300' }),
          )
        ).status,
      ).toBe(303);
      expect((await policies()).find((p: any) => p.isDefault)).toMatchObject({
        enabled: true,
        conditions: {},
        targets: { low: { responseMinutes: 300 } },
      });

      await en.get(page);
      expect((await en.post(`${page}/delete`, {})).status).toBe(303);
      expect((await policies()).length).toBe(1);
    } finally {
      await ct.close();
    }
  });

  it('edits the working calendar as fields: hours with a lunch break, holidays and make-up days added and removed', async () => {
    const ct = await consoleTest(db, [complaintsPlugin], { timeZone: 'Asia/Shanghai' });
    try {
      const manager = await ct.person(['service_manager']);
      const calendar = async () =>
        json(await ct.t.request('/api/v1/complaints/calendar', { token: manager.token }));
      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(manager.email);
      await zh.get('/complaints/sla/calendar');
      expect(zh.lastHtml).toContain('调休上班日');
      expect(zh.lastHtml).toMatch(/name="week\.mon\.lunchStart"[^>]*value="12:00"/);
      const saved = await zh.post('/complaints/sla/calendar', {
        version: versionOf(zh),
        timeZone: 'Asia/Shanghai',
        ...weekFields(['mon', 'tue', 'wed', 'thu', 'fri']),
        'week.sat.start': '09:00',
        'week.sat.end': '12:00',
        'exceptions.0.kind': 'holiday',
        'exceptions.0.date': '2026-10-01',
        'exceptions.0.name': '国庆节',
        'exceptions.1.kind': 'holiday',
        'exceptions.1.date': '',
        'exceptions.2.kind': 'workday',
        'exceptions.2.date': '2026-10-10',
        'exceptions.2.name': '国庆调休',
      });
      expect(saved.status).toBe(303);
      expect(await calendar()).toEqual({
        timeZone: 'Asia/Shanghai',
        week: {
          mon: ['09:00-12:00', '13:00-18:00'],
          tue: ['09:00-12:00', '13:00-18:00'],
          wed: ['09:00-12:00', '13:00-18:00'],
          thu: ['09:00-12:00', '13:00-18:00'],
          fri: ['09:00-12:00', '13:00-18:00'],
          sat: ['09:00-12:00'],
        },
        exceptions: [
          { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
          { date: '2026-10-10', kind: 'workday', name: '国庆调休' },
        ],
        version: 1,
      });
      await zh.get('/complaints/sla/calendar');
      expect(zh.lastHtml).toMatch(/name="exceptions\.0\.date"[^>]*value="2026-10-01"/);
      expect(zh.lastHtml).toMatch(/name="exceptions\.1\.date"[^>]*value="2026-10-10"/);
      const version = versionOf(zh);

      // An interval that ends before it starts, and two exceptions on one date: refused beside them.
      const refused = await zh.post('/complaints/sla/calendar', {
        version,
        timeZone: 'Asia/Shanghai',
        ...weekFields(['mon']),
        'week.tue.start': '13:00',
        'week.tue.end': '12:00',
        'exceptions.0.kind': 'holiday',
        'exceptions.0.date': '2026-10-01',
        'exceptions.1.kind': 'workday',
        'exceptions.1.date': '2026-10-01',
      });
      expect(refused.status).toBe(422);
      expect(zh.lastHtml).toMatch(/id="calendar-week-tue-error">星期二: 此处的值无效</);
      expect(zh.lastHtml).toContain('id="calendar-exceptions-error"');
      // The refused form keeps what was typed.
      expect(zh.lastHtml).toMatch(/name="week\.tue\.start"[^>]*value="13:00"/);
      const en = ct.browser({ 'accept-language': 'en' });
      await en.signIn(manager.email);
      await en.get('/complaints/sla/calendar');
      await en.post('/complaints/sla/calendar', {
        version,
        timeZone: 'Mars/Olympus',
        ...weekFields(['mon']),
      });
      expect(en.lastHtml).toContain('id="calendar-timeZone-error">Not a time zone this runtime knows<');

      // The holiday removed; a new holiday added in a blank row.
      const removed = await en.post('/complaints/sla/calendar', {
        version,
        timeZone: 'Asia/Shanghai',
        ...weekFields(['mon', 'tue', 'wed', 'thu', 'fri']),
        'exceptions.0.kind': 'holiday',
        'exceptions.0.date': '2026-10-01',
        'exceptions.0.remove': 'true',
        'exceptions.1.kind': 'workday',
        'exceptions.1.date': '2026-10-10',
        'exceptions.2.kind': 'holiday',
        'exceptions.2.date': '2027-01-01',
        'exceptions.2.name': 'New Year',
      });
      expect(removed.status).toBe(303);
      expect((await calendar()).exceptions).toEqual([
        { date: '2026-10-10', kind: 'workday' },
        { date: '2027-01-01', kind: 'holiday', name: 'New Year' },
      ]);
      // A save from the page read before that change is refused.
      const stale = await zh.post('/complaints/sla/calendar', {
        version,
        timeZone: 'Asia/Shanghai',
        ...weekFields(['mon']),
      });
      expect(stale.status).toBe(409);
      expect(zh.lastHtml).toContain('这些设置已被他人修改');
      expect((await calendar()).week.fri).toEqual(['09:00-12:00', '13:00-18:00']);
    } finally {
      await ct.close();
    }
  });

  it('is read-only without the administrator’s right and refuses a post without the form token', async () => {
    const ct = await consoleTest(db, [complaintsPlugin]);
    try {
      const manager = await ct.person(['service_manager']);
      const agent = await ct.person(['customer_service']);
      const calendar = async () =>
        json(await ct.t.request('/api/v1/complaints/calendar', { token: manager.token }));
      const before = await calendar();
      const staff = ct.browser({ 'accept-language': 'en' });
      await staff.signIn(agent.email);
      expect((await staff.get('/complaints/sla')).status).toBe(200);
      expect(staff.lastHtml).not.toContain('/complaints/sla/policies/new');
      expect(staff.lastHtml).toContain('changing them needs');
      await staff.get('/complaints/sla/calendar');
      expect(staff.lastHtml).toContain('<fieldset disabled');
      expect(staff.lastHtml).not.toContain('>Save</button>');
      await staff.get('/complaints/sla/policies/default');
      expect(staff.lastHtml).toContain('<fieldset disabled');
      expect((await staff.get('/complaints/sla/policies/new')).status).toBe(403);
      const version = versionOf(staff);
      const refused = await staff.post(
        '/complaints/sla/policies/default',
        policyFields({ name: 'Mine', version }),
      );
      expect(refused.status).toBe(403);
      await staff.get('/complaints/sla/calendar');
      expect(
        (
          await staff.post('/complaints/sla/calendar', {
            version: versionOf(staff),
            timeZone: 'UTC',
            ...weekFields(['sat']),
          })
        ).status,
      ).toBe(403);

      const admin = ct.browser({ 'accept-language': 'en' });
      await admin.signIn(manager.email);
      await admin.get('/complaints/sla/calendar');
      const noToken = await admin.post(
        '/complaints/sla/calendar',
        { version: versionOf(admin), timeZone: 'UTC', ...weekFields(['sat']) },
        { csrf: null },
      );
      expect(noToken.status).toBe(403);
      expect(await calendar()).toEqual(before);
      const policies = await json(
        await ct.t.request('/api/v1/complaints/sla-policies', { token: manager.token }),
      );
      expect(policies.items[0]).toMatchObject({ name: 'Default', version: 1 });
    } finally {
      await ct.close();
    }
  });
});
