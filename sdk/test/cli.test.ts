import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/cli/commands/index.js';
import { createKehu, runCli } from '../src/index.js';
import { cliDatabases, configDir, kehu, visitsConfig } from './helpers.js';

const oneLine = (s: string) => s.trim().split('\n').length === 1;

describe('kehu help and usage errors', () => {
  it('lists every command and explains each one', async () => {
    const help = await kehu(['--help']);
    expect(help.code).toBe(0);
    for (const c of commands) expect(help.stdout).toContain(`  ${c.path.join(' ')}`);
    for (const c of commands) {
      const r = await kehu([...c.path, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: ${c.usage}`);
      expect(r.stdout).toContain('--database <url>');
    }
    expect((await kehu([])).code).toBe(2);
    expect((await kehu(['--version'])).stdout).toMatch(/^kehu \d+\.\d+\.\d+\n$/);
  });

  it('answers a wrong flag with one line and exit code 2', async () => {
    const r = await kehu(['migrate', '--databse', 'x.db']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kehu migrate: unknown option --databse (see kehu migrate --help)\n');
    expect(r.stdout).toBe('');
    const missing = await kehu(['jobs', 'run', '--at']);
    expect(missing.code).toBe(2);
    expect(oneLine(missing.stderr)).toBe(true);
    expect(missing.stderr).toContain('--at');
    const extra = await kehu(['hooks', 'now']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('unexpected argument now');
  });

  it('answers an unknown command with exit code 2', async () => {
    const r = await kehu(['migrat']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kehu: unknown command "migrat" (run kehu --help for the list)\n');
  });

  it('answers an unreachable PostgreSQL server with one line naming it, password hidden, and exit code 1', async () => {
    const r = await kehu(['migrate', '--database', 'postgres://kehu:s3cret@127.0.0.1:1/kehu']);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(
      /^kehu migrate: cannot reach the database postgres:\/\/kehu:\*\*\*@127\.0\.0\.1:1\/kehu: .*ECONNREFUSED/,
    );
    expect(r.stderr).not.toContain('s3cret');
    expect(r.stderr).not.toContain('    at ');
  });

  it('answers a SQLite file that cannot be created with one line', async () => {
    const dir = configDir('export default {}');
    writeFileSync(join(dir, 'not-a-dir'), 'x');
    const r = await kehu(['users', 'list', '--database', 'not-a-dir/kehu.db'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toContain(
      `kehu users list: cannot reach the database ${join(dir, 'not-a-dir/kehu.db')}`,
    );
  });

  it('names a missing or broken config file', async () => {
    const missing = await kehu(['plugins', 'list', '--config', 'nope.config.ts']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^kehu plugins list: config file not found: .*nope\.config\.ts\n$/);
    const broken = configDir('export default 42;');
    const r = await kehu(['plugins', 'list'], { cwd: broken });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('must export a config object as default');
  });
});

describe.each(cliDatabases())('kehu commands on $name', (db) => {
  it('migrate shows progress, is a no-op the second time, and migrate status tells applied from pending', async () => {
    const url = await db.create();
    const cwd = configDir(visitsConfig());
    const before = await kehu(['migrate', 'status', '--database', url], { cwd });
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/kernel\s+001_runtime\s+pending/);
    expect(before.stdout).toMatch(/visits\s+002_visit_note\s+pending/);
    expect(before.stdout).toMatch(/\d+ pending: run kehu migrate/);

    const migrate = await kehu(['migrate', '--database', url], { cwd });
    expect(migrate.code).toBe(0);
    expect(migrate.stderr).toMatch(/^\[1\/\d+\] kernel 001_runtime$/m);
    expect(migrate.stderr).toMatch(/^\[(\d+)\/\1\] visits 002_visit_note$/m);
    expect(migrate.stdout).toMatch(/^Applied \d+ migrations \(kernel \d+, visits 2\) in \d+ ms\.\n$/);

    const again = await kehu(['migrate', '--database', url], { cwd });
    expect(again.stdout).toBe('Nothing to migrate: the database is up to date.\n');
    const after = await kehu(['migrate', 'status', '--database', url], { cwd });
    expect(after.stdout).toMatch(/visits\s+002_visit_note\s+applied 20\d\d-/);
    expect(after.stdout).toContain('Up to date.');
  });

  it('plugins list shows enabled plugins with versions and migrations, and disabled ones with their tables kept', async () => {
    const url = await db.create();
    const cwd = configDir(visitsConfig());
    await kehu(['migrate', '--database', url], { cwd });
    const listed = await kehu(['plugins', 'list', '--database', url], { cwd });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^plugin\s+version\s+status\s+migrations/);
    expect(listed.stdout).toMatch(/visits\s+1\.2\.0\s+enabled\s+2\/2 applied, last 002_visit_note/);

    const without = await kehu(['plugins', 'list', '--database', url], {
      cwd: configDir('export default { plugins: [] };'),
    });
    expect(without.stdout).toMatch(/visits\s+-\s+disabled\s+2 applied \(tables kept\)/);
  });

  it('users add creates a user with kernel and plugin roles, refuses unknown roles and taken emails; users list shows them', async () => {
    const url = await db.create();
    const cwd = configDir(visitsConfig());
    const added = await kehu(
      [
        'users',
        'add',
        '--name',
        '王芳',
        '--role',
        'account_manager',
        '--role',
        'field_rep',
        '--email',
        'wang.fang@example.com',
        '--database',
        url,
      ],
      { cwd },
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Added user 王芳 \(\w+\) with roles account_manager, field_rep\.\n$/);
    expect(added.stderr).toContain(
      'First start of this database: created the Administrator. Admin token (shown once): kehu_',
    );

    const badRole = await kehu(['users', 'add', '--name', 'X', '--role', 'boss', '--database', url], { cwd });
    expect(badRole.code).toBe(2);
    expect(oneLine(badRole.stderr)).toBe(true);
    expect(badRole.stderr).toContain('unknown role "boss"; roles: admin, general_manager');
    const taken = await kehu(
      [
        'users',
        'add',
        '--name',
        'Y',
        '--role',
        'staff',
        '--email',
        'WANG.FANG@example.com',
        '--database',
        url,
      ],
      { cwd },
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe('kehu users add: a user with email WANG.FANG@example.com exists\n');
    const noName = await kehu(['users', 'add', '--role', 'staff', '--database', url], { cwd });
    expect(noName.code).toBe(2);

    const withPassword = await kehu(
      [
        'users',
        'add',
        '--name',
        '李娜',
        '--role',
        'staff',
        '--email',
        'li.na@example.com',
        '--password',
        '--database',
        url,
      ],
      { cwd, env: { KEHU_PASSWORD: 'a long console password' } },
    );
    expect(withPassword.code).toBe(0);
    expect(withPassword.stderr).toContain('李娜 can sign in to the web console as li.na@example.com.');
    const short = await kehu(
      [
        'users',
        'add',
        '--name',
        'Z',
        '--role',
        'staff',
        '--email',
        'z@example.com',
        '--password',
        '--database',
        url,
      ],
      { cwd, stdin: ['short\n'] },
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('the password is not acceptable: At least 10 characters');
    const check = await openDatabase({ url });
    try {
      const row = await check.db
        .selectFrom('kehu_account as a')
        .innerJoin('kehu_user as u', 'u.id', 'a.user_id')
        .select(['a.password_hash'])
        .where('u.email', '=', 'li.na@example.com')
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$/);
      expect(row.password_hash).not.toContain('a long console password');
    } finally {
      await check.close();
    }

    const list = await kehu(['users', 'list', '--database', url], { cwd });
    expect(list.stdout).toMatch(/Administrator\s+admin\s+yes/);
    expect(list.stdout).toMatch(/王芳\s+wang\.fang@example\.com\s+account_manager,field_rep\s+yes/);
    expect(list.stdout).not.toContain(' Y ');
  });

  it('tokens create prints a working token on stdout only', async () => {
    const url = await db.create();
    const cwd = configDir(visitsConfig());
    await kehu(
      [
        'users',
        'add',
        '--name',
        '李娜',
        '--role',
        'sales_manager',
        '--email',
        'li.na@example.com',
        '--database',
        url,
      ],
      { cwd },
    );
    const created = await kehu(
      ['tokens', 'create', '--user', 'li.na@example.com', '--name', 'reporting', '--database', url],
      { cwd },
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^kehu_[\w-]+\n$/);
    expect(created.stderr).toMatch(/Token \w+ for 李娜 \(sales_manager\)\. Shown once:/);

    const kehuApp = await createKehu({ database: url, scheduler: false, dispatcher: false });
    try {
      const me = await kehuApp.app.request('/api/v1/me', {
        headers: { authorization: `Bearer ${created.stdout.trim()}` },
      });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { name: string }).name).toBe('李娜');
    } finally {
      await kehuApp.close();
    }

    const unknown = await kehu(['tokens', 'create', '--user', 'nobody', '--database', url], { cwd });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no user "nobody"');
    const badExpiry = await kehu(
      ['tokens', 'create', '--user', 'Administrator', '--expires', 'soon', '--database', url],
      { cwd },
    );
    expect(badExpiry.code).toBe(2);
  });

  it('jobs run runs due jobs once per period as of --at, and exits 1 when a job fails', async () => {
    const url = await db.create();
    const cwd = configDir(visitsConfig());
    const listed = await kehu(['jobs', 'list', '--database', url], { cwd });
    expect(listed.stdout).toMatch(/visits\.overdue-visits\s+visits\s+day/);

    const early = await kehu(['jobs', 'run', '--at', '2026-03-10', '--database', url], { cwd });
    expect(early.code).toBe(0);
    expect(early.stdout).toMatch(/visits\.overdue-visits\s+2026-03-10\s+not_due\s+not due at this time/);
    const due = await kehu(['jobs', 'run', '--at', '2026-03-16T09:30:00Z', '--database', url], { cwd });
    expect(due.stdout).toMatch(/visits\.overdue-visits\s+2026-03-16\s+ran\s+\{"checked":"2026-03-16"\}/);
    const again = await kehu(['jobs', 'run', '--at', '2026-03-16', '--database', url], { cwd });
    expect(again.stdout).toMatch(/visits\.overdue-visits\s+2026-03-16\s+skipped\s+already ran this period/);

    const badDate = await kehu(['jobs', 'run', '--at', '2026-02-30', '--database', url], { cwd });
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--at must be a date');
    const future = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const tooLate = await kehu(['jobs', 'run', '--at', future, '--database', url], { cwd });
    expect(tooLate.code).toBe(2);
    expect(tooLate.stderr).toContain('is in the future');
    const tooEarly = await kehu(['jobs', 'run', '--at', '0020-03-16', '--database', url], { cwd });
    expect(tooEarly.code).toBe(2);
    expect(tooEarly.stderr).toContain('before 2000-01-01');
    const unknownJob = await kehu(['jobs', 'run', '--job', 'nope', '--database', url], { cwd });
    expect(unknownJob.code).toBe(2);

    const broken = await kehu(['jobs', 'run', '--at', '2026-03-17', '--database', url], {
      cwd: configDir(visitsConfig({ brokenJob: true })),
    });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/visits\.broken\s+2026-03\s+failed\s+the ERP is down/);
  });

  it('hooks shows filters in execution order and event subscribers', async () => {
    const url = await db.create();
    const cwd = configDir(visitsConfig());
    const r = await kehu(['hooks', '--database', url], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  customer.beforeCreate\n    1. visits (priority 50)\n');
    expect(r.stdout).toContain('  customer.created\n    - visits:plan-first-visit (visits)\n');
    const json = await kehu(['hooks', '--json', '--database', url], { cwd });
    expect(JSON.parse(json.stdout).events).toContainEqual({
      name: 'customer.created',
      subscribers: [{ id: 'visits:plan-first-visit', plugin: 'visits' }],
    });
  });

  it("seed --demo fills an empty database with the demo company and each plugin's data, and refuses a second time", async () => {
    const url = await db.create();
    const cwd = configDir(visitsConfig());
    const seeded = await kehu(['seed', '--demo', '--database', url], { cwd });
    expect(seeded.stderr).toContain('seed: customers: 5/');
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toMatch(
      /^Seeded the demo company in \d+ ms: 8 users, (\d+) customers, \d+ contacts, \d+ communications; plugins: visits\.\n$/,
    );
    expect(seeded.stderr).toMatch(
      /seed: plugin visits: planning visits for \d+ customers; roles account_manager,admin,general_manager,sales_manager,staff/,
    );

    const database = await openDatabase({ url });
    try {
      const customers = await database.db.selectFrom('customer').select(['name', 'kind', 'region']).execute();
      expect(new Set(customers.map((c) => c.region))).toEqual(
        new Set(['华东', '华南', '华北', '西南', '海外']),
      );
      expect(new Set(customers.map((c) => c.kind))).toEqual(
        new Set(['individual', 'business', 'organization']),
      );
      expect(
        customers.some((c) => /^[\u4e00-\u9fff]/.test(c.name)) &&
          customers.some((c) => /^[A-Z][a-z]/.test(c.name)),
      ).toBe(true);
      // The plugin's subscriber saw every demo customer: seeding delivers the events it raises.
      const plans = await database.db
        .selectFrom('visit_plan')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(plans.n)).toBe(customers.length);
    } finally {
      await database.close();
    }

    const again = await kehu(['seed', '--demo', '--database', url], { cwd });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^kehu seed: the database already has \d+ customers; demo data goes only into an empty archive\n$/,
    );
    expect((await kehu(['seed', '--database', url], { cwd })).code).toBe(2);
  });

  it('serve listens, prints the URL and the first admin token, and stops when asked', async () => {
    const url = await db.create();
    const cwd = configDir(visitsConfig());
    const stop = new AbortController();
    let stdout = '';
    const running = runCli(['serve', '--port', '0', '--host', '127.0.0.1', '--database', url], {
      cwd,
      env: {},
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      signal: stop.signal,
    });
    await expect.poll(() => stdout, { timeout: 20_000 }).toContain('listening on');
    const base = /listening on (http:\/\/\S+)/.exec(stdout)![1]!;
    const token = /Admin token \(shown once, keep it\): (\S+)/.exec(stdout)![1]!;
    expect(stdout).toContain(`curl -H "Authorization: Bearer ${token}" ${base}/api/v1/customers`);
    expect(stdout).toContain('Plugins: visits@1.2.0');
    const res = await fetch(`${base}/api/v1/customers`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    stop.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${base}/api/health`)).rejects.toThrow();
  });

  it('takes the database from DATABASE_URL and runs without a config file', async () => {
    const url = await db.create();
    const r = await kehu(['hooks'], { env: { DATABASE_URL: url } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Filters (run inside the writing transaction');
    expect(r.stderr).toContain('no kehu.config.ts in');
  });
});
