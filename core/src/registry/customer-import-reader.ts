import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { ImportContext, ParsedBatch } from './customer-import-rows.js';
import { fromWorkerError, type ImportJob, type ToReader, type ToWorker } from './import-worker-messages.js';
import type { ImportSource } from './sheet-import.js';

/** Upload bytes posted to the worker and not yet taken by its parser. */
const BYTES_IN_FLIGHT = 256 * 1024;

let shared: { worker: Worker; jobs: Set<(err: Error) => void> } | undefined;

/**
 * The one import worker of the process, started on first use. It is the built file behind
 * `@kehu/core/import-worker` (resolved through the package's own exports, so under vitest too), and
 * does not keep the process alive. If it dies, the imports it was reading fail and the next starts
 * a new one.
 */
function importWorker(): NonNullable<typeof shared> {
  if (shared) return shared;
  const file = createRequire(import.meta.url).resolve('@kehu/core/import-worker');
  const worker = new Worker(file);
  worker.unref();
  const current = { worker, jobs: new Set<(err: Error) => void>() };
  const lost = (err: Error) => {
    if (shared === current) shared = undefined;
    for (const fail of current.jobs) fail(err);
    current.jobs.clear();
  };
  worker.on('error', lost);
  worker.on('exit', (code) => lost(new Error(`import worker exited (${code})`)));
  shared = current;
  return current;
}

/**
 * The rows of an upload, read, checked and turned into row values by the import worker, in
 * batches as the worker finishes them. The upload streams through: at most
 * {@link BYTES_IN_FLIGHT} of it and a few batches are held between the threads. Leaving the loop
 * early (an error while writing) stops the worker's reading.
 */
export async function* readCustomerRows(
  source: ImportSource,
  context: ImportContext,
): AsyncGenerator<ParsedBatch> {
  const { worker, jobs } = importWorker();
  const { port1: port, port2 } = new MessageChannel();
  const inbox = mailbox();
  jobs.add(inbox.fail);
  const upload = uploadPump(source.body, port, inbox.fail);
  port.on('message', (m: ToReader) => {
    if (m.type === 'taken') upload.taken(m.bytes);
    else inbox.put(m);
  });
  const job: ImportJob = { port: port2, format: source.format, sheet: source.sheet, context };
  worker.postMessage(job, [port2]);
  upload.pump();
  try {
    for (;;) {
      const m = await inbox.next();
      if (m.type === 'done') return;
      if (m.type === 'error') throw fromWorkerError(m.error);
      yield m.batch;
      port.postMessage({ type: 'ack' } satisfies ToWorker);
      // Writing a batch on SQLite never leaves this turn of the event loop, and the next batch is
      // usually waiting already: give the loop a turn, so the upload's next bytes are read and
      // passed on while the worker still has rows to read, rather than once it has run dry.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    jobs.delete(inbox.fail);
    port.close();
    upload.stop();
  }
}

/** The worker's messages in order, awaited one at a time; a failure is thrown by the next wait. */
function mailbox() {
  const queue: Exclude<ToReader, { type: 'taken' }>[] = [];
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const nudge = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  return {
    put(m: Exclude<ToReader, { type: 'taken' }>) {
      queue.push(m);
      nudge();
    },
    fail(err: Error) {
      failed ??= err;
      nudge();
    },
    async next(): Promise<Exclude<ToReader, { type: 'taken' }>> {
      for (;;) {
        const m = queue.shift();
        if (m) return m;
        if (failed) throw failed;
        await new Promise<void>((r) => (wake = r));
      }
    },
  };
}

/** Posts the upload to the worker chunk by chunk while less than {@link BYTES_IN_FLIGHT} is untaken. */
function uploadPump(body: ReadableStream<Uint8Array>, port: MessagePort, fail: (err: Error) => void) {
  const reader = body.getReader();
  let inFlight = 0;
  let reading = false;
  let finished = false;
  const pump = async () => {
    if (reading || finished) return;
    reading = true;
    try {
      while (!finished && inFlight < BYTES_IN_FLIGHT) {
        const { done, value } = await reader.read();
        if (finished) return;
        if (done) {
          finished = true;
          port.postMessage({ type: 'end' } satisfies ToWorker);
          return;
        }
        // A copy of exactly the chunk's bytes, moved rather than cloned: the chunk may be a view of
        // a larger pooled buffer.
        const bytes = value.slice();
        inFlight += bytes.byteLength;
        port.postMessage({ type: 'chunk', bytes } satisfies ToWorker, [bytes.buffer]);
      }
    } catch (err) {
      finished = true;
      fail(err instanceof Error ? err : new Error(String(err)));
    } finally {
      reading = false;
    }
  };
  return {
    pump: () => void pump(),
    taken(bytes: number) {
      inFlight -= bytes;
      void pump();
    },
    stop() {
      if (finished) return;
      finished = true;
      reader.cancel().catch(() => {});
    },
  };
}
