// What the timeline marks, cut at the playhead (docs/player.md#no-look-ahead):
// an event appears once the playhead reaches its known_at, its extent
// clipped at the playhead; a leg's entry once the playhead reaches it, its
// exit (with its P&L) likewise. Drawn by two uPlot plugins.
import type uPlot from 'uplot';
import type { MarketEvent } from './day';
import type { Leg } from './runs';

// The kinds the timeline marks (the events table has more: docs/market-truth.md#events).
export const MARKED_KINDS = ['burst', 'jump', 'pull', 'fear'];

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
  return events
    .filter((e) => MARKED_KINDS.includes(e.kind) && e.known_at <= t)
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
// prices stay readable under hundreds of pulls and jumps.
const LANE_PX = 7;

export function eventsPlugin(current: () => DrawnEvent[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [(u) => {
        const { top, height, left, width } = u.bbox;
        const ctx = u.ctx;
        const lane = LANE_PX * devicePixelRatio;
        ctx.save();
        ctx.beginPath();
        ctx.rect(left, top, width, height);
        ctx.clip();
        for (const e of current()) {
          const a = x(u, e.start);
          const b = Math.max(x(u, e.end), a + 2 * devicePixelRatio);
          ctx.fillStyle = KIND_COLORS[e.kind];
          ctx.fillRect(a, top + MARKED_KINDS.indexOf(e.kind) * lane, b - a, lane - devicePixelRatio);
        }
        ctx.restore();
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
