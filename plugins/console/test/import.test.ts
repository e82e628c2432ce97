import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { consoleTest } from './support.js';

describe.each(testDatabases())('the import wizard on $name', (db) => {
  it('checks a file, commits it once, and keeps one user’s upload from another', async () => {
    const ct = await consoleTest(db);
    try {
      const manager = await ct.person(['sales_manager']);
      const other = await ct.person(['sales_manager']);
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(manager.email);
      await b.get('/import');
      const form = new FormData();
      form.set(
        'file',
        new File(['name,region\n宁波港湾物流有限公司,华东\n,华北\n'], 'new.csv', { type: 'text/csv' }),
      );
      form.set('mode', 'skip-invalid');
      const checked = await b.post('/import/check', form);
      expect(checked.status).toBe(200);
      expect(b.lastHtml).toContain('2. Check result of new.csv');
      const upload = /name="upload" value="([^"]+)"/.exec(b.lastHtml)![1]!;
      expect((await json(await ct.t.request('/api/v1/customers?q=宁波港湾'))).items).toHaveLength(0);

      const intruder = ct.browser({ 'accept-language': 'en' });
      await intruder.signIn(other.email);
      await intruder.get('/import');
      expect((await intruder.post('/import/commit', { upload })).status).toBe(410);

      expect((await b.post('/import/commit', { upload })).status).toBe(200);
      expect(b.lastHtml).toContain('1 customers were created.');
      expect((await json(await ct.t.request('/api/v1/customers?q=宁波港湾'))).items).toHaveLength(1);
      await b.get('/import');
      expect((await b.post('/import/commit', { upload })).status).toBe(410);
    } finally {
      await ct.close();
    }
  });
});
