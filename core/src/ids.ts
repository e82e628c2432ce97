import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
let lastTime = 0;
let seq = 0;

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
  }
  let time = '';
  let t = now;
  for (let i = 0; i < 9; i++) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  let counter = '';
  let s = seq;
  for (let i = 0; i < 3; i++) {
    counter = ALPHABET[s % 32]! + counter;
    s = Math.floor(s / 32);
  }
  const rand = randomBytes(8);
  let tail = '';
  for (let i = 0; i < 8; i++) tail += ALPHABET[rand[i]! % 32];
  return time + counter + tail;
}
