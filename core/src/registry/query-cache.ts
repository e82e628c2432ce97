import type { CompiledQuery } from 'kysely';
import type { Executor } from '../db/database.js';
import { readRows } from '../db/direct-read.js';

/**
 * Hot queries compiled once per shape: building and compiling a Kysely query costs about as much as
 * SQLite running a point lookup. The caller passes the parameters in the order the query takes
 * them (where-clauses in order, then limit).
 */
export class QueryCache {
  private readonly compiled = new Map<string, CompiledQuery>();

  async rows<R = Record<string, any>>(
    trx: Executor,
    key: string,
    build: () => { compile(): CompiledQuery },
    parameters: readonly unknown[],
  ): Promise<R[]> {
    let query = this.compiled.get(key);
    if (!query) {
      query = build().compile();
      if (query.parameters.length !== parameters.length)
        throw new Error(
          `Query "${key}" takes ${query.parameters.length} parameters, got ${parameters.length}`,
        );
      this.compiled.set(key, query);
    }
    return readRows<R>(trx, { ...query, parameters });
  }
}
