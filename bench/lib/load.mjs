import autocannon from 'autocannon';

/**
 * Runs autocannon for `duration` seconds after a one-second warm-up and reports throughput and
 * latency. Every response must be a 2xx: anything else means the benchmark measured errors.
 */
export async function load({ url, method = 'GET', headers = {}, body, setupRequest, duration, connections = 10 }) {
  const opts = {
    url,
    connections,
    pipelining: 1,
    requests: [{ method, headers, ...(body ? { body } : {}), ...(setupRequest ? { setupRequest } : {}) }],
  };
  await autocannon({ ...opts, duration: 1 });
  const r = await autocannon({ ...opts, duration });
  const failed = r.non2xx + r.errors + r.timeouts;
  if (failed > 0) throw new Error(`${method} ${url}: ${failed} of ${r.requests.total} requests failed (non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts})`);
  return { reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total };
}

/** Latency of `n` requests one after another (no queueing), in milliseconds: p50, p95, p99. */
export async function latency(url, headers, n) {
  for (let i = 0; i < 20; i++) await (await fetch(url, { headers })).arrayBuffer();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return { p50: at(50), p95: at(95), p99: at(99) };
}
