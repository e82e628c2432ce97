import { definePlugin, type Kernel } from '@kehu/core';
// TSX modules are imported without an extension, so jiti (which loads plugin sources) finds them.
import { consoleApp } from './app';
import { ConsoleConfig } from './settings.js';

/**
 * The web console: sign-in with sessions, the dashboard, customers, access requests, the CSV import
 * and the admin pages, in zh-CN and English. Every other plugin adds its pages, navigation,
 * customer-page panels and dashboard widgets through `ctx.ui`; the console knows none by name.
 */
export const consolePlugin = definePlugin({
  name: 'console',
  version: '0.1.0',
  description: 'Web console (zh-CN, en): sign-in, customers, access requests, import, admin',
  config: ConsoleConfig,
  setup(ctx) {
    const kernel = ctx.ui.siteHost<Kernel>();
    const app = consoleApp(kernel, {
      timeZone: kernel.clock.timeZone,
      trustProxy: ctx.config.trustProxy,
      session: {
        idleMs: ctx.config.session.idleMinutes * 60_000,
        absoluteMs: ctx.config.session.absoluteHours * 3_600_000,
      },
      invitationMs: ctx.config.invitationDays * 86_400_000,
      title: ctx.config.title,
    });
    ctx.ui.serve(app);
  },
});
