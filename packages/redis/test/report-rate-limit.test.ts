// A flood of bad payloads (malformed, or without the sharedKey) is counted in full, but
// reported at a bounded rate: the first 10 of each kind one by one, then one summary per 5 s
// with how many more were dropped, so that an attacker cannot flood onError (by default
// console.error).
import { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectRedis, MalformedPayloadError, UnauthenticatedPayloadError } from '../src/index.js';
import { rawClient, record, useRedisServer, waitFor } from './support/helpers.js';

const server = useRedisServer();

describe('reports of bad payloads', () => {
  it(
    'come one by one for the first 10 of a kind, then as a summary',
    { timeout: 30_000 },
    async () => {
      const plainErrors: Error[] = [];
      const keyedErrors: Error[] = [];
      const plain = new SignalExchange();
      const keyed = new SignalExchange();
      const plainBridge = await connectRedis(plain, {
        url: server().url,
        onError: (error) => plainErrors.push(error),
      });
      const keyedBridge = await connectRedis(keyed, {
        url: server().url,
        sharedKey: 'k'.repeat(32),
        onError: (error) => keyedErrors.push(error),
      });
      record(plain, 'r/.*');
      record(keyed, 'r/.*');
      await Promise.all([plainBridge.flush(), keyedBridge.flush()]);
      const redis = rawClient(server());
      const pipeline = redis.pipeline();
      for (let i = 0; i < 100; i += 1) pipeline.publish(`sigx:r/${i}`, `garbage ${i}`);
      await pipeline.exec();
      await waitFor(
        () => plainBridge.stats().malformed === 100 && keyedBridge.stats().unauthenticated === 100,
        'every payload counted',
      );
      expect(plainErrors).toHaveLength(10);
      expect(keyedErrors).toHaveLength(10);
      expect(plainErrors.every((error) => error instanceof MalformedPayloadError)).toBe(true);
      expect(keyedErrors.every((error) => error instanceof UnauthenticatedPayloadError)).toBe(true);

      // The rest, summed up once the 5 s window is over.
      await waitFor(() => plainErrors.length === 11 && keyedErrors.length === 11, 'the summaries');
      const [plainSummary, keyedSummary] = [plainErrors[10]!, keyedErrors[10]!] as [
        MalformedPayloadError,
        UnauthenticatedPayloadError,
      ];
      expect(plainSummary).toMatchObject({
        name: 'MalformedPayloadError',
        count: 90,
        channel: 'sigx:r/99',
      });
      expect(plainSummary.message).toMatch(
        /^Dropped 90 more malformed payloads on Redis channels in the last 5 s without a report each; the last on channel "sigx:r\/99": the codec could not decode it/,
      );
      expect(keyedSummary).toMatchObject({ name: 'UnauthenticatedPayloadError', count: 90 });
      expect(keyedSummary.message).toBe(
        'Dropped 90 more payloads without this bridge\'s sharedKey on Redis channels in the last 5 s without a report each; the last on channel "sigx:r/99" (it is shorter than a MAC)',
      );
      await redis.quit();
      await Promise.all([plainBridge.close(), keyedBridge.close()]);
    },
  );
});
