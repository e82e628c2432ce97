import { randomBytes } from 'node:crypto';
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
  /** One console sign-in per role, on the first start of a database only. */
  signIns: DemoSignIn[];
}

export interface DemoSignIn {
  userId: string;
  role: string;
  /** The role's label in both languages, as the console shows it. */
  label: { en: string; 'zh-CN': string };
  name: string;
  email: string;
  password: string;
}

/** Boots Kehu with every plugin, seeds the demo company into an empty archive, serves, and says how to call it. */
export async function startQuickstart(
  config: KehuConfig,
  options: QuickstartOptions = {},
): Promise<Quickstart> {
  const print = options.print ?? ((t: string) => process.stdout.write(t));
  const progress = options.progress ?? ((l: string) => process.stderr.write(`${l}\n`));
  let seeded = false;
  const signIns: DemoSignIn[] = [];
  const missing: string[] = [];
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
      // One demo person per role the kernel defines gets a random password, printed once like the
      // admin token; a role nobody holds is said, not skipped silently.
      for (const role of kernel.permissions.listRoles()) {
        const person = result.people.find((p) => p.roles.includes(role.name));
        if (person)
          signIns.push({
            role: role.name,
            label: role.labels,
            name: person.name,
            email: person.email,
            password: randomBytes(9).toString('base64url'),
            userId: person.id,
          });
        else missing.push(role.name);
      }
      // Hashing is slow on purpose; the hashes run side by side in libuv's pool.
      await Promise.all(signIns.map((s) => kernel.accounts.setPassword(s.userId, s.password)));
    },
  });
  const adminToken = server.kernel.initialAdminToken;
  print(welcome({ url: server.url, plugins: server.kernel.plugins, adminToken }));
  if (signIns.length > 0) {
    print(`\nConsole: ${server.url}/ — one demo sign-in per role (shown once):\n`);
    for (const s of signIns)
      print(
        `  ${s.label.en.padEnd(20)} ${s.email.padEnd(30)} ${s.password}  ${s.name} (${s.label['zh-CN']})\n`,
      );
  }
  if (missing.length > 0) print(`No demo person for the roles ${missing.join(', ')}.\n`);
  if (!adminToken) {
    print(
      'The admin token was printed on the first start. A new one: pnpm --filter @kehu/example-quickstart exec kehu tokens create --user Administrator\n',
    );
  }
  print(
    `Database: ${server.kernel.database.dialect === 'sqlite' ? server.kernel.database.url : server.kernel.database.dialect}. Stop with Ctrl-C.\n`,
  );
  return { server, seeded, adminToken, signIns };
}
