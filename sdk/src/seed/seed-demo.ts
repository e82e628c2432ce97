import type { AnyPlugin, Customer, Kernel } from '@kehu/core';
import { DEMO_COMMUNICATIONS, DEMO_CUSTOMERS, DEMO_USERS } from './demo-data.js';

export interface SeedDemoOptions {
  /** The enabled plugins' definitions: each one's `seedDemo` runs after the kernel's data, in boot order. */
  plugins?: readonly AnyPlugin[];
  progress?(message: string): void;
  /** Seed of the deterministic random numbers handed to plugins. */
  seed?: number;
}

/** A demo person the seeder created or found (by email), in the order of the demo company's list. */
export interface DemoPerson {
  id: string;
  name: string;
  email: string;
  roles: string[];
}

export interface DemoSeedResult {
  users: number;
  /** The demo people, in the demo company's order: one for every role the kernel defines. */
  people: DemoPerson[];
  customers: number;
  contacts: number;
  communications: number;
  /** Plugins whose `seedDemo` ran, in order. */
  plugins: string[];
  /** Event deliveries made after seeding (plugins reacting to each other's demo data). */
  deliveries: number;
}

/** Seeding would mix demo data into a database that already has customers. */
export class DemoDataRefused extends Error {
  constructor(count: number) {
    super(
      `the database already has ${count} customer${count === 1 ? '' : 's'}; demo data goes only into an empty archive`,
    );
    this.name = 'DemoDataRefused';
  }
}

/** mulberry32: small, fast and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function customerCount(kernel: Kernel): Promise<number> {
  const r = await kernel.database.db
    .selectFrom('customer')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Seeds the demo company: users for every role, customers across regions and kinds with contacts and
 * communications, then each plugin's own demo data. Customers, contacts and communications go through
 * the HTTP API, so they are validated, audited and raise events exactly like real ones.
 */
export async function seedDemo(kernel: Kernel, options: SeedDemoOptions = {}): Promise<DemoSeedResult> {
  const progress = options.progress ?? (() => {});
  const existing = await customerCount(kernel);
  if (existing > 0) throw new DemoDataRefused(existing);
  const random = seededRandom(options.seed ?? 20_260_301);

  // People for the roles this kernel defines: a disabled plugin's role gets nobody.
  const people = DEMO_USERS.filter((u) => u.roles.every((r) => kernel.permissions.isRole(r)));
  progress(`users: ${people.length}`);
  const userIds = new Map<string, DemoPerson>();
  const known = new Map(
    (await kernel.users.list()).filter((u) => u.email).map((u) => [u.email!.toLowerCase(), u]),
  );
  await kernel.transaction(async (trx) => {
    for (const u of people) {
      const user =
        known.get(u.email) ??
        (await kernel.users.create({ name: u.name, email: u.email, roles: u.roles }, trx));
      if (!known.has(u.email))
        await kernel.audit.record(trx, {
          entityType: 'user',
          entityId: user.id,
          action: 'create',
          actor: null,
          reason: 'demo data',
        });
      userIds.set(u.key, { id: user.id, name: user.name, email: u.email, roles: user.roles });
    }
  });
  const allUsers = await kernel.users.list();
  const admin = allUsers.find((u) => u.active && u.roles.includes('admin'));
  if (!admin) throw new Error('no active admin user to seed as');
  const byRole: Record<string, { id: string; name: string }[]> = {};
  for (const u of allUsers) {
    for (const r of u.roles) {
      byRole[r] ??= [];
      byRole[r].push({ id: u.id, name: u.name });
    }
  }

  const { token, info } = await kernel.users.createToken(admin.id, 'demo seeding');
  const call = async <T>(method: string, path: string, body: unknown): Promise<T> => {
    const res = await kernel.app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(`demo seeding failed: ${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };

  const customers: Customer[] = [];
  let contacts = 0;
  let communications = 0;
  const day = 86_400_000;
  const now = kernel.clock.now().getTime();
  try {
    for (const [i, c] of DEMO_CUSTOMERS.entries()) {
      const { contacts: people, owner, ...fields } = c;
      const customer = await call<Customer>('POST', '/api/v1/customers', {
        ...fields,
        ownerId: userIds.get(owner)!.id,
      });
      customers.push(customer);
      const contactIds: string[] = [];
      for (const [j, p] of people.entries()) {
        const contact = await call<{ id: string }>('POST', `/api/v1/customers/${customer.id}/contacts`, {
          ...p,
          primary: j === 0,
        });
        contactIds.push(contact.id);
        contacts++;
      }
      const exchanges = 1 + Math.floor(random() * 3);
      for (let k = 0; k < exchanges; k++) {
        const template = DEMO_COMMUNICATIONS[Math.floor(random() * DEMO_COMMUNICATIONS.length)]!;
        await call('POST', `/api/v1/customers/${customer.id}/communications`, {
          ...template,
          occurredAt: new Date(now - Math.floor(1 + random() * 120) * day).toISOString(),
          contactId: contactIds[Math.floor(random() * contactIds.length)] ?? null,
          byUserId: userIds.get(owner)!.id,
        });
        communications++;
      }
      if ((i + 1) % 5 === 0 || i + 1 === DEMO_CUSTOMERS.length)
        progress(
          `customers: ${i + 1}/${DEMO_CUSTOMERS.length} (${contacts} contacts, ${communications} communications)`,
        );
    }
  } finally {
    await kernel.users.revokeToken(info.id);
  }

  await seedAccessRequests(kernel, customers, userIds);

  const seeded = new Set<string>();
  const definitions = new Map((options.plugins ?? []).map((p) => [p.name, p]));
  const stages = ['masterData', 'transactions'] as const;
  for (const stage of stages) {
    for (const enabled of kernel.plugins) {
      const plugin = definitions.get(enabled.name);
      const seeder =
        typeof plugin?.seedDemo === 'function'
          ? stage === 'transactions'
            ? plugin.seedDemo
            : undefined
          : plugin?.seedDemo?.[stage];
      if (!plugin || !seeder) continue;
      progress(`plugin ${plugin.name}: seeding ${stage === 'masterData' ? 'master data' : 'transactions'}`);
      await seeder({
        kernel,
        customers,
        users: byRole,
        random,
        progress: (m) => progress(`plugin ${plugin.name}: ${m}`),
      });
      // Master data may emit events that later seeders rely on (e.g. a profile opened).
      await kernel.dispatcher.drain();
      seeded.add(plugin.name);
    }
  }

  const ran = kernel.plugins.map((p) => p.name).filter((n) => seeded.has(n));
  let deliveries = 0;
  for (let n = await kernel.dispatcher.drain(); n > 0; n = await kernel.dispatcher.drain()) deliveries += n;
  if (deliveries > 0) progress(`events: ${deliveries} deliveries`);
  return {
    users: people.length,
    people: [...userIds.values()],
    customers: customers.length,
    contacts,
    communications,
    plugins: ran,
    deliveries,
  };
}

/**
 * Staff see a customer only through an approved access request: the first staff member has one,
 * approved by the sales manager; the second is waiting for the sales manager's decision.
 */
async function seedAccessRequests(
  kernel: Kernel,
  customers: readonly Customer[],
  people: ReadonlyMap<string, DemoPerson>,
): Promise<void> {
  const manager = people.get('sm');
  const [approved, waiting] = [people.get('staff1'), people.get('staff2')];
  if (!manager || customers.length < 2) return;
  const decider = kernel.permissions.principal(manager);
  const expiresAt = new Date(kernel.clock.now().getTime() + 30 * 86_400_000).toISOString();
  await kernel.transaction(async (trx) => {
    if (approved) {
      const grant = await kernel.customers.grants.request(
        trx,
        customers[0]!.id,
        approved.id,
        '核对对账单与回款 / Checking statements and payments',
      );
      await kernel.customers.grants.decide(trx, grant.id, { approve: true, expiresAt }, decider);
    }
    if (waiting)
      await kernel.customers.grants.request(
        trx,
        customers[1]!.id,
        waiting.id,
        '安排配送线路 / Planning the delivery route',
      );
  });
}
