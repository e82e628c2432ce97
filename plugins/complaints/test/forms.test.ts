import { readCsv } from '@kehu/core';
import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { consoleTest } from '../../console/test/support.js';
import { complaintsPlugin } from '../src/index.js';
import { file, post, toHandling, type World, world } from './support.js';

/** A complaint handled, replied, visited (not satisfied, then satisfied): every field of the forms filled. */
async function handledComplaint(w: World) {
  const c = await file(w, w.agent.token, {
    customerRequest: '更换热水器并赔偿',
    productRef: 'WH-200',
    batchRef: 'B2026-11',
    emotion: 'upset',
    rmlsp: { steps: ['regret', 'listen'] },
  });
  await toHandling(w, c.id, w.agent.token, [
    { kind: 'replacement', description: '更换新热水器' },
    { kind: 'compensation', description: '房费减免', amount: 20_000, currency: 'CNY' },
  ]);
  await post(w, `/${c.id}/reply`, { text: '已更换热水器并减免房费', channel: 'phone' }, w.agent.token);
  await post(w, `/${c.id}/return-visit`, { satisfied: true, note: '客户表示满意' }, w.agent.token);
  return c;
}

const get = (w: World, path: string, token: string) => w.t.request(`/api/v1/complaints${path}`, { token });

async function csvOf(res: Response): Promise<{ header: string[]; rows: string[][] }> {
  const all: string[][] = [];
  for await (const r of readCsv(res.body!)) all.push(r.cells);
  return { header: all[0] ?? [], rows: all.slice(1) };
}

const fieldsOf = (form: any) =>
  Object.fromEntries(form.sections.flatMap((s: any) => s.fields.map((f: any) => [f.label, f.value])));

describe.each(testDatabases())('the four complaint forms on $name', (db) => {
  it('prints the handling and opinion forms of one complaint in zh-CN and en, and as CSV', async () => {
    const w = await world(db);
    try {
      const c = await handledComplaint(w);
      const zh = await json(await get(w, `/${c.id}/forms/handling?lang=zh-CN`, w.agent.token));
      expect(zh.title).toBe('客户投诉处理表');
      expect(zh.sections.map((s: any) => s.heading)).toEqual([
        '投诉信息',
        '受理与鉴定',
        '原因调查',
        '责任确定',
        '处理措施',
        '答复与回访',
        '处理时限',
      ]);
      const zf = fieldsOf(zh);
      expect(zf).toMatchObject({
        编号: c.number,
        投诉渠道: '电话',
        投诉类别: '商品质量',
        客户要求: '更换热水器并赔偿',
        '产品 / 批次 / 订单 / 发票': 'WH-200 / B2026-11',
        客户情绪: '不满',
        受理人: '客服小王',
        投诉性质: '一般抱怨',
        责任方: '供应商',
        责任人或单位: '宁波热水器厂',
        回访结果: '满意',
        状态: '已结案',
      });
      expect(zf['客户']).toContain('杭州西湖国宾酒店');
      expect(zf['受理时间']).toBe('2026-12-07 09:00');
      expect(zf['赔偿']).toContain('¥200.00');
      expect(zf['赔偿']).toContain('已批准');
      expect(zh.signatures).toEqual(['受理人签字', '客服主管审核']);

      const en = await json(await get(w, `/${c.id}/forms/opinion?lang=en`, w.agent.token));
      expect(en.title).toBe('Customer opinion form');
      expect(fieldsOf(en)).toMatchObject({
        'The customer asks for': '更换热水器并赔偿',
        Reply: '已更换热水器并减免房费',
        'Return visit': 'Satisfied',
        'Return visit note': '客户表示满意',
      });
      expect(en.signatures).toContain('Customer');

      const csv = await get(w, `/${c.id}/forms/handling?lang=zh-CN&format=csv`, w.agent.token);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(csv.headers.get('content-disposition')).toContain(`${c.number}-handling.csv`);
      const records = await csvOf(csv);
      expect(records.header).toEqual(['栏目', '项目', '内容']);
      expect(records.rows).toContainEqual(['答复与回访', '回访结果', '满意']);

      // The forms follow the complaint's visibility: another account manager gets 404, as for none.
      expect((await get(w, `/${c.id}/forms/handling`, w.otherOwner.token)).status).toBe(404);
      expect((await get(w, `/nope/forms/handling`, w.agent.token)).status).toBe(404);
      expect((await get(w, `/${c.id}/forms/other`, w.agent.token)).status).toBe(400);
    } finally {
      await w.t.close();
    }
  });

  it('prints the analysis and tracking forms of a period, per category, with CSV', async () => {
    const w = await world(db);
    try {
      const c = await handledComplaint(w);
      const second = await file(w, w.agent2.token, { category: 'late_delivery', subject: '送货晚了两天' });
      await post(w, `/${second.id}/accept`, { severity: 'high', nature: 'general' }, w.agent2.token);
      // Another month: outside the period.
      w.t.clock.set('2027-01-05T02:00:00.000Z');
      await file(w, w.agent.token, { subject: '一月份的投诉' });

      const period = 'from=2026-12-01&to=2026-12-31';
      const analysis = await json(await get(w, `/forms/analysis?${period}&lang=zh-CN`, w.manager.token));
      expect(analysis.title).toBe('客户投诉分析表');
      expect(fieldsOf(analysis)).toMatchObject({ 投诉件数: '2', 客户数: '1', 关键抱怨: '0' });
      expect(analysis.table.head.slice(0, 3)).toEqual(['投诉类别', '投诉件数', '比率']);
      const quality = analysis.table.rows.find((r: string[]) => r[0] === '商品质量');
      expect(quality.slice(0, 5)).toEqual(['商品质量', '1', '50.0%', '1', '0']);
      expect(quality[5]).toBe('Batch 2026-11 gaskets (1)');
      expect(quality[6]).toBe('供应商 (1)');
      expect(quality[8]).toBe('¥200.00');

      const tracking = await json(await get(w, `/forms/tracking?${period}&lang=en`, w.manager.token));
      expect(tracking.title).toBe('Complaint tracking form');
      expect(tracking.table.rows.map((r: string[]) => r[0])).toEqual([c.number, second.number]);
      const [first, other] = tracking.table.rows;
      expect(first.slice(7, 12)).toEqual([
        'Closed',
        'Replacement、Compensation',
        '2026-12-07',
        expect.any(String),
        'Satisfied',
      ]);
      expect(other[7]).toBe('Accepted');
      expect(other[6]).toBe('客服小李');

      const csv = await get(w, `/forms/tracking?${period}&format=csv&lang=en`, w.manager.token);
      const records = await csvOf(csv);
      expect(records.header[0]).toBe('No.');
      expect(records.rows).toHaveLength(2);

      // Customer-service staff do not hold the reports permission; a reversed period is refused.
      expect((await get(w, `/forms/analysis?${period}`, w.agent.token)).status).toBe(403);
      const reversed = await get(w, '/forms/analysis?from=2026-12-31&to=2026-12-01', w.manager.token);
      expect(reversed.status).toBe(400);
      expect((await json(reversed)).code).toBe('invalid_period');
    } finally {
      await w.t.close();
    }
  });

  it('serves the forms as printable console pages with their CSV downloads', async () => {
    const ct = await consoleTest(db, [complaintsPlugin]);
    try {
      const owner = await ct.person(['account_manager']);
      const customer = await json(
        await ct.t.request('/api/v1/customers', {
          body: { name: '杭州西湖国宾酒店', kind: 'business', ownerId: owner.id },
        }),
      );
      const manager = await ct.person(['service_manager'], '客服经理张');
      const filed = await json(
        await ct.t.request('/api/v1/complaints', {
          token: manager.token,
          body: {
            customerId: customer.id,
            channel: 'phone',
            category: 'service',
            subject: '前台态度差',
            description: '前台服务态度不好',
          },
        }),
      );
      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(manager.email);
      const page = await zh.get(`/complaints/complaints/${filed.id}/forms/handling`);
      expect(page.status).toBe(200);
      expect(zh.lastHtml).toContain('客户投诉处理表');
      expect(zh.lastHtml).toContain('class="printable card"');
      expect(zh.lastHtml).toContain('data-print');
      expect(zh.lastHtml).toContain('前台服务态度不好');
      const download = await zh.get(`/complaints/complaints/${filed.id}/forms/opinion?format=csv`);
      expect(download.headers.get('content-type')).toContain('text/csv');
      expect(await download.text()).toContain('客户意见');

      const en = ct.browser({ 'accept-language': 'en' });
      await en.signIn(manager.email);
      expect((await en.get('/complaints/forms/tracking?from=2026-01-01&to=2030-12-31')).status).toBe(200);
      expect(en.lastHtml).toContain('Complaint tracking form');
      expect(en.lastHtml).toContain(filed.number);
      expect((await en.get('/complaints/forms/analysis')).status).toBe(200);
      expect(en.lastHtml).toContain('Complaint analysis form');
      const report = await en.get('/complaints/reports?from=2026-01-01&to=2030-12-31&by=category&format=csv');
      expect(report.headers.get('content-type')).toContain('text/csv');
      expect(await report.text()).toContain('service');
    } finally {
      await ct.close();
    }
  });
});
