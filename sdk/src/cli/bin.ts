import { runCli } from './main.js';

/** The process entry of the `kehu` bin. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runCli(argv);
}
