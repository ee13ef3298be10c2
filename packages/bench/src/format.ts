/** Number formatting shared by the terminal table, the Markdown report and the charts. */

/**
 * @param value - operations per second.
 * @returns e.g. `12.3M`, `845k`, `97.1`.
 */
export function formatRate(value: number): string {
  return si(value);
}

/**
 * @param value - a count.
 * @returns e.g. `100`, `1k`, `100k`, `1M`.
 */
export function formatCount(value: number): string {
  return si(value).replace(/\.0+(?=[kMG]?$)/, '');
}

function si(value: number): string {
  const units = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const;
  for (const [scale, unit] of units) {
    if (Math.abs(value) >= scale) return `${threeDigits(value / scale)}${unit}`;
  }
  return threeDigits(value);
}

/**
 * @param ns - nanoseconds.
 * @returns e.g. `23.4 ns`, `1.20 µs`, `3.05 ms`, `1.20 s`.
 */
export function formatDuration(ns: number): string {
  if (ns >= 1e9) return `${threeDigits(ns / 1e9)} s`;
  if (ns >= 1e6) return `${threeDigits(ns / 1e6)} ms`;
  if (ns >= 1e3) return `${threeDigits(ns / 1e3)} µs`;
  return `${threeDigits(ns)} ns`;
}

/**
 * @param bytes - a byte count.
 * @returns e.g. `312 B`, `1.21 KiB`, `45.0 MiB`.
 */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) >= 1024 ** 2) return `${threeDigits(bytes / 1024 ** 2)} MiB`;
  if (Math.abs(bytes) >= 1024) return `${threeDigits(bytes / 1024)} KiB`;
  return `${threeDigits(bytes)} B`;
}

/**
 * @param bytes - a byte count.
 * @returns it in full, e.g. `33,105 B`: bundle sizes are compared to the byte.
 */
export function formatByteCount(bytes: number): string {
  return Number.isFinite(bytes) ? `${bytes.toLocaleString('en-US')} B` : '–';
}

/**
 * @param bytes - a byte count.
 * @returns it in kilobytes of 1 000 bytes, as bundle sizes are usually quoted, e.g. `33.1 kB`.
 */
export function formatKilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/**
 * @param ratio - a ratio.
 * @returns e.g. `350×`, `35.2×`, `3.52×`, `0.52×`.
 */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  return `${threeDigits(ratio)}×`;
}

/**
 * @param fraction - a fraction from 0 to 1.
 * @returns e.g. `99.2%`.
 */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Three significant digits, without exponent. */
function threeDigits(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
