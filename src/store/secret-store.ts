/**
 * The secret store boundary: service secrets that every process must share but nobody configured,
 * generated once and kept in Redis. Nothing public is ever derived from the moderator token.
 */

export interface SecretStore {
  /**
   * The secret called `name`; the first caller anywhere stores `candidate` and every later caller,
   * in any process, gets that same value back.
   */
  getOrCreate(name: string, candidate: string): Promise<string>;
}
