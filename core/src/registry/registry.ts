import { BootError } from '../errors.js';
import type { EntityTypeDefinition, FacetDefinition, Labels, TimelineSource } from './types.js';

/**
 * What plugins register against the customer archive: facets, entity types, enum labels and timeline
 * sources. The kernel's customer routes read from here; it knows no plugin by name.
 */
export class Registry {
  readonly facets = new Map<string, FacetDefinition & { plugin: string }>();
  readonly entityTypes = new Map<string, EntityTypeDefinition & { plugin: string }>();
  readonly enums = new Map<string, Record<string, Labels>>();
  readonly timelineSources = new Map<string, TimelineSource & { plugin: string }>();

  addFacet(plugin: string, name: string, def: FacetDefinition<any>): void {
    if (this.facets.has(name)) throw new BootError(`Facet "${name}" is registered twice (by ${plugin})`);
    this.facets.set(name, { ...def, plugin });
  }

  addEntityType(plugin: string, name: string, def: EntityTypeDefinition): void {
    if (this.entityTypes.has(name)) throw new BootError(`Entity type "${name}" is registered twice (by ${plugin})`);
    this.entityTypes.set(name, { ...def, plugin });
  }

  addEnum(name: string, values: Record<string, Labels>): void {
    this.enums.set(name, { ...(this.enums.get(name) ?? {}), ...values });
  }

  addTimelineSource(plugin: string, name: string, source: TimelineSource): void {
    if (this.timelineSources.has(name)) throw new BootError(`Timeline source "${name}" is registered twice (by ${plugin})`);
    this.timelineSources.set(name, { ...source, plugin });
  }
}

/** The registry as a plugin sees it. */
export interface PluginRegistry {
  facet<T>(name: string, def: FacetDefinition<T>): void;
  entityType(name: string, def: EntityTypeDefinition): void;
  enumLabels(name: string, values: Record<string, Labels>): void;
  timeline(name: string, source: TimelineSource): void;
}

export function scopedRegistry(registry: Registry, plugin: string): PluginRegistry {
  return {
    facet: (name, def) => registry.addFacet(plugin, name, def),
    entityType: (name, def) => registry.addEntityType(plugin, name, def),
    enumLabels: (name, values) => registry.addEnum(name, values),
    timeline: (name, source) => registry.addTimelineSource(plugin, name, source),
  };
}
