import type { AnyDb, Trx } from '@kehu/core';
import type { SatisfactionService } from './contract.js';

/** The service other plugins get as `ctx.service('satisfaction')`. */
export function createSatisfactionService(_db: AnyDb): SatisfactionService {
  return {
    async latestScores(_customerIds: string[], _trx?: Trx) {
      return new Map();
    },
  };
}
