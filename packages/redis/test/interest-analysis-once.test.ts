// The bridge analyses a pattern once, however many subscriptions have it (a string by its
// value, a RegExp object by identity), and checks a received record's topic once, against its
// channel's topic; the topic rule and length are the exchange's, enforced by deliver.
import { Message } from '@sigx/core';
import * as matcher from '@sigx/matcher';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Interest } from '../src/interest.js';
import { fromWireRecord, toWireRecord } from '@sigx/bridge';

vi.mock('@sigx/matcher', async (importOriginal) => {
  const original = await importOriginal<typeof matcher>();
  return {
    ...original,
    analyzePattern: vi.fn((pattern: matcher.TopicPattern) => original.analyzePattern(pattern)),
  };
});
const analyzePattern = vi.mocked(matcher.analyzePattern);

describe('Interest analyses each pattern once', () => {
  beforeEach(() => {
    analyzePattern.mockClear();
  });

  it('for every subscription that has the same string pattern', () => {
    const interest = new Interest();
    expect(interest.add('1', 'a/.*')).toBe(true);
    expect(interest.add('2', 'a/.*')).toBe(false);
    expect(interest.add('3', 'a/.*')).toBe(false);
    expect(analyzePattern).toHaveBeenCalledTimes(1);
    expect(interest.globs('sigx:')).toEqual(['sigx:a/*']);
    expect(interest.remove('1')).toBe(false);
    expect(interest.remove('3')).toBe(false);
    expect(interest.globs('sigx:')).toEqual(['sigx:a/*']);
    expect(interest.remove('2')).toBe(true);
    expect(interest.globs('sigx:')).toEqual([]);
    // Gone with its last subscription: a new one analyses it afresh.
    expect(interest.add('4', 'a/.*')).toBe(true);
    expect(analyzePattern).toHaveBeenCalledTimes(2);
    expect(interest.globs('sigx:')).toEqual(['sigx:a/*']);
  });

  it('for every subscription that has the same RegExp object; another object is analysed', () => {
    const interest = new Interest();
    const pattern = /ab\//i;
    interest.add('1', pattern);
    interest.add('2', pattern);
    expect(analyzePattern).toHaveBeenCalledTimes(1);
    interest.add('3', /ab\//i);
    expect(analyzePattern).toHaveBeenCalledTimes(2);
    const globs = ['sigx:AB/*', 'sigx:Ab/*', 'sigx:aB/*', 'sigx:ab/*'];
    expect(interest.globs('sigx:')).toEqual(globs);
    expect(interest.remove('1')).toBe(false);
    expect(interest.remove('3')).toBe(false);
    expect(interest.globs('sigx:')).toEqual(globs);
    expect(interest.remove('2')).toBe(true);
    expect(interest.globs('sigx:')).toEqual([]);
  });

  it('keeps a string and a RegExp apart, and a subscription id filed once', () => {
    const interest = new Interest();
    interest.add('1', 'i/abc$');
    interest.add('2', /abc$/i);
    expect(interest.add('1', 'other$')).toBe(false);
    expect(interest.globs('sigx:')).toEqual([
      'sigx:ABC',
      'sigx:ABc',
      'sigx:AbC',
      'sigx:Abc',
      'sigx:aBC',
      'sigx:aBc',
      'sigx:abC',
      'sigx:abc',
      'sigx:i/abc',
    ]);
    expect(interest.remove('2')).toBe(true);
    expect(interest.globs('sigx:')).toEqual(['sigx:i/abc']);
    expect(interest.remove('1')).toBe(true);
    expect(interest.remove('1')).toBe(false);
  });

  it('leaves nothing filed when the analysis throws', () => {
    const interest = new Interest();
    analyzePattern.mockImplementationOnce(() => {
      throw new Error('analysis failed');
    });
    expect(() => interest.add('1', 'a/.*')).toThrow('analysis failed');
    expect(interest.remove('1')).toBe(false);
    expect(interest.add('1', 'a/.*')).toBe(true);
    expect(interest.globs('sigx:')).toEqual(['sigx:a/*']);
  });
});

describe("fromWireRecord checks the topic once, against the channel's", () => {
  const sent = toWireRecord(new Message({ topic: 'm/1', value: 1 }), 'n', 'r', 1);
  const wire = (fields: Record<string, unknown>): unknown => ({ ...sent, ...fields });

  it('refuses a missing or non-string topic as "no topic", another one by name', () => {
    expect(fromWireRecord(wire({ topic: undefined }), 'm/1')).toBe('no topic');
    expect(fromWireRecord(wire({ topic: 7 }), '7')).toBe('no topic');
    expect(fromWireRecord(wire({ topic: ['m/1'] }), 'm/1')).toBe('no topic');
    expect(fromWireRecord(wire({ topic: 'm/2' }), 'm/1')).toBe(
      'its topic "m/2" is not the channel\'s',
    );
  });

  it("takes the channel's topic, leaving its length and rule to the exchange", () => {
    const long = 'x'.repeat(70_000);
    const received = fromWireRecord(wire({ topic: long }), long);
    expect(typeof received).toBe('object');
    expect((received as Exclude<typeof received, string>).message.topic).toBe(long);
    const odd = fromWireRecord(wire({ topic: 'Not/Valid\0' }), 'Not/Valid\0');
    expect((odd as Exclude<typeof odd, string>).message.topic).toBe('Not/Valid\0');
  });
});
