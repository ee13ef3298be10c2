/**
 * `@sigx/bridge`: what every `@sigx` bridge (`@sigx/redis`, `@sigx/nats`) shares, so that
 * they carry the same records the same way: the wire record and its codec, echo and duplicate
 * suppression, record authentication with a shared key, interest from literal prefixes, and
 * the errors about records. Applications use a bridge; this package is for writing one.
 *
 * @packageDocumentation
 * @module @sigx/bridge
 */
export { defaultCodec } from './codec.js';
export type { Codec } from './codec.js';
export {
  BufferOverflowError,
  MalformedPayloadError,
  UnauthenticatedPayloadError,
  UnencodableMessageError,
  UnsupportedValueError,
} from './errors.js';
export type { DroppedPayloadOptions } from './errors.js';
export { RemotePublisher } from './remote-publisher.js';
export {
  fromWireRecord,
  MAX_NODE_ID_LENGTH,
  MAX_RUN_ID_LENGTH,
  toWireRecord,
} from './wire-record.js';
export type { ReceivedRecord, WireRecord } from './wire-record.js';
export { decodeRecord, encodeRecord } from './record-encoding.js';
export type { Malformed, Sender } from './record-encoding.js';
export { MAX_SEQ_JUMP, MAX_SEQ_PER_MS, RecordGate } from './record-gate.js';
export type { Admission, Deliver, Dropped, Forged } from './record-gate.js';
export { MAC_BYTES, MIN_KEY_BYTES, RecordMac, sharedKeyOf } from './record-mac.js';
export { PayloadReports } from './payload-reports.js';
export { REPORT_BURST, REPORT_WINDOW_MS, ReportThrottle } from './report-throttle.js';
export { Interest } from './interest.js';
export { MAX_PEER_BYTES, MAX_PEERS, PeerTable } from './peer-table.js';
export { SeenWindow } from './seen-window.js';
export type { Peer } from './peer-table.js';
export { checkCommonOptions, newRunId } from './bridge-options.js';
export type {
  BridgedExchange,
  CheckedCommonOptions,
  CommonBridgeOptions,
} from './bridge-options.js';
