import crypto from 'node:crypto';
import net from 'node:net';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { BadUserInputError, RateLimitedError } from '../domain/errors';

/**
 * How often a client may fail to authenticate, and how much it may write, in
 * one minute. 0 turns a limit off. Counted in this process's memory
 * (rate-limiter-flexible's RateLimiterMemory): a restart forgets, and several
 * instances each count on their own.
 */
export interface RateLimitConfig {
  /** Failed authentications per minute from one client address, and with one presented credential. */
  authFailuresPerMinute: number;
  /** Writes (root fields of mutation operations) per minute by one authenticated subject. */
  writesPerMinute: number;
  /** Writes per minute from one client address, whoever is asking. */
  writesPerAddressPerMinute: number;
}

/** What loadConfig gives when the environment says nothing. */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = Object.freeze({
  authFailuresPerMinute: 10,
  writesPerMinute: 120,
  writesPerAddressPerMinute: 600,
});

/** Every limit off: what a server built without a rate-limit configuration (tests, scripts) gets. */
export const NO_RATE_LIMITS: RateLimitConfig = Object.freeze({
  authFailuresPerMinute: 0,
  writesPerMinute: 0,
  writesPerAddressPerMinute: 0,
});

/** Who is asking, as far as limits care: the client address (null when unknown, e.g. in-process runs). */
export interface Client {
  address: string | null;
}

export interface RateLimits {
  /** Throws RateLimitedError when the address or the credential has failed to authenticate too often lately. */
  checkAuthentication(client: Client, credential: string): Promise<void>;
  /** Counts one failed authentication against the address and the credential. */
  authenticationFailed(client: Client, credential: string): Promise<void>;
  /**
   * Counts `writes` writes by the subject (e.g. "jwt:alice"; null: anonymous) and the address; throws
   * RateLimitedError when over, or BadUserInputError for one operation with more writes than a minute allows.
   */
  consumeWrites(client: Client, subject: string | null, writes: number): Promise<void>;
}

const WINDOW_SECONDS = 60;

/**
 * The key an address is counted under: an IPv4 address as itself, an IPv6
 * address by its /64 network (one host usually holds a whole /64, so counting
 * single IPv6 addresses would give it billions of allowances). IPv4 written
 * as IPv6 (::ffff:10.0.0.1) counts as the IPv4 address.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (net.isIPv6(address)) return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
  return address;
}

/** The eight groups of an IPv6 address, without zone, each as a lower-case number without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.toLowerCase().split('::') as [string, string | undefined];
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  // An embedded IPv4 tail (::1.2.3.4) only matters past the first four groups; count it as two.
  const width = (list: string[]) => list.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const zeros = tail === undefined ? [] : Array<string>(Math.max(0, 8 - width(left) - width(right))).fill('0');
  return [...left, ...zeros, ...right].map((g) => (g.includes('.') ? g : parseInt(g, 16).toString(16)));
}

/** A stand-in for a presented credential, so that the limiter never holds a token or key itself. */
function fingerprint(credential: string): string {
  return crypto.createHash('sha256').update(credential, 'utf8').digest('hex');
}

function limiter(points: number): RateLimiterMemory | null {
  return points > 0 ? new RateLimiterMemory({ points, duration: WINDOW_SECONDS }) : null;
}

/** The limiter's own rejection (a RateLimiterRes, not an Error) as the time until its window renews. */
function rejection(error: unknown): RateLimiterRes {
  if (error instanceof RateLimiterRes) return error;
  throw error;
}

export function createRateLimits(config: RateLimitConfig): RateLimits {
  const authByAddress = limiter(config.authFailuresPerMinute);
  const authByCredential = limiter(config.authFailuresPerMinute);
  const writesBySubject = limiter(config.writesPerMinute);
  const writesByAddress = limiter(config.writesPerAddressPerMinute);

  /** The counters a request's failures go to: its address (when known) and its credential. */
  const authKeys = (client: Client, credential: string) =>
    [
      authByAddress && client.address !== null
        ? { limiter: authByAddress, key: addressKey(client.address), from: 'from this address' }
        : null,
      authByCredential
        ? { limiter: authByCredential, key: fingerprint(credential), from: 'with this credential' }
        : null,
    ].filter((entry) => entry !== null);

  return {
    async checkAuthentication(client, credential) {
      for (const { limiter, key, from } of authKeys(client, credential)) {
        const state = await limiter.get(key);
        if (state !== null && state.consumedPoints >= limiter.points) {
          throw new RateLimitedError(
            `Too many failed authentications ${from} (the limit is ${limiter.points} a minute).`,
            state.msBeforeNext / 1000,
            'auth-failures',
          );
        }
      }
    },

    async authenticationFailed(client, credential) {
      for (const { limiter, key } of authKeys(client, credential)) await limiter.penalty(key);
    },

    async consumeWrites(client, subject, writes) {
      const counters = [
        writesBySubject && subject !== null
          ? { limiter: writesBySubject, key: subject, who: 'for this credential', limit: 'writes' }
          : null,
        writesByAddress && client.address !== null
          ? { limiter: writesByAddress, key: addressKey(client.address), who: 'from this address', limit: 'writes' }
          : null,
      ].filter((entry) => entry !== null);
      const most = Math.min(...counters.map((counter) => counter.limiter.points));
      if (writes > most) {
        throw new BadUserInputError(
          `This operation makes ${writes} writes; at most ${most} are allowed a minute. Send them in smaller operations.`,
        );
      }
      const consumed: { limiter: RateLimiterMemory; key: string }[] = [];
      for (const { limiter, key, who, limit } of counters) {
        try {
          await limiter.consume(key, writes);
          consumed.push({ limiter, key });
        } catch (error) {
          const state = rejection(error);
          // A refused write is not written: give back what the other counters took for it.
          for (const taken of consumed) await taken.limiter.reward(taken.key, writes);
          throw new RateLimitedError(
            `Too many writes ${who} (the limit is ${limiter.points} a minute; this operation makes ${writes}).`,
            state.msBeforeNext / 1000,
            limit,
          );
        }
      }
    },
  };
}
