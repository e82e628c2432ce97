import { runCli } from './main.js';

/** The process entry of the `kehu` bin. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const code = await runCli(argv);
  process.exitCode = code;
  // Everything is closed by now; a socket left connecting to an unreachable server must not keep the process.
  setTimeout(() => process.exit(code), 1000).unref();
}
