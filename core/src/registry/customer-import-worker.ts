/**
 * The import worker (a `worker_threads` entry, built to `dist/registry/customer-import-worker.js` and
 * exported as `@kehu/core/import-worker`): reads an upload's customer rows — CSV parsing, the checks a
 * row can make alone, the duplicate keys, the pinyin of the search key, the row values — on its own
 * thread, so the main thread only checks batches against the database and writes them. One worker
 * serves every import of the process, each on its own message port.
 */
import { parentPort } from 'node:worker_threads';
import { badRequest } from '../errors.js';
import {
  CONTACT_COLUMNS,
  type ImportContext,
  type ImportHeader,
  type ParsedBatch,
  parseImportRow,
  readImportHeader,
} from './customer-import-rows.js';
import { type ImportJob, type ToReader, type ToWorker, workerError } from './import-worker-messages.js';
import { sourceRecords } from './sheet-import.js';

/** Rows per batch the main thread writes in one go. */
const BATCH = 500;
/** Batches read ahead of the writer: enough to keep both threads busy, few enough to bound memory. */
const BATCHES_AHEAD = 3;

parentPort?.on('message', (job: ImportJob) => {
  void readJob(job);
});

async function readJob({ port, format, sheet, context }: ImportJob): Promise<void> {
  const post = (m: ToReader, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
  const upload = uploadFrom(post);
  const written = batchCredit(BATCHES_AHEAD);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'ack') written.returned();
    else upload.receive(m);
  });
  // The reader closes its end when it is done or gives up: stop reading.
  port.once('close', () => {
    upload.abort();
    written.abort();
  });
  try {
    await readRows(sourceRecords({ format, body: upload.body, sheet }), context, async (batch) => {
      await written.take();
      post({ type: 'batch', batch });
    });
    post({ type: 'done' });
  } catch (err) {
    post({ type: 'error', error: workerError(err) });
  }
}

async function readRows(
  records: AsyncIterable<{ row: number; cells: string[] }>,
  context: ImportContext,
  send: (batch: ParsedBatch) => Promise<void>,
): Promise<void> {
  const owners = new Map(context.owners);
  let header: ImportHeader | undefined;
  const fresh = (): ParsedBatch => ({
    rows: 0,
    good: [],
    errors: [],
    customerColumns: [],
    contactColumns: CONTACT_COLUMNS,
  });
  let batch = fresh();
  for await (const { row, cells } of records) {
    if (!header) {
      header = readImportHeader(cells, context);
      continue;
    }
    batch.rows++;
    const result = parseImportRow(cells, header, row, context, owners);
    if ('errors' in result) batch.errors.push(...result.errors);
    else {
      batch.good.push(result.parsed);
      if (batch.customerColumns.length === 0) batch.customerColumns = result.columns;
    }
    if (batch.rows >= BATCH) {
      await send(batch);
      batch = fresh();
    }
  }
  if (!header) throw badRequest('empty_file', 'The file has no header row');
  if (batch.rows > 0) await send(batch);
}

/**
 * The upload's bytes as a stream, fed by the reader's `chunk` messages; every chunk taken is
 * reported back (`taken`), so the reader keeps only a window of the upload in flight.
 */
function uploadFrom(post: (m: ToReader) => void) {
  const arrived: Uint8Array[] = [];
  let ended = false;
  let aborted = false;
  let wake: (() => void) | undefined;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (arrived.length === 0 && !ended && !aborted) await new Promise<void>((r) => (wake = r));
      if (aborted) {
        controller.error(new Error('import abandoned'));
        return;
      }
      const chunk = arrived.shift();
      if (chunk) {
        post({ type: 'taken', bytes: chunk.byteLength });
        controller.enqueue(chunk);
      } else controller.close();
    },
  });
  const nudge = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  return {
    body,
    receive(m: Exclude<ToWorker, { type: 'ack' }>) {
      if (m.type === 'chunk') arrived.push(m.bytes);
      else ended = true;
      nudge();
    },
    abort() {
      aborted = true;
      nudge();
    },
  };
}

/** At most `limit` batches sent and not yet written: `take` waits for one to come back. */
function batchCredit(limit: number) {
  let out = 0;
  let aborted = false;
  let wake: (() => void) | undefined;
  return {
    async take() {
      while (out >= limit && !aborted) await new Promise<void>((r) => (wake = r));
      if (aborted) throw new Error('import abandoned');
      out++;
    },
    returned() {
      out--;
      const w = wake;
      wake = undefined;
      w?.();
    },
    abort() {
      aborted = true;
      const w = wake;
      wake = undefined;
      w?.();
    },
  };
}
