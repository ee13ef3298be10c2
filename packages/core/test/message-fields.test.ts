// docs/delivery-semantics.md, "Messages": the seed's six fields, their defaults (previousValue
// null, created now, messageId from Message.newMessageId()), explicit values kept as given, no
// topic validation in the constructor, and immutability.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Message } from '../src/index.js';
import { HEX32 } from './support/helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Message fields', () => {
  it('keeps every field given to the constructor', () => {
    const created = new Date('2022-10-31T17:33:49.609Z');
    const value = { temperature: 21 };
    const previousValue = { temperature: 20 };
    const m = new Message({
      publisherName: 'thermostat',
      topic: 'parent/child',
      value,
      previousValue,
      created,
      messageId: '0000172337ca6d062cd82792ba09504c',
    });
    expect(m.publisherName).toBe('thermostat');
    expect(m.topic).toBe('parent/child');
    expect(m.value).toBe(value);
    expect(m.previousValue).toBe(previousValue);
    expect(m.created).toBe(created);
    expect(m.messageId).toBe('0000172337ca6d062cd82792ba09504c');
  });

  it('defaults previousValue to null, created to now and messageId to a fresh 32-hex id', () => {
    const before = Date.now();
    const m = new Message({ publisherName: null, topic: 'parent/child', value: 'my message' });
    const after = Date.now();
    expect(m.publisherName).toBeNull();
    expect(m.previousValue).toBeNull();
    expect(m.created).toBeInstanceOf(Date);
    expect(m.created.getTime()).toBeGreaterThanOrEqual(before);
    expect(m.created.getTime()).toBeLessThanOrEqual(after);
    expect(m.messageId).toMatch(HEX32);
  });

  it('keeps falsy values and previous values other than null/undefined', () => {
    for (const falsy of [0, '', false] as const) {
      const m = new Message<number | string | boolean>({
        publisherName: null,
        topic: 't',
        value: falsy,
        previousValue: falsy,
      });
      expect(m.value).toBe(falsy);
      expect(m.previousValue).toBe(falsy);
    }
  });

  it('uses Message.newMessageId() for the default id', () => {
    const spy = vi.spyOn(Message, 'newMessageId').mockReturnValue('f'.repeat(32));
    const m = new Message({ publisherName: null, topic: 't', value: 1 });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(m.messageId).toBe('f'.repeat(32));
  });

  it('does not call Message.newMessageId() when an id is given', () => {
    const spy = vi.spyOn(Message, 'newMessageId');
    new Message({ publisherName: null, topic: 't', value: 1, messageId: 'mine' });
    expect(spy).not.toHaveBeenCalled();
  });

  it('gives two messages different ids', () => {
    const a = new Message({ publisherName: null, topic: 't', value: 1 });
    const b = new Message({ publisherName: null, topic: 't', value: 1 });
    expect(a.messageId).not.toBe(b.messageId);
  });

  it('does not validate the topic (publish does)', () => {
    expect(
      () => new Message({ publisherName: null, topic: 'Not A Valid Topic!', value: 1 }),
    ).not.toThrow();
  });

  it('is immutable', () => {
    const m = new Message({ publisherName: null, topic: 'parent/child', value: 1 });
    expect(Object.isFrozen(m)).toBe(true);
    expect(() => {
      (m as { topic: string }).topic = 'other';
    }).toThrow(TypeError);
    expect(m.topic).toBe('parent/child');
  });
});
