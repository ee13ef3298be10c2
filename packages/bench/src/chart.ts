/**
 * Line charts as hand-written SVG strings (log scale on both axes): no chart dependency, and
 * the files embed anywhere Markdown shows images.
 */
import { formatCount } from './format.js';

/** One line of a chart. */
export interface ChartSeries {
  readonly name: string;
  /** `[x, y]` points, x ascending; y > 0. */
  readonly points: readonly (readonly [number, number])[];
}

/** A chart to draw. */
export interface ChartSpec {
  readonly title: string;
  readonly subtitle: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  /** Formats a y value for tooltips. */
  readonly formatY: (value: number) => string;
  /** Formats a power of ten on the y axis. */
  readonly formatTick: (value: number) => string;
}

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { left: 78, right: 190, top: 58, bottom: 58 } as const;
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

/** Stable colours per contender, so a contender looks the same in every chart. */
const COLOURS: readonly (readonly [RegExp, string, string])[] = [
  [/^sigx.*no churn/, '#6baed6', '6 3'],
  [/^sigx.*new Message/, '#6baed6', '6 3'],
  [/^sigx.*exchange/i, '#08519c', '2 3'],
  [/^sigx\/nats durable/, '#4292c6', '2 3'],
  [/^sigx\/nats/, '#4292c6', ''],
  [/^sigx/, '#08519c', ''],
  [/^NATS client/, '#17becf', ''],
  [/^naive\+LRU/, '#969696', '6 3'],
  [/^naive/, '#525252', ''],
  [/^qlobber/, '#e6550d', ''],
  [/^Map\.get/, '#31a354', '6 3'],
  [/^EventEmitter2/, '#756bb1', ''],
  [/^emittery/, '#de2d26', ''],
  [/^mitt/, '#8c6d31', ''],
];

function styleOf(name: string, index: number): { colour: string; dash: string } {
  for (const [pattern, colour, dash] of COLOURS) if (pattern.test(name)) return { colour, dash };
  const spare = ['#17becf', '#bcbd22', '#e377c2', '#7f7f7f'];
  return { colour: spare[index % spare.length]!, dash: '' };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The decades [10^lo, 10^hi] that cover the values. */
function decades(values: readonly number[]): [number, number] {
  const lo = Math.floor(Math.log10(Math.min(...values)));
  let hi = Math.ceil(Math.log10(Math.max(...values)));
  if (hi === lo) hi = lo + 1;
  return [lo, hi];
}

/**
 * Draws a log-log line chart.
 * @param spec - what to draw.
 * @returns the SVG document.
 */
export function lineChart(spec: ChartSpec): string {
  const xs = spec.series.flatMap((s) => s.points.map(([x]) => x));
  const ys = spec.series.flatMap((s) => s.points.map(([, y]) => y)).filter((y) => y > 0);
  const [xLo, xHi] = decades(xs.length > 0 ? xs : [1, 10]);
  const [yLo, yHi] = decades(ys.length > 0 ? ys : [1, 10]);
  const px = (x: number): number => MARGIN.left + ((Math.log10(x) - xLo) / (xHi - xLo)) * PLOT_W;
  const py = (y: number): number =>
    MARGIN.top + PLOT_H - ((Math.log10(y) - yLo) / (yHi - yLo)) * PLOT_H;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="15" font-weight="600" fill="#111">${escapeXml(spec.title)}</text>`,
    `<text x="${MARGIN.left}" y="42" fill="#555">${escapeXml(spec.subtitle)}</text>`,
  );

  // Grid: a line per decade, lighter lines at 2..9 within it.
  for (let d = yLo; d <= yHi; d += 1) {
    const y = py(10 ** d);
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_W}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#d9d9d9"/>`,
      `<text x="${MARGIN.left - 8}" y="${(y + 4).toFixed(1)}" text-anchor="end" fill="#333">${escapeXml(spec.formatTick(10 ** d))}</text>`,
    );
    if (d < yHi) {
      for (let m = 2; m <= 9; m += 1) {
        const ym = py(m * 10 ** d);
        out.push(
          `<line x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_W}" y1="${ym.toFixed(1)}" y2="${ym.toFixed(1)}" stroke="#f0f0f0"/>`,
        );
      }
    }
  }
  for (let d = xLo; d <= xHi; d += 1) {
    const x = px(10 ** d);
    out.push(
      `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${MARGIN.top}" y2="${MARGIN.top + PLOT_H}" stroke="#d9d9d9"/>`,
      `<text x="${x.toFixed(1)}" y="${MARGIN.top + PLOT_H + 18}" text-anchor="middle" fill="#333">${formatCount(10 ** d)}</text>`,
    );
  }
  out.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#888"/>`,
    `<text x="${MARGIN.left + PLOT_W / 2}" y="${HEIGHT - 14}" text-anchor="middle" fill="#333">${escapeXml(spec.xLabel)} (log scale)</text>`,
    `<text transform="translate(18 ${MARGIN.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle" fill="#333">${escapeXml(spec.yLabel)} (log scale)</text>`,
  );

  // Lines, then the legend.
  spec.series.forEach((series, index) => {
    const { colour, dash } = styleOf(series.name, index);
    const points = series.points.filter(([, y]) => y > 0);
    const path = points
      .map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`)
      .join(' ');
    const width = series.name.startsWith('sigx') ? 2.75 : 1.75;
    out.push(`<g><title>${escapeXml(series.name)}</title>`);
    if (points.length > 1) {
      out.push(
        `<path d="${path}" fill="none" stroke="${colour}" stroke-width="${width}"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>`,
      );
    }
    for (const [x, y] of points) {
      out.push(
        `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3.2" fill="${colour}"><title>${escapeXml(`${series.name} at ${formatCount(x)}: ${spec.formatY(y)}`)}</title></circle>`,
      );
    }
    out.push('</g>');
    const ly = MARGIN.top + 10 + index * 20;
    const lx = MARGIN.left + PLOT_W + 16;
    out.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="${width}"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>`,
      `<circle cx="${lx + 12}" cy="${ly}" r="3.2" fill="${colour}"/>`,
      `<text x="${lx + 30}" y="${ly + 4}" fill="#222">${escapeXml(series.name)}</text>`,
    );
  });
  out.push('</svg>', '');
  return out.join('\n');
}
