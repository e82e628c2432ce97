import { configuredPlugins } from '../../config.js';
import { DemoDataRefused, seedDemo } from '../../seed/seed-demo.js';
import { defineCommand } from '../command.js';
import { CliError, UsageError } from '../errors.js';

export const seedCommand = defineCommand({
  path: ['seed'],
  summary: 'Fill an empty database with the demo company (--demo)',
  usage: 'kehu seed --demo',
  description:
    'Seeds 青禾食品 (Qinghe Foods), a food distributor: users for every role, customers across regions and kinds with Chinese and English names, ' +
    'contacts and communications, then the demo data of every enabled plugin in boot order, and delivers the events that raises. ' +
    'Refuses a database that already has customers.',
  options: {
    demo: { type: 'boolean', description: 'seed the demo company (the only kind of seed there is)' },
  },
  async run(ctx) {
    if (!ctx.values.demo) throw new UsageError('say what to seed: --demo');
    const config = await ctx.config();
    const { kernel } = await ctx.boot();
    const started = Date.now();
    try {
      const result = await seedDemo(kernel, {
        plugins: configuredPlugins(config),
        progress: (m) => ctx.note(`seed: ${m}`),
      });
      ctx.out(
        `Seeded the demo company in ${Date.now() - started} ms: ${result.users} users, ${result.customers} customers, ${result.contacts} contacts, ` +
          `${result.communications} communications; plugins: ${result.plugins.join(', ') || 'none with demo data'}.`,
      );
    } catch (err) {
      if (err instanceof DemoDataRefused) throw new CliError(err.message);
      throw err;
    }
  },
});
