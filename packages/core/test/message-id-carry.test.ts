// Message ids within one millisecond count up in their 48-bit random tail, kept as two 24-bit
// halves: the low half carries into the high half, and a full tail borrows the next
// nanosecond of the timestamp, so ids stay strictly increasing through both carries.
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
});

async function idsWithTail(high: number, low: number, count: number): Promise<string[]> {
  vi.resetModules();
  const { Message } = await import('../src/index.js');
  vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
  vi.spyOn(crypto, 'getRandomValues').mockImplementation(
    <T extends ArrayBufferView | null>(array: T): T => {
      (array as unknown as Uint32Array).set([high, low]);
      return array;
    },
  );
  return Array.from({ length: count }, () => Message.newMessageId());
}

const TIMESTAMP = (1_700_000_000_000n * 1_000_000n).toString(16).padStart(20, '0');

it('carries the low half of the tail into the high half', async () => {
  const ids = await idsWithTail(0x000001, 0xfffffe, 3);
  expect(ids).toEqual([
    `${TIMESTAMP}000001fffffe`,
    `${TIMESTAMP}000001ffffff`,
    `${TIMESTAMP}000002000000`,
  ]);
});

it('borrows the next nanosecond when the whole tail is used up', async () => {
  const ids = await idsWithTail(0xffffff, 0xffffff, 2);
  const next = (1_700_000_000_000n * 1_000_000n + 1n).toString(16).padStart(20, '0');
  expect(ids).toEqual([`${TIMESTAMP}ffffffffffff`, `${next}000000000000`]);
  expect(ids[1]! > ids[0]!).toBe(true);
});
