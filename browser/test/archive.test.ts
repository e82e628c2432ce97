import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserKehu, LANGUAGES, type Language, type Person, startKehu } from '../src/harness.js';

/** The console labels these tests read, in both languages. */
const L = {
  contractAdded: { en: 'The contract was filed.', 'zh-CN': '合同已登记。' },
  discountRequested: {
    en: 'The discount waits for a manager’s approval.',
    'zh-CN': '折价申请已提交，等待经理审批。',
  },
  discountApproved: { en: 'The discount was approved.', 'zh-CN': '折价已批准。' },
  approved: { en: 'Approved', 'zh-CN': '已批准' },
  noteAdded: { en: 'The note was filed.', 'zh-CN': '记录已登记。' },
  documentAdded: { en: 'The file was attached.', 'zh-CN': '文件已上传。' },
  high: { en: 'High value', 'zh-CN': '高价值' },
  priority: { en: 'Priority service', 'zh-CN': '优先服务' },
  archive: { en: 'Contracts, documents, discounts, notes', 'zh-CN': '合同、文件、折价、记录' },
  contractSaved: { en: 'The contract was saved.', 'zh-CN': '合同已保存。' },
  customerSaved: { en: 'The changes were saved.', 'zh-CN': '修改已保存。' },
  documentRemoved: { en: 'The file was removed.', 'zh-CN': '文件已删除。' },
  edit: { en: 'Edit', 'zh-CN': '修改' },
} satisfies Record<string, Record<Language, string>>;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let k: BrowserKehu;
let owner: Person;
const customers: Partial<Record<Language, { id: string; name: string }>> = {};

beforeAll(async () => {
  k = await startKehu({
    async seed(kernel, kit) {
      owner = await kit.person(['account_manager'], '钱档案');
      for (const lang of LANGUAGES) {
        const c = await kernel.customers.create(
          {
            name: lang === 'en' ? 'Ningbo Harbour Logistics' : '宁波港务物流有限公司',
            ownerId: owner.id,
            status: 'active',
          },
          { actor: null },
        );
        customers[lang] = { id: c.id, name: c.name };
        await kernel.transaction((trx) =>
          kernel.values.importFigures(trx, [
            { customerId: c.id, year: 2023, currency: 'CNY', revenue: 2_000_000_00 },
            { customerId: c.id, year: 2024, currency: 'CNY', revenue: 2_400_000_00 },
            { customerId: c.id, year: 2025, currency: 'CNY', revenue: 2_600_000_00 },
          ]),
        );
      }
    },
  });
});
afterAll(() => k?.close());

describe.each(LANGUAGES)('the customer archive in the console in %s', (lang) => {
  it('files a contract, a document and a note, and a manager approves the discount the owner asked for', async () => {
    const c = customers[lang]!;
    const am = await k.signIn(owner, { lang });
    const sm = await k.signIn(['sales_manager'], { lang });
    try {
      await am.goto(`/customers/${c.id}`);
      await am.page.getByRole('link', { name: L.archive[lang] }).click();
      await am.page.waitForURL(`**/customers/${c.id}/archive`);
      await expect.poll(() => am.page.getByText(L.high[lang]).count()).toBeGreaterThan(0);
      expect(await am.page.getByText(L.priority[lang]).count()).toBeGreaterThan(0);
      await am.check('console-archive');

      const contract = am.page.locator('form[action$="/archive/contracts"]');
      await contract.locator('[name=number]').fill(`HT-2026-${lang}`);
      await contract
        .locator('[name=title]')
        .fill(lang === 'en' ? 'Annual freight agreement' : '年度运输协议');
      await contract.locator('[name=signedOn]').fill('2026-01-15');
      await contract.locator('[name=validTo]').fill('2026-12-31');
      await contract.locator('[name=amount]').fill('360000');
      await contract.locator('button[type=submit]').click();
      await expect.poll(() => am.page.getByText(L.contractAdded[lang]).count()).toBe(1);
      expect(await am.page.getByRole('cell', { name: `HT-2026-${lang}`, exact: true }).count()).toBe(1);

      await am.page
        .locator('input[type=file][name=file]')
        .setInputFiles({ name: 'freight-agreement.pdf', mimeType: 'application/pdf', buffer: PDF });
      await am.page.locator('form[action$="/archive/documents"] button[type=submit]').click();
      await expect.poll(() => am.page.getByText(L.documentAdded[lang]).count()).toBe(1);
      const href = await am.page.getByRole('link', { name: 'freight-agreement.pdf' }).getAttribute('href');
      const download = await am.page.request.get(href!);
      expect(download.status()).toBe(200);
      expect(Buffer.from(await download.body())).toEqual(PDF);

      const note = am.page.locator('form[action$="/archive/notes"]');
      await note.locator('[name=title]').fill(lang === 'en' ? 'Port expansion announced' : '港口扩建公告');
      await note.locator('button[type=submit]').click();
      await expect.poll(() => am.page.getByText(L.noteAdded[lang]).count()).toBe(1);

      const discount = am.page.locator('form[action$="/archive/discounts"]');
      const subject = lang === 'en' ? 'Order SO-118' : '订单 SO-118';
      await discount.locator('[name=subject]').fill(subject);
      await discount.locator('[name=percent]').fill('5');
      await discount
        .locator('[name=reason]')
        .fill(lang === 'en' ? 'Delivery three days late' : '交货延误三天');
      await discount.locator('button[type=submit]').click();
      await expect.poll(() => am.page.getByText(L.discountRequested[lang]).count()).toBe(1);
      // The owner cannot approve; the sales manager can.
      expect(await am.page.locator('form[action*="/discounts/"][action$="/approve"]').count()).toBe(0);
      await am.check('console-archive-filed');

      await sm.goto(`/customers/${c.id}/archive`);
      const row = sm.page.getByRole('row').filter({ hasText: subject });
      await sm.check('console-archive-approver');
      await row.locator('form[action$="/approve"] button[type=submit]').click();
      await expect.poll(() => sm.page.getByText(L.discountApproved[lang]).count()).toBe(1);
      await expect
        .poll(() => sm.page.getByRole('row').filter({ hasText: subject }).getByText(L.approved[lang]).count())
        .toBe(1);
    } finally {
      await am.close();
      await sm.close();
    }
  });

  it('edits the contract and the customer’s managers and competitors, and removes the document with a reason', async () => {
    const c = customers[lang]!;
    const am = await k.signIn(owner, { lang });
    try {
      await am.goto(`/customers/${c.id}/archive`);
      await am.page.locator(`a[href*="/archive/contracts/"][href$="/edit"]`).first().click();
      await am.page.waitForURL('**/edit');
      const title = lang === 'en' ? 'Annual freight agreement (amended)' : '年度运输协议（修订）';
      await am.page.locator('[name=title]').fill(title);
      await am.page.locator('[name=amount]').fill('380000');
      await am.check('console-contract-edit');
      await am.page.locator('form[action$="/edit"] button[type=submit]').click();
      await expect.poll(() => am.page.getByText(L.contractSaved[lang]).count()).toBe(1);
      expect(await am.page.getByText(title).count()).toBeGreaterThan(0);

      await am.goto(`/customers/${c.id}/edit`);
      const manager = lang === 'en' ? 'Chen Harbour' : '陈港';
      await am.page.locator('[name="managers.0.name"]').fill(manager);
      await am.page.locator('[name="managers.0.title"]').fill(lang === 'en' ? 'General manager' : '总经理');
      await am.page
        .locator('[name="businessStatus.outlook"]')
        .fill(lang === 'en' ? 'New berths in 2027' : '2027 年新泊位投产');
      await am.page
        .locator('[name="competitors.0.name"]')
        .fill(lang === 'en' ? 'East Sea Shipping' : '东海航运');
      await am.page.locator('[name="competitors.0.relation"]').selectOption('courting');
      await am.page.locator('[name=reason]').fill(lang === 'en' ? 'Visit notes' : '拜访记录');
      await am.check('console-customer-form-profile');
      await am.page.locator('form[action$="/edit"] button[type=submit]').click();
      await expect.poll(() => am.page.getByText(L.customerSaved[lang]).count()).toBe(1);

      await am.goto(`/customers/${c.id}/archive`);
      expect(await am.page.getByText(manager).count()).toBeGreaterThan(0);
      const doc = am.page.locator('form[action*="/archive/documents/"][action$="/remove"]').first();
      await doc.locator('[name=reason]').fill(lang === 'en' ? 'Uploaded twice' : '重复上传');
      await am.check('console-archive-profile');
      await doc.locator('button[type=submit]').click();
      await expect.poll(() => am.page.getByText(L.documentRemoved[lang]).count()).toBe(1);
    } finally {
      await am.close();
    }
  });

  it('shows the value report, the change-request inbox and downloads the report as .xlsx', async () => {
    const sm = await k.signIn(['sales_manager'], { lang });
    try {
      await sm.goto('/customer-value');
      await expect.poll(() => sm.page.getByRole('link', { name: customers[lang]!.name }).count()).toBe(1);
      await sm.check('console-customer-value');
      const xlsx = await sm.page.request.get('/customer-value/export?format=xlsx');
      expect(xlsx.status()).toBe(200);
      expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
      expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
      await sm.goto('/change-requests');
      await sm.check('console-change-requests');
    } finally {
      await sm.close();
    }
  });
});
