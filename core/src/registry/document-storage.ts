import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where document bytes live. Keys are chosen by the kernel (random, never derived from a name or
 * id) and never reach a client: downloads go through the access-checked route.
 */
export interface DocumentStorage {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
}

/** A new storage key: 128 random bits, sharded by its first two characters. */
export const newStorageKey = (): string => {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 2)}/${hex}`;
};

/** The default storage: files under a folder (the data folder's `documents/`). */
export class LocalFileStorage implements DocumentStorage {
  constructor(readonly directory: string) {}

  private path(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{32}$/.test(key)) throw new Error(`Not a storage key: ${key}`);
    return join(this.directory, key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(key);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, bytes, { flag: 'wx' });
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.path(key)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
