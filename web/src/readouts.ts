// The side readouts: the values at one second (the crosshair's, or the
// playhead's when the cursor is off the panes), the chain ladder and one
// contract's 5-level book as of the playhead (docs/player.md#readouts).
import { formatClock } from './clock';
import type { Day, Series } from './day';

export const READOUT_FIELDS = [
  'spot', 'fut', 'atm_strike', 'ce_mid', 'pe_mid', 'ce_spread', 'pe_spread',
  'ce_bid_depth_5', 'ce_ask_depth_5', 'pe_bid_depth_5', 'pe_ask_depth_5', 'ce_obi_5', 'pe_obi_5',
];

export interface Readout {
  time: number;
  values: Record<string, number | null>;
  regime: string | null;
  pnl: number | null;
}

// The row at index i; the P&L is the path's last point at or before it.
export function readoutAt(day: Day, pnl: Series, i: number): Readout {
  const values: Record<string, number | null> = {};
  for (const f of READOUT_FIELDS) values[f] = day.series[f][i];
  let p = i;
  while (p >= 0 && pnl[p] === null) p--;
  return { time: day.time[i], values, regime: day.regime[i] ?? null, pnl: p >= 0 ? pnl[p] : null };
}

const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : v.toFixed(digits));

export function renderReadout(el: HTMLElement, r: Readout, fromCursor: boolean) {
  const rows = READOUT_FIELDS.map((f) => `<tr><th>${f}</th><td data-field="${f}">${fmt(r.values[f], f.includes('depth') || f === 'atm_strike' ? 0 : 2)}</td></tr>`);
  el.innerHTML = `<h3>${fromCursor ? 'cursor' : 'playhead'} ${formatClock(r.time)}</h3>
    <table>${rows.join('')}<tr><th>regime</th><td>${r.regime ?? '—'}</td></tr>
    <tr><th>run P&amp;L</th><td>${fmt(r.pnl, 0)}</td></tr></table>`;
}

export interface Side {
  bid: number | null; ask: number | null; ltp: number | null; oi: number | null; iv: number | null;
  time: string; age_s: number;
}
export interface Chain {
  at: string;
  expiry: string;
  spot: { price: number } | null;
  strikes: { strike: number; CE: Side | null; PE: Side | null }[];
}

export function renderLadder(el: HTMLElement, chain: Chain | null, atm: number | null,
                             select: (strike: number, type: string) => void) {
  if (!chain) { el.innerHTML = '<h3>chain</h3><p>—</p>'; return; }
  const side = (s: Side | null) => s ? [fmt(s.bid), fmt(s.ask), fmt(s.ltp), fmt(s.oi, 0), fmt(s.iv === null ? null : s.iv * 100, 1)] : ['', '', '', '', ''];
  const rows = chain.strikes.map(({ strike, CE, PE }) => {
    const cells = (x: Side | null) => side(x).map((v) => `<td>${v}</td>`).join('');
    return `<tr class="${strike === atm ? 'atm' : ''}">${cells(CE)}<th>${strike}</th>${cells(PE)}</tr>`;
  });
  const scroll = el.querySelector('.scroll')?.scrollTop;
  el.innerHTML = `<h3>chain as of ${chain.at} · expiry ${chain.expiry}</h3>
    <div class="scroll"><table class="ladder"><thead><tr><th colspan="5">CE bid · ask · ltp · OI · IV%</th><th>strike</th>
    <th colspan="5">PE bid · ask · ltp · OI · IV%</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  el.querySelectorAll<HTMLTableRowElement>('tbody tr').forEach((tr, i) => {
    tr.querySelectorAll('td').forEach((td, j) => {
      td.addEventListener('click', () => select(chain.strikes[i].strike, j < 5 ? 'CE' : 'PE'));
    });
  });
  const box = el.querySelector<HTMLElement>('.scroll')!;
  const atmRow = el.querySelector<HTMLElement>('tr.atm');
  // Keeps the reader's scroll; the first time, the ATM strike is in the middle.
  box.scrollTop = scroll ?? (atmRow ? atmRow.offsetTop - box.clientHeight / 2 : 0);
}

export interface Level { price: number; qty: number }
export interface Book {
  snapshot: { time: string; age_s: number; ltp: number; bids: Level[]; asks: Level[] } | null;
}

export function renderBook(el: HTMLElement, contract: string, book: Book | null) {
  const s = book?.snapshot;
  if (!s) { el.innerHTML = `<h3>book ${contract}</h3><p>no snapshot yet</p>`; return; }
  const rows = s.bids.map((b, i) => `<tr><td>${b.qty}</td><td>${fmt(b.price)}</td><td>${fmt(s.asks[i]?.price)}</td><td>${s.asks[i]?.qty ?? ''}</td></tr>`);
  el.innerHTML = `<h3>book ${contract} · ${s.time} (age ${s.age_s} s)</h3>
    <table class="book"><tr><th>bid qty</th><th>bid</th><th>ask</th><th>ask qty</th></tr>${rows.join('')}</table>`;
}

