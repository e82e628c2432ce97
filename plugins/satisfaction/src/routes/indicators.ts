import { type KehuRouter, z } from '@kehu/core';
import type { Deps } from '../context.js';
import {
  addIndicator,
  createSystem,
  enterWeights,
  evaluateMatrix,
  INDICATOR_KINDS,
  INDICATOR_STEPS,
  listSystems,
  newSystemVersion,
  publishSystem,
  removeIndicator,
  requireSystem,
  updateIndicator,
  weighByAhp,
} from '../indicator-systems.js';
import { CR_LIMIT } from '../math/ahp.js';
import { validationReport } from '../validation.js';
import {
  AhpSchema,
  Bilingual,
  DateString,
  Id,
  IdParams,
  Matrix,
  Reason,
  SystemSchema,
  SystemSummarySchema,
  ValidationSchema,
} from './schemas.js';

const tags = ['satisfaction'];
const write = 'satisfaction.indicators.write';
const IndicatorParams = z.object({ id: Id, indicatorId: Id });
const Code = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Letters, digits, dot, dash or underscore');

/** Indicator systems (满意度指标体系): the tree, its weights (entered or AHP), versions. */
export function indicatorRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/indicator-systems',
    {
      summary: 'Indicator systems, every version, newest first within a system',
      access: 'satisfaction.read',
      responses: { 200: z.object({ items: z.array(SystemSummarySchema) }) },
      tags,
    },
    async (c) => c.json({ items: await listSystems(deps.db) }),
  );

  router.post(
    '/indicator-systems',
    {
      summary: 'Start an indicator system (version 1, a draft)',
      access: write,
      customer: false,
      body: z.strictObject({
        name: z.string().trim().min(1).max(200),
        description: z.string().trim().max(2000).optional(),
      }),
      responses: { 201: SystemSchema },
      tags,
    },
    async (c, { body, principal }) => c.json(await createSystem(deps, body, principal), 201),
  );

  router.get(
    '/indicator-systems/:id',
    {
      summary:
        'An indicator system version: indicators with local and global weights, weight groups with AHP consistency',
      access: 'satisfaction.read',
      params: IdParams,
      responses: { 200: SystemSchema },
      tags,
    },
    async (c, { params }) => c.json(await requireSystem(deps.db, params.id)),
  );

  router.post(
    '/indicator-systems/:id/indicators',
    {
      summary: 'Add a dimension (no parent), an indicator or a sub-indicator to a draft',
      access: write,
      customer: false,
      params: IdParams,
      body: z.strictObject({
        parentId: Id.nullable().optional(),
        code: Code.optional(),
        name: Bilingual,
        kind: z.enum(INDICATOR_KINDS).optional(),
        step: z.enum(INDICATOR_STEPS).optional(),
      }),
      responses: { 201: SystemSchema },
      tags,
    },
    async (c, { params, body, principal }) =>
      c.json(await addIndicator(deps, params.id, body, principal), 201),
  );

  router.patch(
    '/indicator-systems/:id/indicators/:indicatorId',
    {
      summary: 'Rename an indicator, change its kind or the step it has reached',
      access: write,
      customer: false,
      params: IndicatorParams,
      body: z.strictObject({
        name: Bilingual.optional(),
        kind: z.enum(INDICATOR_KINDS).optional(),
        step: z.enum(INDICATOR_STEPS).optional(),
      }),
      responses: { 200: SystemSchema },
      tags,
    },
    async (c, { params, body, principal }) =>
      c.json(await updateIndicator(deps, params.id, params.indicatorId, body, principal)),
  );

  router.delete(
    '/indicator-systems/:id/indicators/:indicatorId',
    {
      summary: 'Remove an indicator without children from a draft',
      access: write,
      customer: false,
      params: IndicatorParams,
      responses: { 200: SystemSchema },
      tags,
    },
    async (c, { params, principal }) =>
      c.json(await removeIndicator(deps, params.id, params.indicatorId, principal)),
  );

  router.put(
    '/indicator-systems/:id/weights',
    {
      summary:
        'Enter the weights of one level (the children of `parentId`, null for the dimensions); they must sum to 1',
      access: write,
      customer: false,
      params: IdParams,
      body: z.strictObject({
        parentId: Id.nullable(),
        weights: z
          .array(z.strictObject({ indicatorId: Id, weight: z.number().min(0).max(1) }))
          .min(1)
          .max(50),
      }),
      responses: { 200: SystemSchema },
      tags,
    },
    async (c, { params, body, principal }) => c.json(await enterWeights(deps, params.id, body, principal)),
  );

  router.put(
    '/indicator-systems/:id/ahp',
    {
      summary:
        'Weigh one level by AHP from a pairwise comparison matrix (Saaty 1–9, reciprocal); CR ≥ 0.10 needs `acceptInconsistency`',
      access: write,
      customer: false,
      params: IdParams,
      body: z.strictObject({
        parentId: Id.nullable(),
        indicatorIds: z.array(Id).min(1).max(10),
        matrix: Matrix,
        acceptInconsistency: z.strictObject({ reason: Reason }).optional(),
      }),
      responses: { 200: SystemSchema },
      tags,
    },
    async (c, { params, body, principal }) => c.json(await weighByAhp(deps, params.id, body, principal)),
  );

  router.post(
    '/ahp',
    {
      summary: 'AHP weights, λmax, CI and CR of a comparison matrix, without storing anything',
      access: 'satisfaction.read',
      customer: false,
      body: z.strictObject({ matrix: Matrix }),
      responses: { 200: AhpSchema },
      tags,
    },
    async (c, { body }) => c.json({ ...evaluateMatrix(body.matrix), limit: CR_LIMIT }),
  );

  router.post(
    '/indicator-systems/:id/publish',
    {
      summary: 'Publish the draft: the version is frozen; surveys then score with it',
      access: write,
      customer: false,
      params: IdParams,
      responses: { 200: SystemSchema },
      tags,
    },
    async (c, { params, principal }) => c.json(await publishSystem(deps, params.id, principal)),
  );

  router.post(
    '/indicator-systems/:id/versions',
    {
      summary: 'Start the next version of a published system as a draft copy',
      access: write,
      customer: false,
      params: IdParams,
      responses: { 201: SystemSchema },
      tags,
    },
    async (c, { params, principal }) => c.json(await newSystemVersion(deps, params.id, principal), 201),
  );

  router.get(
    '/indicator-systems/:id/validation',
    {
      summary:
        'Select valid indicators by questionnaire: per indicator the response rate and the correlation with overall satisfaction; weak ones flagged',
      access: 'satisfaction.read',
      params: IdParams,
      query: z.object({
        campaignId: Id.optional(),
        from: DateString.optional(),
        to: DateString.optional(),
        threshold: z.coerce.number().min(0).max(1).optional(),
      }),
      responses: { 200: ValidationSchema },
      tags,
    },
    async (c, { params, query }) => c.json(await validationReport(deps, params.id, query)),
  );
}
