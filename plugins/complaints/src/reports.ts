import type { KehuRouter } from '@kehu/core';
import type { Deps } from './context.js';

export function reportRoutes(_router: KehuRouter, _deps: Deps): void {}
