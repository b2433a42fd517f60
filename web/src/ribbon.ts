// The regime ribbon: one band per run of equal regimes, up to the playhead
// (docs/market-truth.md#regimes for what each regime means).
import type uPlot from 'uplot';
import { indexAtOrBefore } from './day';

export const REGIME_COLORS: Record<string, string> = {
  fear: '#be123c',
  bursting: '#f59e0b',
  vacuum: '#7c3aed',
  flicker: '#06b6d4',
  trending: '#2563eb',
  calm: '#d1d5db',
};

export function regimePlugin(current: () => { time: number[]; regime: (string | null)[]; end: number }): uPlot.Plugin {
  return {
    hooks: {
      draw: [(u) => {
        const { time, regime, end } = current();
        if (!regime.length) return;
        const { top, height, left, width } = u.bbox;
        const ctx = u.ctx;
        const last = indexAtOrBefore(time, end);
        ctx.save();
        ctx.beginPath();
        ctx.rect(left, top, width, height);
        ctx.clip();
        let runStart = 0;
        for (let i = 1; i <= last + 1; i++) {
          if (i <= last && regime[i] === regime[runStart]) continue;
          const name = regime[runStart];
          if (name) {
            const a = u.valToPos(time[runStart], 'x', true);
            // A band ends where the next begins, and the last one at the playhead's second.
            const b = u.valToPos(time[Math.min(i, last)], 'x', true);
            ctx.fillStyle = REGIME_COLORS[name] ?? '#9ca3af';
            ctx.fillRect(a, top, Math.max(1, b - a), height);
          }
          runStart = i;
        }
        ctx.restore();
      }],
    },
  };
}
