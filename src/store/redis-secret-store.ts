/**
 * SecretStore on Redis: SET NX then GET, so concurrent first callers agree on one value.
 *
 * Key layout (P = `<REDIS_PREFIX>:`):
 *   P secret:<name>    STRING  the secret (no expiry; deleting it makes the next caller generate a new one)
 */
import type { RedisClient } from './redis-client.ts';
import type { SecretStore } from './secret-store.ts';

export class RedisSecretStore implements SecretStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async getOrCreate(name: string, candidate: string): Promise<string> {
    const key = `${this.prefix}:secret:${name}`;
    await this.redis.set(key, candidate, 'NX');
    const stored = await this.redis.get(key);
    if (stored === null) throw new Error(`secret ${name} vanished while it was being created`);
    return stored;
  }
}
