import { BadUserInputError, ErrorCode, RateLimitedError } from '../domain/errors';
import { addressKey, createRateLimits, NO_RATE_LIMITS } from './rate-limits';

describe('addressKey', () => {
  it('counts IPv4 addresses as themselves, also when written as IPv6', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 addresses by their /64, however they are written', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});

describe('createRateLimits', () => {
  const client = { address: '203.0.113.7' };

  it('refuses a credential or address after the allowed failures, saying when to retry', async () => {
    const limits = createRateLimits({ ...NO_RATE_LIMITS, authFailuresPerMinute: 2 });
    await limits.checkAuthentication(client, 'a');
    await limits.authenticationFailed(client, 'a');
    await limits.authenticationFailed(client, 'b');
    const refusal = await limits.checkAuthentication(client, 'c').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as RateLimitedError).code).toBe(ErrorCode.RATE_LIMITED);
    expect((refusal as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect((refusal as RateLimitedError).message).toMatch(/from this address .* Try again in \d+ seconds\.$/);
    // Another address with the same failing credential twice is refused for the credential.
    await limits.authenticationFailed({ address: '198.51.100.1' }, 'a');
    await expect(limits.checkAuthentication({ address: '198.51.100.2' }, 'a')).rejects.toThrow(/this credential/);
    await expect(limits.checkAuthentication({ address: '198.51.100.2' }, 'd')).resolves.toBeUndefined();
  });

  it('limits writes per subject and per address, and gives back what a refused write took', async () => {
    const limits = createRateLimits({ ...NO_RATE_LIMITS, writesPerMinute: 2, writesPerAddressPerMinute: 3 });
    await limits.consumeWrites(client, 'jwt:alice', 2);
    await expect(limits.consumeWrites(client, 'jwt:alice', 1)).rejects.toThrow(/for this credential/);
    await limits.consumeWrites(client, 'jwt:bob', 1);
    await expect(limits.consumeWrites(client, 'jwt:bob', 1)).rejects.toThrow(/from this address/);
    // bob's refused write was given back: he still has one from elsewhere.
    await limits.consumeWrites({ address: '198.51.100.1' }, 'jwt:bob', 1);
    await expect(limits.consumeWrites({ address: null }, 'jwt:carol', 3)).rejects.toBeInstanceOf(BadUserInputError);
  });

  it('does nothing with every limit off', async () => {
    const limits = createRateLimits(NO_RATE_LIMITS);
    for (let i = 0; i < 100; i++) await limits.authenticationFailed(client, 'a');
    await limits.checkAuthentication(client, 'a');
    await limits.consumeWrites(client, 'jwt:alice', 1000);
  });
});
