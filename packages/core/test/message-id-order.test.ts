// docs/delivery-semantics.md, "Message ids": 32 lowercase hex; the first 20 hex digits are the
// nanoseconds since the epoch (80-bit big-endian) from the same clock reading as `created`;
// strictly increasing in string order within a process, even when the wall clock steps back;
// Message.newMessageId can be replaced.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Message } from '../src/index.js';
import { HEX32 } from './support/helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * A fresh copy of the module, so that the id generator's memory of the last timestamp (which a
 * mocked clock moves) does not leak between tests.
 */
async function freshMessage(): Promise<typeof Message> {
  vi.resetModules();
  return (await import('../src/index.js')).Message;
}

function timestampNs(id: string): bigint {
  return BigInt(`0x${id.slice(0, 20)}`);
}

describe('message ids', () => {
  it('are 32 lowercase hex digits whose first 20 are the ns of `created`', () => {
    for (let i = 0; i < 1000; i += 1) {
      const m = new Message({ publisherName: null, topic: 't', value: i });
      expect(m.messageId).toMatch(HEX32);
      expect(timestampNs(m.messageId)).toBe(BigInt(m.created.getTime()) * 1_000_000n);
    }
  });

  it('carry the current time in their first 20 hex digits (Message.newMessageId)', () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const id = Message.newMessageId();
    const after = BigInt(Date.now()) * 1_000_000n;
    expect(id).toMatch(HEX32);
    expect(timestampNs(id) >= before && timestampNs(id) <= after).toBe(true);
  });

  it('agree with `created` when the clock is mocked to a fixed reading', async () => {
    const Message = await freshMessage();
    const fixed = Date.UTC(2031, 0, 2, 3, 4, 5, 678);
    vi.spyOn(Date, 'now').mockReturnValue(fixed);
    const m = new Message({ publisherName: null, topic: 't', value: 1 });
    expect(m.created.getTime()).toBe(fixed);
    expect(timestampNs(m.messageId)).toBe(BigInt(fixed) * 1_000_000n);
  });

  it('are strictly increasing over 100 000 ids (constructor and newMessageId interleaved)', () => {
    let previous = '';
    let violations = 0;
    for (let i = 0; i < 100_000; i += 1) {
      const id =
        i % 2 === 0
          ? Message.newMessageId()
          : new Message({ publisherName: null, topic: 't', value: i }).messageId;
      if (!(id > previous) || !HEX32.test(id)) violations += 1;
      previous = id;
    }
    expect(violations).toBe(0);
  });

  it('stay strictly increasing when Date.now steps back (and forward again)', async () => {
    const Message = await freshMessage();
    const real = Date.now();
    const ids: string[] = [Message.newMessageId()];
    const now = vi.spyOn(Date, 'now');
    // Step far into the future (well past anything made so far), then back, then further back.
    const readings = [
      real + 3_600_000,
      real + 3_600_000,
      real + 10_000,
      real,
      real - 86_400_000,
      real + 3_600_001,
    ];
    for (const reading of readings) {
      now.mockReturnValue(reading);
      for (let i = 0; i < 50; i += 1) {
        ids.push(Message.newMessageId());
        ids.push(new Message({ publisherName: null, topic: 't', value: i }).messageId);
      }
    }
    for (let i = 1; i < ids.length; i += 1) {
      expect(ids[i]! > ids[i - 1]!, `id ${i} ${ids[i]} after ${ids[i - 1]}`).toBe(true);
      expect(ids[i]).toMatch(HEX32);
    }
    // The last reading is later than every earlier one: its ids carry it again.
    expect(timestampNs(ids.at(-1)!)).toBe(BigInt(real + 3_600_001) * 1_000_000n);
  });

  it('can be made another way by assigning Message.newMessageId (and restored)', () => {
    const original = Message.newMessageId;
    let counter = 0;
    try {
      Message.newMessageId = () => `custom-${++counter}`;
      expect(new Message({ publisherName: null, topic: 't', value: 1 }).messageId).toBe('custom-1');
      expect(new Message({ publisherName: null, topic: 't', value: 2 }).messageId).toBe('custom-2');
      expect(Message.newMessageId()).toBe('custom-3');
      // An explicit id still wins.
      expect(
        new Message({ publisherName: null, topic: 't', value: 3, messageId: 'x' }).messageId,
      ).toBe('x');
    } finally {
      Message.newMessageId = original;
    }
    const restored = new Message({ publisherName: null, topic: 't', value: 4 });
    expect(restored.messageId).toMatch(HEX32);
    expect(counter).toBe(3);
  });

  it('uses the override for subclasses of Message too', () => {
    class Reading extends Message<number> {}
    const original = Message.newMessageId;
    try {
      Message.newMessageId = () => 'from-override';
      expect(new Reading({ publisherName: null, topic: 't', value: 1 }).messageId).toBe(
        'from-override',
      );
    } finally {
      Message.newMessageId = original;
    }
  });
});
