import type { Principal } from '../auth/principal.js';

/** Who performs an archive action: a caller, or null for the system (jobs, imports run by code). */
export type Actor = Principal | null;

export const actorId = (actor: Actor): string | null => (actor ? actor.id : null);
