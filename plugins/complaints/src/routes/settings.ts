import { etag, expectedVersion, type KehuContext, type KehuRouter, z } from '@kehu/core';
import { CalendarInput, saveCalendar, storedCalendar } from '../calendar.js';
import { CategoryInput, listCategories, saveCategory } from '../categories.js';
import type { Deps } from '../context.js';
import { runSlaJob } from '../sla.js';
import {
  createPolicy,
  deletePolicy,
  listPolicies,
  PolicyInput,
  PolicyReplacement,
  updatePolicy,
} from '../sla-policies.js';
import {
  CalendarSchema,
  CategoryListSchema,
  CategorySchema,
  SlaPolicyListSchema,
  SlaPolicySchema,
} from './response-schemas.js';
import { IdParams } from './shared.js';

/** A versioned setting, its version also sent as `ETag`, so a client can save it back with `If-Match`. */
const tagged = <T extends { version: number }>(c: KehuContext, setting: T): T => {
  c.header('ETag', etag(setting.version));
  return setting;
};

/** The company's complaint settings: categories, the working calendar, SLA policies and the SLA job. */
export function settingsRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/categories',
    {
      summary: 'Complaint categories: the built-in ones and the company’s',
      access: 'complaints.read',
      responses: { 200: CategoryListSchema },
    },
    async (c) => c.json({ items: await listCategories(deps.db) }),
  );
  router.post(
    '/categories',
    {
      summary: 'Add or change a company category (zh-CN and en labels)',
      access: 'complaints.admin',
      body: CategoryInput,
      customer: false,
      responses: { 200: CategorySchema },
    },
    async (c, { body }) => c.json(await saveCategory(deps, body)),
  );
  router.get(
    '/calendar',
    {
      summary: 'The working calendar SLA targets are counted in, with its version',
      access: 'complaints.read',
      responses: { 200: CalendarSchema },
    },
    async (c) => c.json(tagged(c, await storedCalendar(deps))),
  );
  router.put(
    '/calendar',
    {
      summary: 'Save the working calendar (intervals per weekday, holidays, make-up days)',
      description:
        'Send the version you read, as `version` in the body or `If-Match`: a calendar saved by someone else since is a 409 `stale_version` (with `currentVersion`) and stays as it is.',
      access: 'complaints.admin',
      body: CalendarInput,
      customer: false,
      responses: { 200: CalendarSchema },
    },
    async (c, { body, principal }) => {
      await saveCalendar(deps, { ...body, version: expectedVersion(c, body.version) }, principal);
      return c.json(tagged(c, await storedCalendar(deps)));
    },
  );
  router.get(
    '/sla-policies',
    {
      summary: 'SLA policies in the order they are tried (the default last)',
      access: 'complaints.read',
      responses: { 200: SlaPolicyListSchema },
    },
    async (c) => c.json({ items: await listPolicies(deps.db) }),
  );
  router.post(
    '/sla-policies',
    {
      summary: 'Add an SLA policy',
      access: 'complaints.admin',
      body: PolicyInput,
      customer: false,
      responses: { 201: SlaPolicySchema },
    },
    async (c, { body, principal }) => c.json(tagged(c, await createPolicy(deps, body, principal.id)), 201),
  );
  router.put(
    '/sla-policies/:id',
    {
      summary: 'Replace an SLA policy (the default cannot be disabled)',
      description:
        'Send the version you read, as `version` in the body or `If-Match`: a policy saved by someone else since is a 409 `stale_version` (with `currentVersion`) and stays as it is.',
      access: 'complaints.admin',
      params: IdParams,
      body: PolicyReplacement,
      customer: false,
      responses: { 200: SlaPolicySchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        tagged(
          c,
          await updatePolicy(
            deps,
            params.id,
            { ...body, version: expectedVersion(c, body.version) },
            principal.id,
          ),
        ),
      ),
  );
  router.delete(
    '/sla-policies/:id',
    {
      summary: 'Delete an SLA policy (not the default)',
      access: 'complaints.admin',
      params: IdParams,
      customer: false,
      responses: { 204: { description: 'Deleted' } },
    },
    async (c, { params, principal }) => {
      await deletePolicy(deps, params.id, principal.id);
      return c.body(null, 204);
    },
  );
  router.post(
    '/sla/run',
    {
      summary: 'Run the SLA escalation check now',
      access: 'complaints.admin',
      customer: false,
      responses: { 200: z.object({ checked: z.number(), fired: z.number() }) },
    },
    async (c) => c.json(await runSlaJob(deps, deps.clock.now())),
  );
}
