import type { Context } from 'hono';
import type { Principal } from '../auth/principal.js';

export interface KehuEnv {
  Variables: {
    requestId: string;
    /** Set once the route's auth step ran; null for anonymous routes. */
    principal: Principal | null;
  };
}

export type KehuContext = Context<KehuEnv>;
