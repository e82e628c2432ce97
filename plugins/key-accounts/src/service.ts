import type { AnyDb, CompanyClock } from '@kehu/core';
import { accountRow, accountRows, tierOfRow } from './accounts.js';
import type { KeyAccountsService } from './contract.js';

/** The public service other plugins reach as `ctx.service('key-accounts')`. */
export function createKeyAccountsService(db: AnyDb, clock: CompanyClock): KeyAccountsService {
  return {
    async isKeyAccount(customerId, trx) {
      return (await accountRow(trx ?? db, customerId))?.designated === 1;
    },
    async tierOf(customerIds, trx) {
      const rows = await accountRows(trx ?? db, customerIds);
      const today = clock.today();
      return new Map(customerIds.map((id) => [id, tierOfRow(rows.get(id), today)]));
    },
  };
}
