import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
let lastTime = 0;
let lastPrefix = '';
let seq = 0;

// One getrandom call per 512 ids instead of one per id: bulk imports mint 100k+ ids a second.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * Sortable unique ids (time prefix + counter + random), so "newest first" and cursors can use the id
 * and two processes never collide.
 */
export function newId(): string {
  const now = Date.now();
  if (now === lastTime) seq++;
  else {
    lastTime = now;
    seq = 0;
    let time = '';
    let t = now;
    for (let i = 0; i < 9; i++) {
      time = ALPHABET[t % 32]! + time;
      t = Math.floor(t / 32);
    }
    lastPrefix = time;
  }
  let counter = '';
  let s = seq;
  for (let i = 0; i < 3; i++) {
    counter = ALPHABET[s % 32]! + counter;
    s = Math.floor(s / 32);
  }
  if (poolOffset + 8 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  let tail = '';
  for (let i = 0; i < 8; i++) tail += ALPHABET[pool[poolOffset + i]! % 32];
  poolOffset += 8;
  return lastPrefix + counter + tail;
}
