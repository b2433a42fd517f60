// The synchronised panes (uPlot, one cursor across all): spot and futures
// with the event markers; ATM CE/PE mids (±1/±2 strikes on a toggle); spread
// and depth; OBI/OFI; the regime ribbon; the run's intraday P&L with its
// legs. Each frame every pane gets the series cut at the playhead, so
// nothing after it is drawn (docs/player.md#panes).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatClock } from './clock';
import { indexAtOrBefore, optionSeriesName, type Day, type MarketEvent, type Series } from './day';
import { eventsPlugin, tradesPlugin, type TradeMarker } from './markers';
import { regimePlugin } from './ribbon';

interface Line {
  name: string;  // a Day series, or "pnl"
  label: string;
  color: string;
  scale?: string;
  dash?: number[];
  offStrike?: boolean;  // one of the ±1/±2 strikes shown on the toggle
}

interface PaneSpec {
  id: string;
  height: number;
  lines: Line[];
  right?: string;  // the scale of the right axis, if any
  plugins?: uPlot.Plugin[];
}

// Every pane has axes of the same widths on both sides (a blank one where it
// has nothing to show), so that one second is at the same x in every pane.
const AXIS_PX = 64;
function axes(spec: PaneSpec): uPlot.Axis[] {
  const left = spec.lines[0].scale ?? 'y';
  const right: uPlot.Axis = spec.right
    ? { scale: spec.right, side: 1, size: AXIS_PX, grid: { show: false } }
    : { scale: left, side: 1, size: AXIS_PX, grid: { show: false }, ticks: { show: false }, values: () => [] };
  const leftAxis: uPlot.Axis = spec.id === 'regime'
    ? { scale: left, size: AXIS_PX, grid: { show: false }, ticks: { show: false }, values: () => [] }
    : { scale: left, size: AXIS_PX };
  // The x axis reads the IST wall clock, as the data is stamped.
  return [{ values: (_u, splits) => splits.map((t) => formatClock(t).slice(0, 5)) }, leftAxis, right];
}

export interface Marks {
  events: () => { events: MarketEvent[]; end: number };
  trades: () => TradeMarker[];
  regimes: () => { time: number[]; regime: (string | null)[]; end: number };
}

function offStrikeLines(): Line[] {
  const lines: Line[] = [];
  for (const offset of [-2, -1, 1, 2]) {
    for (const [type, color] of [['CE', '#16a34a'], ['PE', '#dc2626']]) {
      const label = `${type} ${offset > 0 ? '+' : ''}${offset}`;
      lines.push({ name: optionSeriesName('mid', type, offset), label, color, dash: [2 + 2 * Math.abs(offset), 3], offStrike: true });
    }
  }
  return lines;
}

function paneSpecs(marks: Marks): PaneSpec[] {
  return [
    { id: 'price', height: 190, plugins: [eventsPlugin(marks.events)], lines: [
      { name: 'spot', label: 'spot', color: '#1d4ed8' },
      { name: 'fut', label: 'futures', color: '#9333ea' }] },
    { id: 'options', height: 150, lines: [
      { name: 'ce_mid', label: 'ATM CE mid', color: '#16a34a' },
      { name: 'pe_mid', label: 'ATM PE mid', color: '#dc2626' }, ...offStrikeLines()] },
    { id: 'liquidity', height: 120, right: 'depth', lines: [
      { name: 'ce_spread', label: 'CE spread', color: '#16a34a', scale: 'spread' },
      { name: 'pe_spread', label: 'PE spread', color: '#dc2626', scale: 'spread' },
      { name: 'ce_bid_depth_5', label: 'CE bid depth', color: '#86efac', scale: 'depth' },
      { name: 'ce_ask_depth_5', label: 'CE ask depth', color: '#15803d', scale: 'depth', dash: [3, 3] },
      { name: 'pe_bid_depth_5', label: 'PE bid depth', color: '#fca5a5', scale: 'depth' },
      { name: 'pe_ask_depth_5', label: 'PE ask depth', color: '#b91c1c', scale: 'depth', dash: [3, 3] }] },
    { id: 'flow', height: 110, right: 'ofi', lines: [
      { name: 'ce_obi_5', label: 'CE OBI', color: '#16a34a', scale: 'obi' },
      { name: 'pe_obi_5', label: 'PE OBI', color: '#dc2626', scale: 'obi' },
      { name: optionSeriesName('ofi', 'CE', 0), label: 'CE OFI', color: '#65a30d', scale: 'ofi', dash: [2, 2] },
      { name: optionSeriesName('ofi', 'PE', 0), label: 'PE OFI', color: '#ea580c', scale: 'ofi', dash: [2, 2] }] },
    { id: 'regime', height: 60, plugins: [regimePlugin(marks.regimes)], lines: [
      { name: 'spot', label: 'regime', color: 'transparent' }] },
    { id: 'pnl', height: 130, plugins: [tradesPlugin(marks.trades)], lines: [
      { name: 'pnl', label: 'run P&L (₹)', color: '#0f766e' }] },
  ];
}

export class Panes {
  private charts: { spec: PaneSpec; plot: uPlot }[] = [];
  private view: [number, number] = [0, 1];
  private from = 0;      // first index drawn
  private cursorIdx: number | null = null;
  pnl: Series;

  constructor(root: HTMLElement, private day: Day, marks: Marks, private onCursor: () => void) {
    this.pnl = new Array(day.time.length).fill(null);
    const width = root.clientWidth;
    for (const spec of paneSpecs(marks)) {
      const el = document.createElement('div');
      el.className = `pane pane-${spec.id}`;
      root.appendChild(el);
      const plot = new uPlot(this.options(spec, width), this.cut(spec, 0, 0), el);
      this.charts.push({ spec, plot });
    }
    new ResizeObserver(() => this.charts.forEach(({ spec, plot }) => plot.setSize({ width: root.clientWidth, height: spec.height })))
      .observe(root);
  }

  private options(spec: PaneSpec, width: number): uPlot.Options {
    return {
      width, height: spec.height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true, range: () => this.view } },
      cursor: { sync: { key: 'tape' }, drag: { x: false, y: false } },
      legend: { live: false },
      axes: axes(spec),
      plugins: spec.plugins ?? [],
      hooks: { setCursor: [(u) => { this.cursorIdx = u.cursor.idx ?? null; this.onCursor(); }] },
      series: [{}, ...spec.lines.map((l) => ({
        label: l.label, stroke: l.color, width: 1.25, scale: l.scale ?? 'y', dash: l.dash, spanGaps: l.name === 'pnl',
        show: !l.offStrike, points: { show: false },
      }))],
    };
  }

  private series(name: string): Series {
    if (name === 'pnl') return this.pnl;
    return this.day.series[name] ?? new Array(this.day.time.length).fill(null);
  }

  private cut(spec: PaneSpec, from: number, to: number): uPlot.AlignedData {
    return [this.day.time.slice(from, to), ...spec.lines.map((l) => this.series(l.name).slice(from, to))] as uPlot.AlignedData;
  }

  // Draws everything up to `end` (the playhead, or the close for the whole
  // day) in the window [start, stop] of the clock.
  draw(end: number, start: number, stop: number) {
    this.view = [start, stop];
    this.from = Math.max(0, indexAtOrBefore(this.day.time, start));
    const to = indexAtOrBefore(this.day.time, end) + 1;
    for (const { spec, plot } of this.charts) plot.setData(this.cut(spec, this.from, Math.max(this.from, to)));
  }

  showOffStrikes(show: boolean) {
    const { spec, plot } = this.charts.find((c) => c.spec.id === 'options')!;
    spec.lines.forEach((l, i) => { if (l.offStrike) plot.setSeries(i + 1, { show }); });
  }

  // The day-grid index under the crosshair, or null when the cursor is off the panes.
  cursorIndex(): number | null {
    return this.cursorIdx === null ? null : this.from + this.cursorIdx;
  }

  // Per pane, the last second handed to it to draw (null when nothing is).
  drawnEnds(): Record<string, number | null> {
    return Object.fromEntries(this.charts.map(({ spec, plot }) => {
      const xs = plot.data[0];
      return [spec.id, xs.length ? xs[xs.length - 1] : null];
    }));
  }

  plot(id: string): uPlot {
    return this.charts.find((c) => c.spec.id === id)!.plot;
  }
}
