// The run view: the run's equity curve per strategy and its trade list;
// clicking a trade jumps the player to the day and second it was entered.
// It shows the whole run, so it opens only when asked (docs/player.md#runs).
import uPlot from 'uplot';
import { dayStart, formatClock, formatDate } from './clock';
import type { Equity, Leg } from './runs';

const COLORS = ['#0f766e', '#1d4ed8', '#b45309', '#9333ea', '#be123c', '#4d7c0f'];

export function renderRunView(el: HTMLElement, run: string, equity: Equity, legs: Leg[],
                              jump: (leg: Leg) => void) {
  el.innerHTML = `<h3>run ${run}</h3><div class="equity"></div>
    <div class="scroll trades"><table><thead><tr><th>strategy</th><th>date</th><th>underlying</th><th>entry</th><th>exit</th>
    <th>leg</th><th>entry px</th><th>exit px</th><th>exit reason</th><th>net ₹</th></tr></thead><tbody></tbody></table></div>`;
  drawEquity(el.querySelector('.equity')!, equity);
  const body = el.querySelector('.trades tbody')!;
  legs.forEach((leg, i) => {
    const tr = document.createElement('tr');
    tr.className = 'trade';
    tr.dataset.index = String(i);
    tr.innerHTML = `<td>${leg.strategy}</td><td>${leg.date}</td><td>${leg.underlying}</td><td>${formatClock(leg.entry)}</td>
      <td>${formatClock(leg.exit)}</td><td>${leg.side} ${leg.strike} ${leg.type}</td><td>${leg.entryPrice}</td>
      <td>${leg.exitPrice}</td><td>${leg.exitReason}</td><td class="${leg.net >= 0 ? 'up' : 'down'}">${leg.net.toFixed(2)}</td>`;
    tr.addEventListener('click', () => jump(leg));
    body.appendChild(tr);
  });
}

function drawEquity(el: HTMLElement, equity: Equity) {
  const strategies = [...new Set(equity.strategy)];
  const dates = [...new Set(equity.date)].sort();
  const x = dates.map(dayStart);
  const lines = strategies.map((s) => dates.map((d) => {
    const i = equity.strategy.findIndex((v, j) => v === s && equity.date[j] === d);
    return i < 0 ? null : equity.equity[i];
  }));
  new uPlot({
    width: Math.max(300, el.clientWidth), height: 180,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true } },
    axes: [{ splits: () => x, values: (_u, splits) => splits.map((t) => formatDate(t)) }, { size: 80 }],
    series: [{}, ...strategies.map((s, i) => ({ label: `${s} equity ₹`, stroke: COLORS[i % COLORS.length], width: 1.5,
                                               points: { show: true } }))],
  }, [x, ...lines] as uPlot.AlignedData, el);
}
