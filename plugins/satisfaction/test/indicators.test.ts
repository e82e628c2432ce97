import { testDatabases } from '@kehu/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SAATY_HOUSE } from './fixtures.js';
import { expectStatus, putWeights, type World, world } from './helpers.js';

const bi = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const FACTORS = ['size', 'transport', 'neighbourhood', 'age', 'yard', 'modern', 'condition', 'financing'];

describe.each(testDatabases())('indicator systems on $name', (db) => {
  let w: World;
  afterEach(() => w?.close());
  const req = (path: string, body?: unknown, method?: string, token?: string) =>
    w.t.request(`/api/v1/satisfaction${path}`, { body, method, ...(token ? { token } : {}) });

  async function eightDimensions() {
    const s = await expectStatus(await req('/indicator-systems', { name: '购房满意度' }), 201);
    let doc = s;
    for (const code of FACTORS)
      doc = await expectStatus(
        await req(`/indicator-systems/${s.id}/indicators`, { code, name: bi(code, code) }),
        201,
      );
    return {
      id: s.id as string,
      ids: FACTORS.map((c) => doc.indicators.find((i: any) => i.code === c).id as string),
    };
  }

  it("weighs by AHP: Saaty's house example is refused at CR 0.169, then accepted with a reason", async () => {
    w = await world(db);
    const { id, ids } = await eightDimensions();
    const refused = await expectStatus(
      await req(
        `/indicator-systems/${id}/ahp`,
        { parentId: null, indicatorIds: ids, matrix: SAATY_HOUSE },
        'PUT',
      ),
      422,
    );
    expect(refused.code).toBe('inconsistent_matrix');
    expect(refused.cr).toBeCloseTo(0.169, 3);
    expect((await expectStatus(await req(`/indicator-systems/${id}`), 200)).groups).toEqual([]);

    const accepted = await expectStatus(
      await req(
        `/indicator-systems/${id}/ahp`,
        {
          parentId: null,
          indicatorIds: ids,
          matrix: SAATY_HOUSE,
          acceptInconsistency: { reason: '专家组确认' },
        },
        'PUT',
      ),
      200,
    );
    const group = accepted.groups[0];
    expect(group).toMatchObject({ method: 'ahp', acceptedReason: '专家组确认' });
    expect(group.lambdaMax).toBeCloseTo(9.669, 2);
    expect(group.ci).toBeCloseTo(0.238, 3);
    expect(group.cr).toBeCloseTo(0.169, 3);
    const weights = ids.map((i) => accepted.indicators.find((x: any) => x.id === i).localWeight.toFixed(3));
    expect(weights).toEqual(['0.173', '0.054', '0.188', '0.018', '0.031', '0.036', '0.167', '0.333']);
    expect(accepted.indicators.every((i: any) => i.step === 'weighted')).toBe(true);
  });

  it('shows AHP figures live without storing, and names a matrix that is not reciprocal', async () => {
    w = await world(db);
    const live = await expectStatus(
      await req('/ahp', {
        matrix: [
          [1, 3, 5],
          [1 / 3, 1, 3],
          [1 / 5, 1 / 3, 1],
        ],
      }),
      200,
    );
    expect(live.weights.map((x: number) => Number(x.toFixed(3)))).toEqual([0.637, 0.258, 0.105]);
    expect(live.cr).toBeCloseTo(0.033, 3);
    expect(live).toMatchObject({ consistent: true, limit: 0.1 });
    const bad = await expectStatus(
      await req('/ahp', {
        matrix: [
          [1, 3],
          [3, 1],
        ],
      }),
      422,
    );
    expect(bad.code).toBe('invalid_matrix');
    expect(bad.errors).toEqual([
      { path: 'body.matrix.0.1', message: 'Entry [1][0] must be the reciprocal 1/3' },
    ]);
    expect(
      (
        await expectStatus(
          await req('/ahp', {
            matrix: [
              [1, 12],
              [1 / 12, 1],
            ],
          }),
          400,
        )
      ).errors[0].path,
    ).toMatch(/matrix/);
  });

  it('entered weights must sum to 1; global weight is the product down the path; a published version is frozen', async () => {
    w = await world(db);
    const s = await expectStatus(await req('/indicator-systems', { name: '服务满意度' }), 201);
    const add = async (body: Record<string, unknown>) =>
      expectStatus(await req(`/indicator-systems/${s.id}/indicators`, body), 201);
    let doc = await add({ code: 'Q', name: bi('产品质量', 'Product quality') });
    doc = await add({ code: 'S', name: bi('服务', 'Service') });
    const id = (code: string) => doc.indicators.find((i: any) => i.code === code).id;
    doc = await add({ parentId: id('Q'), code: 'Q.pack', name: bi('包装', 'Packaging'), kind: 'auxiliary' });
    doc = await add({ parentId: id('Q'), code: 'Q.life', name: bi('寿命', 'Durability') });
    const deep = await add({ parentId: id('Q.pack'), code: 'x', name: bi('x', 'x') });
    const x = deep.indicators.find((i: any) => i.code === 'x');
    expect(x.level).toBe(3);
    const tooDeep = await expectStatus(
      await req(`/indicator-systems/${s.id}/indicators`, { parentId: x.id, code: 'y', name: bi('y', 'y') }),
      422,
    );
    expect(tooDeep.code).toBe('too_deep');
    doc = await expectStatus(
      await req(`/indicator-systems/${s.id}/indicators/${x.id}`, undefined, 'DELETE'),
      200,
    );
    expect(doc.indicators.find((i: any) => i.code === 'Q.pack').leaf).toBe(true);

    const sum = await expectStatus(
      await putWeights(w, s.id, null, [
        [id('Q'), 0.6],
        [id('S'), 0.3],
      ]),
      422,
    );
    expect(sum).toMatchObject({ code: 'weights_not_one', sum: 0.8999999999999999 });
    const partial = await expectStatus(await putWeights(w, s.id, null, [[id('Q'), 1]]), 422);
    expect(partial.code).toBe('incomplete_group');

    await expectStatus(
      await putWeights(w, s.id, null, [
        [id('Q'), 0.6],
        [id('S'), 0.4],
      ]),
      200,
    );
    const unweighted = await expectStatus(
      await req(`/indicator-systems/${s.id}/publish`, undefined, 'POST'),
      409,
    );
    expect(unweighted.code).toBe('system_unweighted');
    doc = await expectStatus(
      await putWeights(w, s.id, id('Q'), [
        [id('Q.pack'), 0.25],
        [id('Q.life'), 0.75],
      ]),
      200,
    );
    expect(doc.indicators.find((i: any) => i.code === 'Q.pack').globalWeight).toBeCloseTo(0.15, 12);
    expect(doc.indicators.find((i: any) => i.code === 'Q.life').globalWeight).toBeCloseTo(0.45, 12);
    // Service has no indicators under it: it is a leaf weighted 0.4 itself.
    expect(doc.indicators.find((i: any) => i.code === 'S')).toMatchObject({ leaf: true, globalWeight: 0.4 });

    const published = await expectStatus(
      await req(`/indicator-systems/${s.id}/publish`, undefined, 'POST'),
      200,
    );
    expect(published.status).toBe('published');
    const frozen = await expectStatus(
      await req(`/indicator-systems/${s.id}/indicators`, { name: bi('新', 'New') }),
      409,
    );
    expect(frozen.code).toBe('system_published');

    const v2 = await expectStatus(await req(`/indicator-systems/${s.id}/versions`, undefined, 'POST'), 201);
    expect(v2).toMatchObject({ version: 2, status: 'draft', familyId: s.id });
    expect(v2.indicators.map((i: any) => [i.code, i.globalWeight])).toEqual(
      published.indicators.map((i: any) => [i.code, i.globalWeight]),
    );
    expect(
      (await expectStatus(await req(`/indicator-systems/${s.id}/versions`, undefined, 'POST'), 409)).code,
    ).toBe('draft_exists');
    const list = await expectStatus(await req('/indicator-systems'), 200);
    expect(list.items.map((x: any) => [x.version, x.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
  });

  it('needs the write permission; bad input changes nothing', async () => {
    w = await world(db);
    const s = await expectStatus(await req('/indicator-systems', { name: '体系' }), 201);
    expect((await req('/indicator-systems', { name: 'x' }, undefined, w.staff.token)).status).toBe(403);
    expect((await req(`/indicator-systems/${s.id}`, undefined, undefined, w.staff.token)).status).toBe(200);
    expect(
      (await req(`/indicator-systems/${s.id}/indicators`, { name: { 'zh-CN': '只有中文' } })).status,
    ).toBe(400);
    expect(
      (await req(`/indicator-systems/${s.id}/indicators`, { name: bi('a', 'a'), kind: 'major' })).status,
    ).toBe(400);
    expect((await expectStatus(await req(`/indicator-systems/${s.id}`), 200)).indicators).toEqual([]);
    expect((await req('/indicator-systems/nope')).status).toBe(404);
  });
});
