/**
 * The W3C Trace Context `traceparent` a publish may carry: checked here, so that what reaches
 * tracing subscribers and bridges is always well formed.
 */

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_PARENT_ID = '0'.repeat(16);

/**
 * Whether a value is a well-formed W3C Trace Context `traceparent`: `version-traceid-parentid-flags`
 * in lowercase hex (2, 32, 16 and 2 digits), the version not `ff`, neither id all zeros.
 *
 * @param value - any value.
 * @returns `true` for a string of that form.
 *
 * @example
 * ```ts
 * isTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'); // → true
 * isTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01'); // → false
 * ```
 */
export function isTraceparent(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    TRACEPARENT.test(value) &&
    !value.startsWith('ff') &&
    value.slice(3, 35) !== ZERO_TRACE_ID &&
    value.slice(36, 52) !== ZERO_PARENT_ID
  );
}
