import { DomainError, type Executor, z } from '@kehu/core';
import { type Deps, nowIso } from './context.js';

export interface Category {
  code: string;
  labels: { en: string; 'zh-CN': string };
  builtIn: boolean;
  active: boolean;
}

const L = (code: string, en: string, zh: string): Category => ({
  code,
  labels: { en, 'zh-CN': zh },
  builtIn: true,
  active: true,
});

/** The content categories of the company manuals. */
export const BUILT_IN_CATEGORIES: readonly Category[] = [
  L('product_quality', 'Product quality', '商品质量'),
  L('purchase_contract', 'Purchase contract', '购销合同'),
  L('transport', 'Transport', '货物运输'),
  L('service', 'Service', '服务'),
  L('price_change', 'Price change', '价格变动'),
  L('late_delivery', 'Late delivery', '交货延迟'),
  L('installation', 'Installation', '安装不良'),
  L('missing_promotion_info', 'Missing promotion information', '促销信息缺失'),
  L('payment_dispute', 'Payment dispute', '付款争议'),
  L('training', 'Lack of training', '培训不足'),
];

export const CategoryInput = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'Lower-case letters, digits and _ (e.g. packaging)'),
  labels: z.strictObject({
    en: z.string().trim().min(1).max(100),
    'zh-CN': z.string().trim().min(1).max(100),
  }),
  active: z.boolean().default(true),
});

export async function listCategories(trx: Executor): Promise<Category[]> {
  const rows = await trx.selectFrom('cmp_category').selectAll().orderBy('code').execute();
  return [
    ...BUILT_IN_CATEGORIES,
    ...rows.map((r) => ({
      code: r.code as string,
      labels: { en: r.label_en as string, 'zh-CN': r.label_zh as string },
      builtIn: false,
      active: Number(r.active) === 1,
    })),
  ];
}

export async function assertCategory(trx: Executor, code: string, path = 'body.category'): Promise<void> {
  const found = (await listCategories(trx)).find((c) => c.code === code && c.active);
  if (!found)
    throw new DomainError('unknown_category', `There is no active complaint category "${code}"`, {
      errors: [{ path, message: 'Unknown category' }],
    });
}

export async function saveCategory(deps: Deps, input: z.infer<typeof CategoryInput>): Promise<Category> {
  return deps.transaction(async (trx) => {
    if (BUILT_IN_CATEGORIES.some((c) => c.code === input.code))
      throw new DomainError('built_in_category', `"${input.code}" is a built-in category`, {}, 409);
    const values = {
      label_en: input.labels.en,
      label_zh: input.labels['zh-CN'],
      active: input.active ? 1 : 0,
    };
    await trx
      .insertInto('cmp_category')
      .values({ code: input.code, ...values, created_at: nowIso(deps) })
      .onConflict((oc) => oc.column('code').doUpdateSet(values))
      .execute();
    return { code: input.code, labels: input.labels, builtIn: false, active: input.active };
  });
}
