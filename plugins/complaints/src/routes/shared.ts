import { z } from '@kehu/core';

/** Shapes several of the complaint routes take or answer. */
export const Id = z.string().min(1).max(64);
export const IdParams = z.object({ id: Id });
export const Obj = z.object({}).loose();
export const List = z.object({ items: z.array(Obj), nextCursor: z.string().nullable() });
