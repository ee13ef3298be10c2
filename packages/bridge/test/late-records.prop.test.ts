// RecordGate with a late window (`lateWindow`), as the durable NATS bridge uses it: a record
// older than its sender's newest is delivered once when it was not had before and lies within
// the window, and dropped as a duplicate otherwise. Checked against a plain model (a set of
// what was delivered and the newest) on every arrival order, and SeenWindow on its own.
import { fc, test } from '@fast-check/vitest';
import { Message } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { RecordGate, SeenWindow, type ReceivedRecord } from '../src/index.js';

const record = (seq: number): ReceivedRecord => ({
  node: 'n1',
  run: 'theirs',
  seq,
  message: new Message({ topic: 'a/b', value: seq }),
  retain: false,
  traceparent: undefined,
});

/** What the gate should decide, by brute force. */
function modelVerdicts(seqs: readonly number[], window: number | undefined): string[] {
  const delivered = new Set<number>();
  let newest = -Infinity;
  return seqs.map((seq) => {
    const late = seq <= newest;
    const inWindow = window !== undefined && newest - seq < Math.ceil(window / 32) * 32;
    if (delivered.has(seq) || (late && !inWindow)) return 'duplicate';
    delivered.add(seq);
    newest = Math.max(newest, seq);
    return 'deliver';
  });
}

describe('RecordGate with a late window', () => {
  test.prop([
    fc.array(fc.integer({ min: 1, max: 600 }), { maxLength: 300 }),
    fc.constantFrom(undefined, 1, 32, 40, 256),
  ])('delivers each sequence number once, late ones within the window', (seqs, window) => {
    const gate = new RecordGate('mine', window === undefined ? {} : { lateWindow: window });
    const verdicts = seqs.map((seq) => gate.admit(record(seq), 0).verdict);
    expect(verdicts).toEqual(modelVerdicts(seqs, window));
  });

  it('delivers a record stored after newer ones (a retried publish) once', () => {
    const gate = new RecordGate('mine', { lateWindow: 256 });
    const verdicts = [1, 2, 4, 5, 3, 3, 5, 2].map((seq) => gate.admit(record(seq), 0).verdict);
    expect(verdicts).toEqual([
      'deliver',
      'deliver',
      'deliver',
      'deliver',
      'deliver', // 3, late
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
  });

  it('without a window, a late record is a duplicate', () => {
    const gate = new RecordGate('mine');
    const verdicts = [1, 3, 2].map((seq) => gate.admit(record(seq), 0).verdict);
    expect(verdicts).toEqual(['deliver', 'deliver', 'duplicate']);
  });
});

describe('SeenWindow', () => {
  it('shifts across words and forgets what falls out', () => {
    const window = new SeenWindow(64);
    expect(window.claim(0)).toBe(false); // the latest
    expect(window.claim(31)).toBe(true);
    window.advance(1); // 31 is now 32 behind
    expect(window.claim(32)).toBe(false);
    expect(window.claim(1)).toBe(false); // the previous latest
    window.advance(31); // 31 behind + 31 = 63 behind
    expect(window.claim(63)).toBe(false);
    window.advance(1);
    expect(window.claim(63)).toBe(true); // never had; what was 63 behind fell out
    expect(window.claim(64)).toBe(false); // outside
    expect(window.claim(-1)).toBe(false);
    window.advance(1000);
    expect(window.claim(1)).toBe(true);
    expect(window.bytes).toBeGreaterThan(8);
  });
});
