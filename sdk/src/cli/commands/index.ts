import type { Command } from '../command.js';
import { hooksCommand } from './hooks.js';
import { jobsListCommand, jobsRunCommand } from './jobs.js';
import { migrateCommand, migrateStatusCommand } from './migrate.js';
import { pluginsListCommand } from './plugins.js';
import { seedCommand } from './seed.js';
import { serveCommand } from './serve.js';
import { tokensCreateCommand } from './tokens.js';
import { usersAddCommand, usersListCommand } from './users.js';

/** Every `kehu` command, in the order `kehu --help` lists them. */
export const commands: Command[] = [
  serveCommand,
  migrateCommand,
  migrateStatusCommand,
  jobsRunCommand,
  jobsListCommand,
  usersAddCommand,
  usersListCommand,
  tokensCreateCommand,
  pluginsListCommand,
  seedCommand,
  hooksCommand,
];
