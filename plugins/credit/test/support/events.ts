import { definePlugin, type EventName, type KehuEvents, z } from '@kehu/core';

export type Seen = { name: string; payload: any }[];

/** Records the events it is told to listen to, as a third-party subscriber would receive them. */
export function eventSpy(names: readonly EventName[], seen: Seen) {
  return definePlugin({
    name: 'spy',
    version: '0.0.1',
    config: z.object({}),
    setup(ctx) {
      for (const name of names)
        ctx.hooks.on(
          name,
          `spy-${name}`,
          (payload: KehuEvents[typeof name]) => void seen.push({ name, payload }),
        );
    },
  });
}

export { CREDIT_EVENTS } from '../../src/contract.js';
