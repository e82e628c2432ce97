import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KehuRouter } from './router.js';

/** A public route that answers with the query object the router validated. */
function echo() {
  const router = new KehuRouter('/api', async () => null);
  router.get(
    '/echo',
    {
      summary: 'Echo',
      access: 'public',
      query: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    },
    (c, { query }) => c.json(query),
  );
  return async (search: string) => (await router.hono.request(`http://localhost/echo${search}`)).json();
}

describe('route query strings', () => {
  it('reads plain, repeated, empty and valueless parameters', async () => {
    const get = echo();
    expect(await get('')).toEqual({});
    expect(await get('?include=*&limit=50')).toEqual({ include: '*', limit: '50' });
    expect(await get('?tag=a&tag=b&tag=c')).toEqual({ tag: ['a', 'b', 'c'] });
    expect(await get('?flag&x=&=ignored&&y==z')).toEqual({ flag: '', x: '', y: '=z' });
    expect(await get('?a=1#fragment')).toEqual({ a: '1' });
  });

  it('decodes percent escapes and plus signs as before', async () => {
    const get = echo();
    expect(await get(`?region=${encodeURIComponent('华东')}&q=a+b&n%61me=x`)).toEqual({
      region: '华东',
      q: 'a b',
      name: 'x',
    });
    expect(await get('?t=%E5%8D&t=ok')).toEqual({ t: ['%E5%8D', 'ok'] });
  });
});
