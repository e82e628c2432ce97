import { existsSync, readFileSync } from 'node:fs';
import { type Kernel, sql } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { createKehu } from '../src/index.js';
import { cliDatabases, kehu } from './helpers.js';

const TOKEN = /kehu_[A-Za-z0-9_-]{20,}/;

/** Everything the database holds, as the bytes of the SQLite files or the rows of every PostgreSQL table. */
async function databaseText(kernel: Kernel, url: string): Promise<string> {
  if (kernel.database.dialect === 'sqlite') {
    await kernel.close();
    return ['', '-wal', '-shm', '-journal']
      .filter((suffix) => existsSync(url + suffix))
      .map((suffix) => readFileSync(url + suffix).toString('latin1'))
      .join('\n');
  }
  const db = kernel.database.db;
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  let text = '';
  for (const { name } of tables.rows) text += JSON.stringify(await db.selectFrom(name).selectAll().execute());
  await kernel.close();
  return text;
}

describe.each(cliDatabases())('raw API tokens in the database on $name', (db) => {
  it('are stored nowhere, whichever way they were created', async () => {
    const url = await db.create();
    // First start: the CLI creates the Administrator and shows its token once.
    const first = await kehu(['users', 'list', '--database', url]);
    expect(first.code).toBe(0);
    const adminToken = TOKEN.exec(first.stderr)?.[0];
    expect(adminToken).toBeDefined();
    const cli = await kehu(['tokens', 'create', '--user', 'Administrator', '--database', url]);
    expect(cli.code).toBe(0);
    const cliToken = cli.stdout.trim();
    expect(cliToken).toMatch(TOKEN);

    const { kernel } = await createKehu({ database: url, scheduler: false, dispatcher: false });
    const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      kernel.app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${cliToken}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const user = (await (await call('/api/v1/users', { name: 'ERP 接口', roles: ['staff'] })).json()) as {
      id: string;
    };
    const plain = (await (await call(`/api/v1/users/${user.id}/tokens`, { name: 'plain' })).json()) as {
      token: string;
    };
    const keyed = await call(
      `/api/v1/users/${user.id}/tokens`,
      { name: 'keyed' },
      { 'idempotency-key': 'k-1' },
    );
    expect(keyed.status).toBe(201);
    const keyedToken = ((await keyed.json()) as { token: string }).token;
    const replay = await call(
      `/api/v1/users/${user.id}/tokens`,
      { name: 'keyed' },
      { 'idempotency-key': 'k-1' },
    );
    expect(replay.status).toBe(409);
    expect(await replay.text()).not.toMatch(TOKEN);

    const text = await databaseText(kernel, url);
    // The check can see what the database holds: the user's name is there.
    expect(text).toContain(kernel.database.dialect === 'sqlite' ? 'ERP' : 'ERP 接口');
    for (const token of [adminToken!, cliToken, plain.token, keyedToken]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.slice(5));
    }
  });
});
