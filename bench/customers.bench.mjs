/**
 * customers.* — the customer archive against a bare hono + better-sqlite3 endpoint on the same
 * 100k-customer SQLite file, in the same run: GET one customer (as its account manager, access
 * checked, every facet included — with no plugin enabled that is the kernel's `contacts`), the same
 * GET against a bare endpoint doing the same work (`customers.get.sameWork`), the same GET without
 * facets, POST a customer, the same POST against a bare endpoint doing the same writes
 * (`customers.post.sameWork`), a filtered list page, a pinyin-initials search, and CSV and .xlsx
 * import.
 *
 * Each server runs in its own process; autocannon drives it from this one (10 connections).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { createDataset, REGIONS, TOKENS } from './lib/dataset.mjs';
import { compare, latency, load } from './lib/load.mjs';
import { round, startServer as start } from './lib/process.mjs';

/** A CSV of `rows` new customers, produced as the upload reads it. */
export function csvStream(rows, offset) {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i === 0)
        controller.enqueue(
          encoder.encode('\uFEFF客户名称,客户类型,客户状态,区域,电话,标签,联系人,联系人电话\r\n'),
        );
      let chunk = '';
      for (let k = 0; k < 1000 && i < rows; k++, i++) {
        const k = offset + i;
        chunk += `导入客户${k} 实业有限公司,商业客户,潜在客户,${REGIONS[k % REGIONS.length]},010-${String(60_000_000 + k)},导入;批量,联系人${k},137${String(10_000_000 + k)}\r\n`;
      }
      controller.enqueue(encoder.encode(chunk));
      if (i >= rows) controller.close();
    },
  });
}

/** An `.xlsx` workbook of `rows` new customers with the CSV's columns, built in memory before the upload. */
async function xlsxFile(rows, offset) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  ws.addRow(['客户名称', '客户类型', '客户状态', '区域', '电话', '标签', '联系人', '联系人电话']);
  for (let i = 0; i < rows; i++) {
    const k = offset + i;
    ws.addRow([
      `表格客户${k} 实业有限公司`,
      '商业客户',
      '潜在客户',
      REGIONS[k % REGIONS.length],
      `020-${String(60_000_000 + k)}`,
      '导入;表格',
      `联系人${k}`,
      `136${String(10_000_000 + k)}`,
    ]);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export async function run({ quick = false, log = console.log } = {}) {
  const customers = 100_000;
  const duration = quick ? 6 : 18;
  const importRows = quick ? 20_000 : 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-bench-'));
  const file = join(dir, 'bench.db');
  const servers = [];
  try {
    const { ownerId, mine } = await createDataset(file, customers, log);
    const bare = await start('bare', file);
    servers.push(bare);
    const kehu = await start('kehu', file);
    servers.push(kehu);
    const am = { authorization: `Bearer ${TOKENS.accountManager}` };
    const json = { 'content-type': 'application/json' };

    let n = 0;
    const byId =
      (prefix, suffix = '') =>
      (req) => ({ ...req, path: `${prefix}/${mine[n++ % mine.length]}${suffix}` });
    const { bare: bareGet, kehu: kehuGet } = await compare(
      { url: bare.url, setupRequest: byId('/customers') },
      { url: kehu.url, headers: am, setupRequest: byId('/api/v1/customers', '?include=*') },
      duration,
    );
    log(
      `customers.get: bare ${round(bareGet.reqPerSec, 0)} req/s, Kehu ${round(kehuGet.reqPerSec, 0)} req/s`,
    );
    // The same request against a bare endpoint that does the work the answer needs (token check,
    // the one statement with the facets' rows, the owner rule, the JSON): what of the distance to the
    // one-`select *` floor is Kehu's code and what is the work.
    const { bare: sameWorkGet, kehu: kehuGetAgain } = await compare(
      { url: bare.url, headers: am, setupRequest: byId('/same/customers') },
      { url: kehu.url, headers: am, setupRequest: byId('/api/v1/customers', '?include=*') },
      Math.max(3, duration / 2),
    );
    log(
      `customers.get.sameWork: bare doing the same work ${round(sameWorkGet.reqPerSec, 0)} req/s, Kehu ${round(kehuGetAgain.reqPerSec, 0)} req/s`,
    );
    // The same without facets: the kernel's own cost (auth, access check, validation, one query).
    const { bare: barePlain, kehu: kehuPlain } = await compare(
      { url: bare.url, setupRequest: byId('/customers') },
      { url: kehu.url, headers: am, setupRequest: byId('/api/v1/customers') },
      Math.max(3, duration / 2),
    );
    log(
      `customers.get.plain: bare ${round(barePlain.reqPerSec, 0)} req/s, Kehu ${round(kehuPlain.reqPerSec, 0)} req/s`,
    );

    // The list first, on the generated data only: the POSTs below add thousands of newest rows to the same owner.
    const listQuery = `status=active&region=${encodeURIComponent(REGIONS[0])}&limit=50`;
    const bareList = await latency(
      `${bare.url}/customers?owner=${ownerId}&${listQuery}`,
      {},
      quick ? 300 : 1000,
    );
    const kehuList = await latency(`${kehu.url}/api/v1/customers?${listQuery}`, am, quick ? 300 : 1000);
    const kehuListLoad = await load({
      url: `${kehu.url}/api/v1/customers?${listQuery}`,
      headers: am,
      duration: Math.max(2, duration / 2),
    });
    log(
      `customers.list: p95 bare ${round(bareList.p95, 2)} ms, Kehu ${round(kehuList.p95, 2)} ms; Kehu ${round(kehuListLoad.reqPerSec, 0)} req/s under load`,
    );

    // Pinyin initials as a user types them: 测试客户4242 贸易有限公司 is `cskh4242myyxgs`, so
    // `cskh4242` picks out a handful of the 100,000 names (4242 and 42420…42429) through the index.
    const searchFor = (i) => 1000 + ((i * 7919) % 8000);
    const searchUrl = (i) => `${kehu.url}/api/v1/customers?q=cskh${searchFor(i)}&limit=50`;
    const sm = { authorization: `Bearer ${TOKENS.salesManager}` };
    const probe = await (await fetch(searchUrl(0), { headers: sm })).json();
    if (!probe.items?.some((c) => c.name === `测试客户${searchFor(0)} 贸易有限公司`))
      throw new Error(`pinyin search found nothing: ${JSON.stringify(probe).slice(0, 300)}`);
    const pinyinSearch = await latency(searchUrl, sm, quick ? 300 : 1000);
    const pinyinSearchMine = await latency(searchUrl, am, quick ? 300 : 1000);
    log(
      `customers.search.pinyin: p95 ${round(pinyinSearch.p95, 2)} ms (all customers), ${round(pinyinSearchMine.p95, 2)} ms (as an account manager)`,
    );

    const post = (path) => (req) => {
      const i = n++;
      return {
        ...req,
        path,
        body: JSON.stringify({
          name: `压测新客户 ${process.pid}-${i}`,
          phone: `0571-${String(80_000_000 + (i % 10_000_000))}-${i}`,
          region: '华东',
        }),
      };
    };
    const { bare: barePost, kehu: kehuPost } = await compare(
      { url: bare.url, method: 'POST', headers: json, setupRequest: post('/customers') },
      { url: kehu.url, method: 'POST', headers: { ...am, ...json }, setupRequest: post('/api/v1/customers') },
      duration,
    );
    log(
      `customers.post: bare ${round(barePost.reqPerSec, 0)} req/s, Kehu ${round(kehuPost.reqPerSec, 0)} req/s`,
    );
    // The same create against a bare endpoint doing the writes it needs (token check, BEGIN IMMEDIATE,
    // duplicate lookup, code counter, the full row with its search key, audit row, COMMIT, on the
    // kernel's pragmas): what of the distance to the one-insert floor is Kehu's code and what is the work.
    const { bare: sameWorkPost, kehu: kehuPostAgain } = await compare(
      { url: bare.url, method: 'POST', headers: { ...am, ...json }, setupRequest: post('/same/customers') },
      { url: kehu.url, method: 'POST', headers: { ...am, ...json }, setupRequest: post('/api/v1/customers') },
      Math.max(3, duration / 2),
    );
    log(
      `customers.post.sameWork: bare doing the same work ${round(sameWorkPost.reqPerSec, 0)} req/s, Kehu ${round(kehuPostAgain.reqPerSec, 0)} req/s`,
    );

    const upload = async (url, headers, offset) => {
      const t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        body: csvStream(importRows, offset),
        duplex: 'half',
        headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' },
      });
      const report = await res.json();
      if (res.status !== 200 || report.created !== importRows)
        throw new Error(`import to ${url} failed: ${res.status} ${JSON.stringify(report).slice(0, 500)}`);
      return (performance.now() - t0) / 1000;
    };
    const bareSeconds = await upload(`${bare.url}/import`, {}, 1_000_000);
    const seconds = await upload(
      `${kehu.url}/api/v1/customers/import`,
      { authorization: `Bearer ${TOKENS.salesManager}` },
      0,
    );
    log(`customers.import: ${importRows} rows in ${round(seconds, 2)} s (bare ${round(bareSeconds, 2)} s)`);

    const xlsxRows = quick ? 20_000 : 50_000;
    const workbook = await xlsxFile(xlsxRows, 2_000_000);
    const x0 = performance.now();
    const xlsxRes = await fetch(`${kehu.url}/api/v1/customers/import`, {
      method: 'POST',
      body: workbook,
      headers: {
        authorization: `Bearer ${TOKENS.salesManager}`,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    });
    const xlsxReport = await xlsxRes.json();
    const xlsxSeconds = (performance.now() - x0) / 1000;
    if (xlsxRes.status !== 200 || xlsxReport.created !== xlsxRows)
      throw new Error(`xlsx import failed: ${xlsxRes.status} ${JSON.stringify(xlsxReport).slice(0, 500)}`);
    log(
      `customers.import.xlsx: ${xlsxRows} rows (${Math.round(workbook.byteLength / 1024)} KiB) in ${round(xlsxSeconds, 2)} s`,
    );

    return [
      {
        name: 'customers.get',
        value: round(kehuGet.reqPerSec, 0),
        unit: 'req/s',
        ratioToBare: round(kehuGet.reqPerSec / bareGet.reqPerSec, 2),
        p50Ms: kehuGet.p50,
        p99Ms: kehuGet.p99,
        bare: { value: round(bareGet.reqPerSec, 0), p50Ms: bareGet.p50, p99Ms: bareGet.p99 },
      },
      {
        name: 'customers.get.sameWork',
        value: round(kehuGetAgain.reqPerSec, 0),
        unit: 'req/s',
        ratioToBare: round(kehuGetAgain.reqPerSec / sameWorkGet.reqPerSec, 2),
        p50Ms: kehuGetAgain.p50,
        p99Ms: kehuGetAgain.p99,
        bare: { value: round(sameWorkGet.reqPerSec, 0), p50Ms: sameWorkGet.p50, p99Ms: sameWorkGet.p99 },
      },
      {
        name: 'customers.get.plain',
        value: round(kehuPlain.reqPerSec, 0),
        unit: 'req/s',
        ratioToBare: round(kehuPlain.reqPerSec / barePlain.reqPerSec, 2),
        p50Ms: kehuPlain.p50,
        p99Ms: kehuPlain.p99,
        bare: { value: round(barePlain.reqPerSec, 0), p50Ms: barePlain.p50, p99Ms: barePlain.p99 },
      },
      {
        name: 'customers.post',
        value: round(kehuPost.reqPerSec, 0),
        unit: 'req/s',
        ratioToBare: round(kehuPost.reqPerSec / barePost.reqPerSec, 2),
        p50Ms: kehuPost.p50,
        p99Ms: kehuPost.p99,
        bare: { value: round(barePost.reqPerSec, 0), p50Ms: barePost.p50, p99Ms: barePost.p99 },
      },
      {
        name: 'customers.post.sameWork',
        value: round(kehuPostAgain.reqPerSec, 0),
        unit: 'req/s',
        ratioToBare: round(kehuPostAgain.reqPerSec / sameWorkPost.reqPerSec, 2),
        p50Ms: kehuPostAgain.p50,
        p99Ms: kehuPostAgain.p99,
        bare: { value: round(sameWorkPost.reqPerSec, 0), p50Ms: sameWorkPost.p50, p99Ms: sameWorkPost.p99 },
      },
      {
        name: 'customers.list.p95',
        value: round(kehuList.p95, 2),
        unit: 'ms',
        // For latency the ratio is bare ÷ Kehu, so like the throughput ratios 1.0 means "as fast as bare".
        ratioToBare: round(bareList.p95 / kehuList.p95, 2),
        p50Ms: round(kehuList.p50, 2),
        p99Ms: round(kehuList.p99, 2),
        reqPerSec: round(kehuListLoad.reqPerSec, 0),
        bare: { value: round(bareList.p95, 2), p50Ms: round(bareList.p50, 2), p99Ms: round(bareList.p99, 2) },
      },
      {
        name: 'customers.search.pinyin.p95',
        value: round(pinyinSearch.p95, 2),
        unit: 'ms',
        p50Ms: round(pinyinSearch.p50, 2),
        p99Ms: round(pinyinSearch.p99, 2),
        accountManagerP95Ms: round(pinyinSearchMine.p95, 2),
        target: '< 20 ms',
      },
      {
        name: 'customers.import',
        value: round(importRows / seconds, 0),
        unit: 'rows/s',
        ratioToBare: round(bareSeconds / seconds, 2),
        rows: importRows,
        seconds: round(seconds, 2),
        bare: { value: round(importRows / bareSeconds, 0) },
      },
      {
        name: 'customers.import.xlsx',
        value: round(xlsxRows / xlsxSeconds, 0),
        unit: 'rows/s',
        rows: xlsxRows,
        seconds: round(xlsxSeconds, 2),
        target: '>= 10,000 rows/s',
      },
    ];
  } finally {
    for (const s of servers) await s.stop();
    if (process.env.KEHU_BENCH_KEEP) log(`kept ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run({ quick: process.argv.includes('--quick') }), null, 2));
}
