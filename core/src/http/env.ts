import type { AwilixContainer } from 'awilix';
import type { Context } from 'hono';
import type { Principal } from '../auth/principal.js';

export interface KehuEnv {
  Variables: {
    requestId: string;
    /** Set once the route's auth step ran; null for anonymous routes. */
    principal: Principal | null;
    /** The request's container scope (see `RouteInput.scope`); set with the principal. */
    scope: AwilixContainer;
  };
}

export type KehuContext = Context<KehuEnv>;
