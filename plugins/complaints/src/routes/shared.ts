import { z } from '@kehu/core';

/** Parameters several of the complaint routes take. */
export const Id = z.string().min(1).max(64);
export const IdParams = z.object({ id: Id });
