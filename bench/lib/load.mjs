import autocannon from 'autocannon';

const options = ({ url, method = 'GET', headers = {}, body, setupRequest, connections = 10 }) => ({
  url,
  connections,
  pipelining: 1,
  requests: [
    {
      method,
      headers,
      ...(body ? { body } : {}),
      ...(setupRequest ? { setupRequest } : {}),
      onResponse: (status, responseBody) => {
        if (status >= 300 && !firstFailure) firstFailure = `${status} ${String(responseBody).slice(0, 300)}`;
      },
    },
  ],
});

let firstFailure;

async function once(spec, duration) {
  const r = await autocannon({ ...options(spec), duration });
  const failed = r.non2xx + r.errors + r.timeouts;
  if (failed > 0) {
    throw new Error(
      `${spec.method ?? 'GET'} ${spec.url}: ${failed} of ${r.requests.total} requests failed (non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}); first: ${firstFailure}`,
    );
  }
  return r;
}

/**
 * Runs autocannon for `duration` seconds after a one-second warm-up and reports throughput and
 * latency. Every response must be a 2xx: anything else means the benchmark measured errors.
 */
export async function load(spec) {
  await once(spec, 1);
  const r = await once(spec, spec.duration);
  return {
    reqPerSec: r.requests.total / (r.duration || spec.duration),
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
  };
}

/**
 * Bare and Kehu in alternating slices (bare, Kehu, bare, Kehu, …) of `duration / rounds` seconds
 * each, so a machine whose speed drifts during the run (other processes, thermal limits) skews both
 * sides alike. Throughput is total requests over total time; latency percentiles are the medians of
 * the slices'.
 */
export async function compare(bareSpec, kehuSpec, duration, rounds = 3) {
  await once(bareSpec, 1);
  await once(kehuSpec, 1);
  const slice = Math.max(1, Math.round(duration / rounds));
  const runs = { bare: [], kehu: [] };
  // A pause between slices lets the last responses of one server land before the other starts
  // writing to the same SQLite file.
  const settle = () => new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < rounds; i++) {
    runs.bare.push(await once(bareSpec, slice));
    await settle();
    runs.kehu.push(await once(kehuSpec, slice));
    await settle();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const sum = (rs) => ({
    reqPerSec:
      rs.reduce((s, r) => s + r.requests.total, 0) / rs.reduce((s, r) => s + (r.duration || slice), 0),
    p50: median(rs.map((r) => r.latency.p50)),
    p99: median(rs.map((r) => r.latency.p99)),
    total: rs.reduce((s, r) => s + r.requests.total, 0),
  });
  return { bare: sum(runs.bare), kehu: sum(runs.kehu) };
}

/** Latency of `n` requests one after another (no queueing), in milliseconds: p50, p95, p99. */
export async function latency(url, headers, n) {
  const target = typeof url === 'function' ? url : () => url;
  for (let i = 0; i < 20; i++) await (await fetch(target(i), { headers })).arrayBuffer();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(target(i), { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${target(i)}: ${res.status}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return { p50: at(50), p95: at(95), p99: at(99) };
}
