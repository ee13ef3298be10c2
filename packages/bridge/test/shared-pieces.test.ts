// The pieces both bridges share, on their own: echo and duplicate suppression (RecordGate),
// record authentication (RecordMac), encoding that refuses what cannot cross, decoding that
// names what is wrong, reference-counted interest, and the common option checks.
import { Message, SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import {
  checkCommonOptions,
  decodeRecord,
  defaultCodec,
  encodeRecord,
  Interest,
  MAX_SEQ_JUMP,
  RecordGate,
  RecordMac,
  RemotePublisher,
  sharedKeyOf,
  UnencodableMessageError,
  type ReceivedRecord,
} from '../src/index.js';

const record = (run: string, seq: number, node = 'n1'): ReceivedRecord => ({
  node,
  run,
  seq,
  message: new Message({ topic: 'a/b', value: seq }),
  retain: false,
  traceparent: undefined,
});

describe('RecordGate', () => {
  it('drops echoes and duplicates, delivers the rest with one publisher per sender', () => {
    const gate = new RecordGate('mine');
    expect(gate.admit(record('mine', 1)).verdict).toBe('echo');
    const first = gate.admit(record('theirs', 1));
    expect(first).toMatchObject({ verdict: 'deliver' });
    const publisher = (first as { publisher: RemotePublisher }).publisher;
    expect(publisher).toBeInstanceOf(RemotePublisher);
    expect(publisher.nodeId).toBe('n1');
    expect(gate.admit(record('theirs', 1)).verdict).toBe('duplicate');
    expect(gate.admit(record('theirs', 3))).toEqual({ verdict: 'deliver', publisher });
    expect(gate.admit(record('theirs', 2)).verdict).toBe('duplicate');
    expect(gate.peers).toBe(1);
  });

  it('refuses a sequence number no sender could have reached', () => {
    const gate = new RecordGate('mine');
    gate.admit(record('theirs', 1), 0);
    const forged = gate.admit(record('theirs', 2 + MAX_SEQ_JUMP), 0);
    expect(forged).toMatchObject({ verdict: 'forged' });
    expect((forged as { reason: string }).reason).toMatch(/past the last one of its sender/);
    expect(gate.admit(record('theirs', 2), 0).verdict).toBe('deliver');
  });
});

describe('RecordMac', () => {
  const mac = new RecordMac(sharedKeyOf('0123456789abcdef')!, 'sigx-test-mac-v1');

  it('opens what it sealed, for the same channel only', () => {
    const sealed = mac.seal('sigx.a', 'payload');
    expect(Buffer.from(mac.open(Buffer.from('sigx.a'), sealed) as Uint8Array).toString()).toBe(
      'payload',
    );
    expect(mac.open(Buffer.from('sigx.b'), sealed)).toMatch(/MAC does not match/);
    expect(mac.open(Buffer.from('sigx.a'), new Uint8Array(3))).toBe('it is shorter than a MAC');
  });

  it('checks the key', () => {
    expect(sharedKeyOf(undefined)).toBeUndefined();
    expect(() => sharedKeyOf('short')).toThrow(RangeError);
    expect(() => sharedKeyOf(42)).toThrow(TypeError);
  });
});

describe('encodeRecord and decodeRecord', () => {
  const sender = { node: 'n', run: 'r', seq: 1 };

  it('round-trips a message and names the transport when it cannot encode', () => {
    const message = new Message({ topic: 'a/b', value: new Map([[1, 2n]]) });
    const payload = encodeRecord(defaultCodec, 'NATS', message, sender, true, undefined);
    const decoded = decodeRecord(defaultCodec, Buffer.from(payload as string), 'a/b');
    expect(decoded).toMatchObject({ node: 'n', run: 'r', seq: 1, retain: true });
    expect((decoded as ReceivedRecord).message.value).toEqual(new Map([[1, 2n]]));
    const bad = new Message({ topic: 'a/b', value: () => 1 });
    expect(() => encodeRecord(defaultCodec, 'NATS', bad, sender, false, undefined)).toThrow(
      UnencodableMessageError,
    );
    expect(() => encodeRecord(defaultCodec, 'NATS', bad, sender, false, undefined)).toThrow(
      /through NATS: value is a function/,
    );
    const odd = { encode: () => 42 as unknown as string, decode: () => ({}) };
    expect(() => encodeRecord(odd, 'NATS', message, sender, false, undefined)).toThrow(
      /neither a string nor a Uint8Array/,
    );
  });

  it('says why a payload is not a record', () => {
    expect(decodeRecord(defaultCodec, Buffer.from('{'), 'a')).toMatchObject({
      reason: expect.stringMatching(/^the codec could not decode it/),
      cause: expect.any(Error),
    });
    const payload = encodeRecord(
      defaultCodec,
      'NATS',
      new Message({ topic: 'a', value: 1 }),
      sender,
      false,
      undefined,
    );
    expect(decodeRecord(defaultCodec, Buffer.from(payload as string), 'b')).toEqual({
      reason: 'its topic "a" is not the channel\'s',
    });
  });
});

describe('Interest', () => {
  it('counts keys per distinct pattern and says when the set changes', () => {
    let analysed = 0;
    const interest = new Interest((pattern) => {
      analysed += 1;
      return [`k:${String(pattern)}`, 'shared'];
    });
    expect(interest.add('s1', 'a')).toBe(true);
    expect(interest.add('s2', 'a')).toBe(false);
    expect(interest.add('s1', 'a')).toBe(false); // filed already
    expect(interest.add('s3', 'b')).toBe(true);
    expect(analysed).toBe(2);
    expect(interest.keys().sort()).toEqual(['k:a', 'k:b', 'shared']);
    expect(interest.remove('s1')).toBe(false);
    expect(interest.remove('s2')).toBe(true);
    expect(interest.keys().sort()).toEqual(['k:b', 'shared']);
    expect(interest.remove('nobody')).toBe(false);
    expect(interest.size).toBe(1);
  });
});

describe('checkCommonOptions', () => {
  const exchange = new SignalExchange();

  it('gives defaults and a guarded report', () => {
    const checked = checkCommonOptions('connectNats', exchange, {
      onError: () => {
        throw new Error('boom');
      },
    });
    expect(checked.nodeId).toMatch(/^[0-9a-f]{32}$/);
    expect(checked.codec).toBe(defaultCodec);
    expect(checked.key).toBeUndefined();
    expect(() => checked.report(new Error('x'))).not.toThrow();
  });

  it.each([
    [{}, null, /connectNats needs a SignalExchange/],
    [exchange, 'x', /connectNats options must be an object/],
    [exchange, { codec: {} }, /codec must have encode and decode functions/],
    [exchange, { nodeId: '' }, /nodeId must be a non-empty string/],
    [exchange, { nodeId: 'x'.repeat(257) }, /nodeId must be at most 256 characters, got 257/],
    [exchange, { onError: 1 }, /onError must be a function/],
    [exchange, { sharedKey: 'short' }, /sharedKey must be at least 16 bytes, got 5/],
  ])('refuses %#', (first, options, message) => {
    expect(() => checkCommonOptions('connectNats', first, options)).toThrow(message);
  });
});
