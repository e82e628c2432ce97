import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin/define-plugin.js';
import { createTestKehu, testDatabases } from '../testing/index.js';

describe.each(testDatabases())('UI extension point on $name', (db) => {
  it('collects contributions by plugin and refuses catalogs with a missing language', async () => {
    const panels = definePlugin({
      name: 'panels',
      version: '1.0.0',
      setup(ctx) {
        ctx.ui.nav({ label: { en: 'Panels', 'zh-CN': '面板' }, href: '/panels/list' });
        ctx.ui.page({ path: '/list', title: { en: 'List', 'zh-CN': '列表' }, get: () => 'hello' });
        ctx.ui.customerPanel({ name: 'p', title: { en: 'P', 'zh-CN': 'P' }, render: () => 'panel' });
        ctx.ui.dashboardWidget({ name: 'w', title: { en: 'W', 'zh-CN': 'W' }, render: () => 'widget' });
        ctx.ui.messages({ en: { hi: 'Hi' }, 'zh-CN': { hi: '你好' } });
      },
    });
    const t = await createTestKehu(db, { plugins: [panels] });
    try {
      expect(t.kernel.ui.pages.map((p) => [p.plugin, p.path])).toEqual([['panels', '/list']]);
      expect(t.kernel.ui.customerPanels.map((p) => p.plugin)).toEqual(['panels']);
      expect(t.kernel.ui.dashboardWidgets.map((p) => p.name)).toEqual(['w']);
      expect(t.kernel.ui.messages.get('panels')?.['zh-CN'].hi).toBe('你好');
      // Without a plugin serving the site, paths outside /api stay 404 problems.
      expect((await t.request('/panels/list')).status).toBe(404);
    } finally {
      await t.close();
    }
    const broken = definePlugin({
      name: 'broken',
      version: '1.0.0',
      setup(ctx) {
        ctx.ui.messages({ en: { a: 'A', b: 'B' }, 'zh-CN': { a: '甲' } });
      },
    });
    await expect(createTestKehu(db, { plugins: [broken] })).rejects.toThrow(
      'Messages of broken lack zh-CN for: b',
    );
  });
});
