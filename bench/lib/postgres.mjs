import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const SCRIPT = fileURLToPath(new URL('../../.ci/postgres.sh', import.meta.url));

/**
 * A PostgreSQL database of its own for one benchmark run: created on the server named by
 * `KEHU_BENCH_DATABASE_URL`, or on a throwaway server started the way CI starts one
 * (`.ci/postgres.sh`, port `KEHU_BENCH_PG_PORT` or 54339). `drop()` removes the database, and stops
 * the server when the benchmark started it.
 */
export async function benchDatabase(log) {
  let serverUrl = process.env.KEHU_BENCH_DATABASE_URL;
  let stop = () => {};
  if (!serverUrl) {
    const port = process.env.KEHU_BENCH_PG_PORT ?? '54339';
    const data = `/tmp/kehu-bench-pg-${port}`;
    log(`starting PostgreSQL on 127.0.0.1:${port} (${data})`);
    serverUrl = execFileSync('bash', [SCRIPT], {
      env: { ...process.env, KEHU_PG_PORT: port, KEHU_PG_DATA: data },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .toString()
      .trim();
    stop = () => {
      const bin = execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1'])
        .toString()
        .trim();
      execFileSync('runuser', ['-u', 'postgres', '--', `${bin}/pg_ctl`, '-D', data, 'stop', '-m', 'fast'], {
        stdio: 'ignore',
      });
    };
  }
  const name = `kehu_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      try {
        await admin(`drop database if exists ${name} with (force)`);
      } finally {
        stop();
      }
    },
  };
}
