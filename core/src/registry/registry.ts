import { BootError } from '../errors.js';
import { CUSTOMER_ENUMS } from './customer-enums.js';
import {
  createEntityStore,
  type EntityArchive,
  type EntityStore,
  type RegisteredEntityType,
} from './entity-store.js';
import type {
  EntityTypeDefinition,
  FacetDefinition,
  Labels,
  TimelineSource,
  VisibilityWidening,
} from './types.js';

/**
 * What plugins register against the customer archive: facets, entity types, enum labels and timeline
 * sources. The kernel's customer routes read from here; it knows no plugin by name.
 */
export class Registry {
  readonly facets = new Map<string, FacetDefinition & { plugin: string }>();
  readonly entityTypes = new Map<string, RegisteredEntityType>();
  readonly entityStores = new Map<string, EntityStore>();
  readonly enums = new Map<string, Record<string, Labels>>();
  readonly timelineSources = new Map<string, TimelineSource & { plugin: string }>();
  /** Widenings of the customer access rule, by plugin. */
  readonly widenings = new Map<string, VisibilityWidening>();
  private archive: EntityArchive | undefined;

  constructor() {
    for (const [name, values] of Object.entries(CUSTOMER_ENUMS)) this.addEnum(name, values);
  }

  /** Called once by the customer service, so entity stores can reach the database and audit. */
  bindArchive(archive: EntityArchive): void {
    this.archive = archive;
  }

  addFacet(plugin: string, name: string, def: FacetDefinition<any>): void {
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(name))
      throw new BootError(
        `Facet name "${name}" (by ${plugin}) must be a letter followed by letters, digits, - or _`,
      );
    if (this.facets.has(name)) throw new BootError(`Facet "${name}" is registered twice (by ${plugin})`);
    this.facets.set(name, { ...def, plugin });
  }

  addEntityType<R extends Record<string, any>>(
    plugin: string,
    name: string,
    def: EntityTypeDefinition<R>,
  ): EntityStore<R> | undefined {
    if (this.entityTypes.has(name))
      throw new BootError(`Entity type "${name}" is registered twice (by ${plugin})`);
    if (def.timeline && !(def.table && def.customerColumn))
      throw new BootError(
        `Entity type "${name}" (by ${plugin}) has a timeline but no table and customerColumn`,
      );
    if (def.softDelete && !def.table)
      throw new BootError(`Entity type "${name}" (by ${plugin}) is soft-deletable but has no table`);
    this.entityTypes.set(name, { ...(def as EntityTypeDefinition), plugin, name });
    if (!def.table) return undefined;
    const store = createEntityStore<R>(name, def, () => {
      if (!this.archive)
        throw new Error(
          'The customer archive is not ready yet: use entity stores in requests, jobs and subscribers, not during setup',
        );
      return this.archive;
    });
    this.entityStores.set(name, store as unknown as EntityStore);
    return store;
  }

  addEnum(name: string, values: Record<string, Labels>): void {
    this.enums.set(name, { ...(this.enums.get(name) ?? {}), ...values });
  }

  widenAccess(plugin: string, def: VisibilityWidening): void {
    if (this.widenings.has(plugin)) throw new BootError(`Plugin ${plugin} widens customer access twice`);
    this.widenings.set(plugin, def);
  }

  addTimelineSource(plugin: string, name: string, source: TimelineSource): void {
    if (this.timelineSources.has(name))
      throw new BootError(`Timeline source "${name}" is registered twice (by ${plugin})`);
    this.timelineSources.set(name, { ...source, plugin });
  }
}

/** The registry as a plugin sees it. */
export interface PluginRegistry {
  facet<T>(name: string, def: FacetDefinition<T>): void;
  /**
   * Registers an entity type. With a `table` it returns the {@link EntityStore} that gives the type
   * audit, access checks by customer, soft delete, the timeline and export.
   */
  entityType<R extends Record<string, any> = Record<string, any>>(
    name: string,
    def: EntityTypeDefinition<R> & { table: string },
  ): EntityStore<R>;
  entityType(name: string, def: EntityTypeDefinition): EntityStore | undefined;
  enumLabels(name: string, values: Record<string, Labels>): void;
  timeline(name: string, source: TimelineSource): void;
  /**
   * Lets more principals see (and change) customers than the owner rule and access grants do, e.g.
   * the members of a key-account team. See {@link VisibilityWidening}.
   */
  widenAccess(def: VisibilityWidening): void;
}

export function scopedRegistry(registry: Registry, plugin: string): PluginRegistry {
  return {
    facet: (name, def) => registry.addFacet(plugin, name, def),
    entityType: ((name: string, def: EntityTypeDefinition) =>
      registry.addEntityType(plugin, name, def)) as PluginRegistry['entityType'],
    enumLabels: (name, values) => registry.addEnum(name, values),
    timeline: (name, source) => registry.addTimelineSource(plugin, name, source),
    widenAccess: (def) => registry.widenAccess(plugin, def),
  };
}
