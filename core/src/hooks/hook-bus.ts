import { chunks } from '../chunks.js';
import type { Clock } from '../clock.js';
import type { Trx } from '../db/database.js';
import { newId } from '../ids.js';
import { assertOwnEvent } from './event-namespace.js';
import type {
  EventHandler,
  EventName,
  FilterContext,
  FilterHandler,
  FilterName,
  FilterOptions,
  HookDescription,
  KehuEvents,
  KehuFilters,
} from './types.js';

interface RegisteredFilter {
  plugin: string;
  pluginOrder: number;
  priority: number;
  seq: number;
  handler: FilterHandler<unknown>;
}

export interface Subscriber {
  id: string;
  plugin: string;
  event: string;
  handler: EventHandler<unknown>;
}

/**
 * Subscribers that come and go at runtime (webhook endpoints), asked at every emit and every claim
 * instead of being registered once at boot.
 */
export interface SubscriberSource {
  /** Ids of the current subscribers that want `event`. */
  subscribersFor(event: string): string[];
  /** Every id whose pending deliveries may run now. */
  ids(): string[];
  resolve(id: string): Subscriber | undefined;
}

/** Per-transaction flag so the kernel's transaction helper knows to wake the dispatcher after commit. */
const emittedIn = new WeakMap<object, { emitted: boolean }>();

// Rows per insert, under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters
// (4 columns per event, 10 per delivery).
const EVENTS_PER_STATEMENT = 5000;
const DELIVERIES_PER_STATEMENT = 2500;

export function trackEmits(trx: Trx): { emitted: boolean } {
  const state = { emitted: false };
  emittedIn.set(trx, state);
  return state;
}

export class HookBus {
  private readonly filters = new Map<string, RegisteredFilter[]>();
  private readonly subscribers = new Map<string, Subscriber[]>();
  private readonly subscriberById = new Map<string, Subscriber>();
  private readonly sources: SubscriberSource[] = [];
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  addFilter(
    name: string,
    handler: FilterHandler<unknown>,
    plugin: string,
    pluginOrder: number,
    options: FilterOptions = {},
  ): void {
    const list = this.filters.get(name) ?? [];
    list.push({ plugin, pluginOrder, priority: options.priority ?? 100, seq: this.seq++, handler });
    list.sort((a, b) => a.priority - b.priority || a.pluginOrder - b.pluginOrder || a.seq - b.seq);
    this.filters.set(name, list);
  }

  addSubscriber(event: string, id: string, plugin: string, handler: EventHandler<unknown>): void {
    if (this.subscriberById.has(id)) throw new Error(`Subscriber "${id}" is registered twice`);
    const sub: Subscriber = { id, plugin, event, handler };
    const list = this.subscribers.get(event) ?? [];
    list.push(sub);
    this.subscribers.set(event, list);
    this.subscriberById.set(id, sub);
  }

  addSubscriberSource(source: SubscriberSource): void {
    this.sources.push(source);
  }

  /** Ids of everyone an event `name` emitted now is delivered to: plugins and active webhook endpoints. */
  private recipients(name: string): string[] {
    const own = this.subscribers.get(name);
    const ids = own ? own.map((s) => s.id) : [];
    for (const source of this.sources) ids.push(...source.subscribersFor(name));
    return ids;
  }

  /**
   * Whether emitting `name` now would write anything: true when a plugin subscribes to it or an
   * active webhook endpoint's patterns match it. Emit itself decides with the same answer, so a
   * producer that skips building payloads when this is false loses no event.
   */
  hasSubscribers(name: string): boolean {
    return (
      (this.subscribers.get(name)?.length ?? 0) > 0 ||
      this.sources.some((s) => s.subscribersFor(name).length > 0)
    );
  }

  hasFilters(name: string): boolean {
    return (this.filters.get(name)?.length ?? 0) > 0;
  }

  async applyFilters<K extends FilterName>(
    name: K,
    payload: KehuFilters[K],
    ctx: FilterContext,
  ): Promise<KehuFilters[K]> {
    const list = this.filters.get(name);
    if (!list) return payload;
    let current = payload;
    for (const f of list) {
      const next = await f.handler(current, ctx);
      if (next !== undefined) current = next as KehuFilters[K];
    }
    return current;
  }

  /**
   * Writes the event and one delivery per current subscriber inside `trx`, so they commit or roll
   * back with the data. Nothing is written when nobody listens.
   */
  async emit<K extends EventName>(trx: Trx, name: K, payload: KehuEvents[K]): Promise<void> {
    await this.emitMany(trx, name, [payload]);
  }

  /**
   * `emit` for many events of one name (a batch job's results): the same rows, written as a few
   * multi-row statements, and the subscribers looked up once.
   */
  async emitMany<K extends EventName>(trx: Trx, name: K, payloads: readonly KehuEvents[K][]): Promise<void> {
    if (payloads.length === 0) return;
    const subs = this.recipients(name);
    if (subs.length === 0) return;
    const now = this.clock.now().toISOString();
    const events = payloads.map((payload) => ({
      id: newId(),
      name,
      payload: JSON.stringify(payload ?? null),
      occurred_at: now,
    }));
    for (const chunk of chunks(events, EVENTS_PER_STATEMENT))
      await trx.insertInto('kehu_event').values(chunk).execute();
    const deliveries = events.flatMap((event) =>
      subs.map((subscriber) => ({
        id: newId(),
        event_id: event.id,
        subscriber,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        locked_until: null,
        last_error: null,
        delivered_at: null,
        updated_at: now,
      })),
    );
    for (const chunk of chunks(deliveries, DELIVERIES_PER_STATEMENT))
      await trx.insertInto('kehu_delivery').values(chunk).execute();
    const state = emittedIn.get(trx);
    if (state) state.emitted = true;
  }

  subscriber(id: string): Subscriber | undefined {
    return this.subscriberById.get(id) ?? this.sources.map((s) => s.resolve(id)).find((s) => s !== undefined);
  }

  subscriberIds(): string[] {
    return [...this.subscriberById.keys(), ...this.sources.flatMap((s) => s.ids())];
  }

  describe(): HookDescription {
    return {
      filters: [...this.filters.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, list]) => ({
          name,
          handlers: list.map((f, i) => ({ plugin: f.plugin, priority: f.priority, order: i + 1 })),
        })),
      events: [...this.subscribers.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, list]) => ({ name, subscribers: list.map((s) => ({ id: s.id, plugin: s.plugin })) })),
    };
  }
}

/** The hook bus as a plugin sees it: everything it registers is attributed to it. */
export interface PluginHooks {
  filter<K extends FilterName>(
    name: K,
    handler: FilterHandler<KehuFilters[K]>,
    options?: FilterOptions,
  ): void;
  /** `subscriber` names the delivery record; keep it stable across releases. */
  on<K extends EventName>(name: K, subscriber: string, handler: EventHandler<KehuEvents[K]>): void;
  applyFilters<K extends FilterName>(
    name: K,
    payload: KehuFilters[K],
    ctx: FilterContext,
  ): Promise<KehuFilters[K]>;
  /** Only the plugin's own events (`<camelCasedName>.*`); any other name throws before writing. */
  emit<K extends EventName>(trx: Trx, name: K, payload: KehuEvents[K]): Promise<void>;
  /** Many events of one (own) name in one call; the same rows as that many `emit`s, written in bulk. */
  emitMany<K extends EventName>(trx: Trx, name: K, payloads: readonly KehuEvents[K][]): Promise<void>;
  /**
   * Whether an event `name` emitted now reaches anyone (a plugin subscriber or an active webhook
   * endpoint). When false, emitting writes nothing, so a producer may skip building the payloads.
   */
  hasSubscribers(name: EventName): boolean;
  hasFilters(name: FilterName): boolean;
}

export function scopedHooks(bus: HookBus, plugin: string, pluginOrder: number): PluginHooks {
  return {
    filter: (name, handler, options) =>
      bus.addFilter(name, handler as FilterHandler<unknown>, plugin, pluginOrder, options),
    on: (name, subscriber, handler) =>
      bus.addSubscriber(name, `${plugin}:${subscriber}`, plugin, handler as EventHandler<unknown>),
    applyFilters: (name, payload, ctx) => bus.applyFilters(name, payload, ctx),
    emit: async (trx, name, payload) => {
      assertOwnEvent(plugin, name);
      await bus.emit(trx, name, payload);
    },
    emitMany: async (trx, name, payloads) => {
      assertOwnEvent(plugin, name);
      await bus.emitMany(trx, name, payloads);
    },
    hasSubscribers: (name) => bus.hasSubscribers(name),
    hasFilters: (name) => bus.hasFilters(name),
  };
}
