import {
  configuredPlugins,
  customerCount,
  type KehuConfig,
  type KehuServer,
  type ServeOptions,
  seedDemo,
  serve,
  welcome,
} from '@kehu/sdk';

export interface QuickstartOptions extends Omit<ServeOptions, 'beforeListen'> {
  /** Where the banner goes (stdout); progress lines go to `progress`. */
  print?(text: string): void;
  progress?(line: string): void;
}

export interface Quickstart {
  server: KehuServer;
  /** Whether this start seeded the demo company (the archive was empty). */
  seeded: boolean;
  /** The admin token, on the first start of a database only. */
  adminToken: string | undefined;
}

/** Boots Kehu with every plugin, seeds the demo company into an empty archive, serves, and says how to call it. */
export async function startQuickstart(
  config: KehuConfig,
  options: QuickstartOptions = {},
): Promise<Quickstart> {
  const print = options.print ?? ((t: string) => process.stdout.write(t));
  const progress = options.progress ?? ((l: string) => process.stderr.write(`${l}\n`));
  let seeded = false;
  const server = await serve(config, {
    ...options,
    async beforeListen({ kernel }) {
      if ((await customerCount(kernel)) > 0) return;
      progress('Empty archive: seeding the demo company 青禾食品 (Qinghe Foods)…');
      const result = await seedDemo(kernel, {
        plugins: configuredPlugins(config),
        progress: (m) => progress(`  ${m}`),
      });
      progress(
        `Seeded ${result.customers} customers, ${result.contacts} contacts, ${result.communications} communications and the data of ${result.plugins.join(', ')}.`,
      );
      seeded = true;
    },
  });
  const adminToken = server.kernel.initialAdminToken;
  print(welcome({ url: server.url, plugins: server.kernel.plugins, adminToken }));
  if (!adminToken) {
    print(
      'The admin token was printed on the first start. A new one: pnpm --filter @kehu/example-quickstart exec kehu tokens create --user Administrator\n',
    );
  }
  print(
    `Database: ${server.kernel.database.dialect === 'sqlite' ? server.kernel.database.url : server.kernel.database.dialect}. Stop with Ctrl-C.\n`,
  );
  return { server, seeded, adminToken };
}
