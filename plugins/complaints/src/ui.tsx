import type { PluginContext } from '@kehu/core';
import type { Deps } from './context.js';

export function complaintsUi(_ctx: PluginContext<unknown>, _deps: Deps): void {}
