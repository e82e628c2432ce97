/**
 * satisfaction.scores — NPS, CSAT, CES and CSI per region and quarter over 1,000,000 submitted
 * responses (GET /api/v1/satisfaction/scores?groupBy=region&period=quarter), on SQLite. The
 * responses are bulk-inserted (the columns the plugin writes) and the report cells rebuilt once, as
 * after an import. The bare figure is the same answer by one GROUP BY over the responses.
 *
 * satisfaction.invitations — an invitation run (POST /campaigns/:id/start) to every contact of 50,000
 * customers (about 100,000 contacts): registry pages, fatigue and opt-out checks, invitation and
 * hashed-token inserts.
 *
 * Quick mode uses 100,000 responses and 10,000 customers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, newId, silentLogger } from '@kehu/core';
import { rebuildScoreCells, satisfactionPlugin } from '@kehu/plugin-satisfaction';
import BetterSqlite3 from 'better-sqlite3';
import { createDataset, REGIONS, TOKENS } from './lib/dataset.mjs';
import { median, random, round } from './lib/sampling.mjs';

const boot = (file, now) =>
  createKernel({
    database: { url: file },
    plugins: [satisfactionPlugin],
    logger: silentLogger,
    clock: { now: () => new Date(now) },
    adminToken: TOKENS.admin,
    dispatcher: { autoStart: false },
  });

async function call(kernel, method, path, body) {
  const res = await kernel.app.request(path, {
    method,
    headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const bi = (zh, en) => ({ 'zh-CN': zh, en });

async function scores({ quick, log }) {
  const total = quick ? 100_000 : 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-sat-scores-'));
  const file = join(dir, 'bench.db');
  const now = Date.parse('2026-06-15T08:00:00.000Z');
  let kernel = await boot(file, now);
  try {
    await kernel.close();
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    const rnd = random(7);
    const insert =
      raw.prepare(`insert into sat_response (id, invitation_id, campaign_id, questionnaire_id, system_id,
      customer_id, contact_id, complaint_id, status, lang, started_at, submitted_at, submitted_on, csi, csat, nps, ces,
      low_reasons, seg_kind, seg_region, seg_owner, seg_tier)
      values (?, null, ?, 'q', 's', ?, null, null, 'submitted', 'zh-CN', ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?)`);
    const campaigns = Array.from({ length: 8 }, () => newId());
    const owners = Array.from({ length: 200 }, () => newId());
    const kinds = ['business', 'individual', 'organization'];
    const tiers = ['A', 'B', 'C', 'none'];
    const started = Date.now();
    raw.transaction(() => {
      for (let i = 0; i < total; i++) {
        const at = new Date(now - Math.floor(rnd() * 730) * 86_400_000).toISOString();
        insert.run(
          newId(),
          campaigns[i % campaigns.length],
          `C${i % 100_000}`,
          at,
          at,
          at.slice(0, 10),
          rnd() < 0.9 ? 40 + rnd() * 60 : null,
          rnd() < 0.95 ? 1 + Math.floor(rnd() * 5) : null,
          rnd() < 0.95 ? Math.floor(rnd() * 11) : null,
          rnd() < 0.7 ? 1 + Math.floor(rnd() * 7) : null,
          kinds[i % 3],
          REGIONS[Math.floor(rnd() * REGIONS.length)],
          owners[i % owners.length],
          tiers[Math.floor(rnd() * 4)],
        );
      }
    })();
    raw.close();
    log(`satisfaction.scores: ${total} responses written in ${Date.now() - started} ms`);
    kernel = await boot(file, now);
    const rebuilt = Date.now();
    const { cells } = await rebuildScoreCells(kernel.database.db);
    log(`satisfaction.scores: ${cells} report cells rebuilt in ${Date.now() - rebuilt} ms`);
    const path = '/api/v1/satisfaction/scores?groupBy=region&period=quarter&from=2024-07-01&to=2026-06-30';
    const first = await call(kernel, 'GET', path);
    const n = first.rows.reduce((s, r) => s + r.responses, 0);
    log(`satisfaction.scores: ${first.rows.length} region × quarter rows over ${n} responses`);
    const times = [];
    for (let i = 0; i < (quick ? 5 : 9); i++) {
      const t0 = performance.now();
      await call(kernel, 'GET', path);
      times.push(performance.now() - t0);
    }
    const value = round(median(times));
    const bareDb = new BetterSqlite3(file, { readonly: true });
    const bareQuery = bareDb.prepare(`select seg_region,
        substr(submitted_on, 1, 4) || '-Q' || ((cast(substr(submitted_on, 6, 2) as integer) + 2) / 3) as quarter,
        count(*), count(nps), sum(nps >= 9), sum(nps <= 6), count(csat), sum(csat >= 4), count(ces), avg(ces),
        sum(ces >= 6), avg(csi)
      from sat_response where status = 'submitted' group by 1, 2`);
    const bareTimes = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      bareQuery.all();
      bareTimes.push(performance.now() - t0);
    }
    bareDb.close();
    const bare = round(median(bareTimes));
    log(
      `satisfaction.scores: median ${value} ms; one GROUP BY over the responses on better-sqlite3 ${bare} ms`,
    );
    return {
      name: 'satisfaction.scores',
      value,
      unit: 'ms',
      bare: { value: bare },
      ratioToBare: round(value / bare, 3),
    };
  } finally {
    await kernel.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function invitations({ quick, log }) {
  const customers = quick ? 10_000 : 50_000;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-sat-invitations-'));
  const file = join(dir, 'bench.db');
  const now = Date.parse('2026-06-15T08:00:00.000Z');
  await createDataset(file, customers, log);
  const kernel = await boot(file, now);
  try {
    const questionnaire = await call(kernel, 'POST', '/api/v1/satisfaction/questionnaires', {
      title: bi('满意度调查', 'Satisfaction survey'),
      questions: [{ type: 'nps', text: bi('推荐可能性', 'Likely to recommend') }],
    });
    const campaign = await call(kernel, 'POST', '/api/v1/satisfaction/campaigns', {
      name: '全体联系人调查',
      questionnaireId: questionnaire.id,
      contacts: { rule: 'all' },
    });
    const t0 = performance.now();
    const { run } = await call(kernel, 'POST', `/api/v1/satisfaction/campaigns/${campaign.id}/start`);
    const value = Math.round(performance.now() - t0);
    log(
      `satisfaction.invitations: ${run.invited} invitations to the contacts of ${run.customers} customers in ${value} ms`,
    );
    return { name: 'satisfaction.invitations', value, unit: 'ms', invited: run.invited };
  } finally {
    await kernel.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run({ quick = false, log = console.log } = {}) {
  return [await scores({ quick, log }), await invitations({ quick, log })];
}

// `node bench/satisfaction.bench.mjs [--quick] [--part=scores|invitations]`: one figure alone, to profile it.
if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const part = process.argv.find((a) => a.startsWith('--part='))?.slice('--part='.length);
  const parts = { scores, invitations };
  console.log(JSON.stringify(part ? [await parts[part]({ quick, log: console.log })] : await run({ quick })));
}
