import { BootError } from '../errors.js';
import type {
  PluginUi,
  UiCustomerPanelDefinition,
  UiDashboardWidgetDefinition,
  UiMessages,
  UiNavDefinition,
  UiPageDefinition,
} from './types.js';
import { UI_LANGUAGES } from './types.js';

type Owned<T> = T & { plugin: string };

/**
 * Everything plugins contribute to the web console. The console reads it per request, so the order in
 * which plugins are set up does not matter; it knows no plugin by name.
 */
export class UiRegistry {
  readonly pages: Owned<UiPageDefinition>[] = [];
  readonly nav: Owned<UiNavDefinition>[] = [];
  readonly customerPanels: Owned<UiCustomerPanelDefinition>[] = [];
  readonly dashboardWidgets: Owned<UiDashboardWidgetDefinition>[] = [];
  readonly messages = new Map<string, UiMessages>();
  site: { plugin: string; app: { fetch: (...args: any[]) => any } } | undefined;
  /** The kernel, set at boot: handed only to the plugin that serves the site. */
  host: unknown;

  addPage(plugin: string, def: UiPageDefinition): void {
    if (!def.path.startsWith('/'))
      throw new BootError(`UI page "${def.path}" of ${plugin} must start with /`);
    if (this.pages.some((p) => p.plugin === plugin && p.path === def.path))
      throw new BootError(`UI page "${def.path}" is registered twice by ${plugin}`);
    this.pages.push({ ...def, plugin });
  }

  addNav(plugin: string, def: UiNavDefinition): void {
    if (!def.href.startsWith('/')) throw new BootError(`Navigation entry of ${plugin} must link to a path`);
    this.nav.push({ ...def, plugin });
  }

  addCustomerPanel(plugin: string, def: UiCustomerPanelDefinition): void {
    if (this.customerPanels.some((p) => p.plugin === plugin && p.name === def.name))
      throw new BootError(`Customer panel "${def.name}" is registered twice by ${plugin}`);
    this.customerPanels.push({ ...def, plugin });
  }

  addDashboardWidget(plugin: string, def: UiDashboardWidgetDefinition): void {
    if (this.dashboardWidgets.some((w) => w.plugin === plugin && w.name === def.name))
      throw new BootError(`Dashboard widget "${def.name}" is registered twice by ${plugin}`);
    this.dashboardWidgets.push({ ...def, plugin });
  }

  addMessages(plugin: string, catalogs: UiMessages): void {
    const keys = UI_LANGUAGES.map((l) => new Set(Object.keys(catalogs[l] ?? {})));
    for (const [i, lang] of UI_LANGUAGES.entries()) {
      const other = keys[(i + 1) % keys.length]!;
      const missing = [...other].filter((k) => !keys[i]!.has(k));
      if (missing.length > 0)
        throw new BootError(`Messages of ${plugin} lack ${lang} for: ${missing.slice(0, 10).join(', ')}`);
    }
    const had = this.messages.get(plugin);
    this.messages.set(
      plugin,
      had
        ? { en: { ...had.en, ...catalogs.en }, 'zh-CN': { ...had['zh-CN'], ...catalogs['zh-CN'] } }
        : catalogs,
    );
  }

  serve(plugin: string, app: { fetch: (...args: any[]) => any }): void {
    if (this.site) throw new BootError(`${plugin} cannot serve the site: ${this.site.plugin} already does`);
    this.site = { plugin, app };
  }
}

export function scopedUi(registry: UiRegistry, plugin: string): PluginUi {
  return {
    page: (def) => registry.addPage(plugin, def),
    nav: (def) => registry.addNav(plugin, def),
    customerPanel: (def) => registry.addCustomerPanel(plugin, def),
    dashboardWidget: (def) => registry.addDashboardWidget(plugin, def),
    messages: (catalogs) => registry.addMessages(plugin, catalogs),
    serve: (app) => registry.serve(plugin, app),
    siteHost: <T>() => {
      if (registry.host === undefined) throw new BootError(`${plugin} asked for the site host before boot`);
      return registry.host as T;
    },
  };
}
