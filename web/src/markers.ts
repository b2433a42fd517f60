// What the timeline marks, cut at the playhead (docs/player.md#no-look-ahead):
// an event appears once the playhead reaches its known_at, its extent
// clipped at the playhead; a leg's entry once the playhead reaches it, its
// exit (with its P&L) likewise. Drawn by two uPlot plugins.
import type uPlot from 'uplot';
import { knownBy, type MarketEvent } from './day';
import { MARKED_KINDS } from './kinds';
import type { Leg } from './runs';

export { MARKED_KINDS };

export const KIND_COLORS: Record<string, string> = {
  burst: 'rgba(245, 158, 11, 0.8)',
  jump: 'rgba(220, 38, 38, 0.9)',
  pull: 'rgba(124, 58, 237, 0.6)',
  fear: 'rgba(190, 18, 60, 0.8)',
};

export interface DrawnEvent {
  kind: string;
  start: number;
  end: number;  // clipped at the playhead
  known_at: number;
}

export function visibleEvents(events: MarketEvent[], t: number): DrawnEvent[] {
  return events.slice(0, knownBy(events, t))
    .map((e) => ({ kind: e.kind, start: e.start, end: Math.min(e.end, t), known_at: e.known_at }));
}

export interface TradeMarker {
  time: number;
  what: 'entry' | 'exit';
  strike: number;
  type: string;
  side: string;
  price: number;
  net: number | null;  // on exits
}

export function visibleTradeMarkers(legs: Leg[], t: number): TradeMarker[] {
  const out: TradeMarker[] = [];
  for (const leg of legs) {
    const common = { strike: leg.strike, type: leg.type, side: leg.side };
    if (leg.entry <= t) out.push({ time: leg.entry, what: 'entry', price: leg.entryPrice, net: null, ...common });
    if (leg.exit <= t) out.push({ time: leg.exit, what: 'exit', price: leg.exitPrice, net: leg.net, ...common });
  }
  return out.sort((a, b) => a.time - b.time);
}

function x(u: uPlot, value: number): number {
  return u.valToPos(value, 'x', true);
}

// Each kind in a lane of its own along the top of the pane, so that the
// prices stay readable under tens of thousands of pulls. A full-scale day
// has that many, so the lanes are filled pixel column by pixel column and
// drawn as runs, whatever the number of events under one pixel.
const LANE_PX = 7;

export function eventsPlugin(current: () => { events: MarketEvent[]; end: number }): uPlot.Plugin {
  return {
    hooks: {
      draw: [(u) => {
        const { events, end } = current();
        const { top, left, width } = u.bbox;
        const columns = Math.ceil(width);
        const lanes = MARKED_KINDS.map(() => new Uint8Array(columns + 1));
        const [xmin, xmax] = [u.scales.x.min!, u.scales.x.max!];
        const known = knownBy(events, end);
        for (let i = 0; i < known; i++) {
          const e = events[i];
          const stop = Math.min(e.end, end);
          if (stop < xmin || e.start > xmax) continue;
          const a = Math.max(0, Math.floor(x(u, e.start) - left));
          const b = Math.min(columns, Math.max(a + 1, Math.ceil(x(u, stop) - left)));
          lanes[e.lane].fill(1, a, b);
        }
        const ctx = u.ctx;
        const lane = LANE_PX * devicePixelRatio;
        lanes.forEach((filled, k) => {
          ctx.fillStyle = KIND_COLORS[MARKED_KINDS[k]];
          for (let a = 0; a < columns; a++) {
            if (!filled[a]) continue;
            let b = a;
            while (b < columns && filled[b]) b++;
            ctx.fillRect(left + a, top + k * lane, b - a, lane - devicePixelRatio);
            a = b;
          }
        });
      }],
    },
  };
}

export function tradesPlugin(current: () => TradeMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [(u) => {
        const { top, height } = u.bbox;
        const ctx = u.ctx;
        const px = devicePixelRatio;
        ctx.save();
        ctx.font = `${10 * px}px sans-serif`;
        current().forEach((m, i) => {
          const at = x(u, m.time);
          ctx.strokeStyle = m.what === 'entry' ? '#15803d' : '#b91c1c';
          ctx.setLineDash([4 * px, 3 * px]);
          ctx.beginPath();
          ctx.moveTo(at, top);
          ctx.lineTo(at, top + height);
          ctx.stroke();
          ctx.fillStyle = ctx.strokeStyle;
          const text = m.what === 'entry'
            ? `${m.side} ${m.strike} ${m.type} @ ${m.price}`
            : `exit ${m.strike} ${m.type} ${m.net! >= 0 ? '+' : ''}${m.net!.toFixed(0)}`;
          // Near the right edge the label goes to the left of its line.
          const w = ctx.measureText(text).width;
          const tx = at + 3 * px + w > u.bbox.left + u.bbox.width ? at - 3 * px - w : at + 3 * px;
          ctx.fillText(text, tx, top + (12 + 11 * (i % 4)) * px);
        });
        ctx.restore();
      }],
    },
  };
}
