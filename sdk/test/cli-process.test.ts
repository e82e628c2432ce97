import { describe, expect, it } from 'vitest';
import { cliDatabases, configDir, visitsConfig } from './helpers.js';
import { spawnKehu } from './process.js';

const run = (args: string[], cwd: string) => spawnKehu(args, cwd);

describe('the kehu process', () => {
  it('exits 2 with one line on a wrong flag', async () => {
    const p = run(['serve', '--prot', '3000'], configDir('export default {}'));
    expect((await p.exit).code).toBe(2);
    expect(p.stderr()).toBe('kehu serve: unknown option --prot (see kehu serve --help)\n');
  });

  it('exits 1 with one line when the database cannot be reached', async () => {
    const p = run(
      ['migrate', '--database', 'postgres://kehu@127.0.0.1:1/kehu'],
      configDir('export default {}'),
    );
    expect((await p.exit).code).toBe(1);
    expect(p.stderr()).toMatch(
      /^kehu migrate: cannot reach the database postgres:\/\/kehu@127\.0\.0\.1:1\/kehu: .*ECONNREFUSED[^\n]*\n$/,
    );
  });
});

describe.each(cliDatabases())('kehu serve as a process on $name', (db) => {
  it('loads kehu.config from the working directory, serves, and shuts down cleanly on SIGTERM', async () => {
    const url = await db.create();
    const p = run(
      ['serve', '--port', '0', '--host', '127.0.0.1', '--database', url],
      configDir(visitsConfig()),
    );
    await expect.poll(() => p.stdout(), { timeout: 20_000 }).toContain('listening on');
    const base = /listening on (http:\/\/\S+)/.exec(p.stdout())![1]!;
    const token = /Admin token \(shown once, keep it\): (\S+)/.exec(p.stdout())![1]!;
    expect(p.stdout()).toContain('Plugins: visits@1.2.0');

    const created = await fetch(`${base}/api/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '成都锦江宾馆有限责任公司' }),
    });
    expect(created.status).toBe(201);
    const listed = await fetch(`${base}/api/v1/customers`, { headers: { authorization: `Bearer ${token}` } });
    expect(JSON.stringify(await listed.json())).toContain('成都锦江宾馆有限责任公司');

    p.kill('SIGTERM');
    expect(await p.exit).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toContain('"msg":"shutting down","signal":"SIGTERM"');
    expect(p.stderr()).toContain('Kehu stopped');
    expect(p.stderr()).not.toContain('"level":"error"');
  });
});
