// One day on screen: the panes, the transport and the readouts, kept in step
// with the playhead. Everything drawn is cut at the playhead unless the
// reader asked for the whole day (docs/player.md).
import { getJson } from './api';
import { AsOf } from './as_of';
import { formatClock } from './clock';
import { indexAtOrBefore, knownBy, type Day } from './day';
import { visibleTradeMarkers } from './markers';
import { Panes } from './panes';
import { readoutAt, renderBook, renderLadder, renderReadout, type Book, type Chain, type Readout } from './readouts';
import type { Leg, PnlPath } from './runs';
import { dayStats, renderStats, type DayStats } from './stats';
import { Transport } from './transport';

export interface PlayerParts {
  panes: HTMLElement;
  readout: HTMLElement;
  stats: HTMLElement;
  ladder: HTMLElement;
  book: HTMLElement;
}

export class Player {
  readonly transport: Transport;
  readonly panes: Panes;
  readonly open: number;
  readonly close: number;
  reveal = false;
  span = 0;              // seconds of clock in view, 0 = the whole session
  frames = 0;
  lookAheadViolations = 0;
  contract: { strike: number; type: string } | null = null;
  readonly chain: AsOf<Chain>;
  readonly book: AsOf<Book>;
  onMove: () => void = () => {};
  private stats: DayStats | null = null;  // computed once shown

  constructor(readonly day: Day, readonly legs: Leg[], pnl: PnlPath | null, private parts: PlayerParts, t: number) {
    this.open = day.time[0];
    this.close = day.time[day.time.length - 1];
    const base = `/api/days/${day.date}/${day.underlying}`;
    this.chain = new AsOf((at) => getJson<Chain>(`${base}/chain?at=${at}`), () => this.drawLadder());
    this.book = new AsOf((key) => getJson<Book>(`${base}/book?${key}`), () => this.drawBook());
    this.panes = new Panes(parts.panes, day, {
      events: () => ({ events: day.events, end: this.end() }),
      trades: () => visibleTradeMarkers(legs, this.end()),
      regimes: () => ({ time: day.time, regime: day.regime, end: this.end() }),
    }, () => this.drawReadout());
    if (pnl) this.alignPnl(pnl);
    this.transport = new Transport(this.open, this.close, t, () => this.render(), () => this.onMove());
    this.render();
  }

  private alignPnl(pnl: PnlPath) {
    pnl.time.forEach((time, i) => {
      const row = indexAtOrBefore(this.day.time, time);
      if (row >= 0 && this.day.time[row] === time) this.panes.pnl[row] = pnl.pnl[i];
    });
  }

  get t(): number { return this.transport.t; }

  // The last second drawn.
  end(): number {
    return this.reveal ? this.close : this.t;
  }

  // The ATM strikes' series and the events have joined the day (day.ts's `rest`).
  dataAdded() {
    this.stats = null;
    this.render();
  }

  setReveal(reveal: boolean) { this.reveal = reveal; this.render(); }
  setSpan(span: number) { this.span = span; this.render(); }

  selectContract(strike: number, type: string) {
    this.contract = { strike, type };
    this.render();
  }

  render() {
    const end = this.end();
    const [start, stop] = this.span === 0
      ? [this.open, this.close]
      : [Math.max(this.open, this.t - this.span), Math.max(this.t, this.open + this.span)];
    this.panes.draw(end, start, stop);
    this.frames++;
    const ends = Object.values(this.panes.drawnEnds());
    if (ends.some((e) => e !== null && e > end)) this.lookAheadViolations++;
    const at = formatClock(this.t);
    this.chain.want(at);
    if (!this.contract) {
      const atm = this.day.series.atm_strike[indexAtOrBefore(this.day.time, this.t)];
      if (atm !== null && atm !== undefined) this.contract = { strike: atm, type: 'CE' };
    }
    this.book.want(this.contract ? this.bookKey(at) : null);
    this.drawReadout();
    if (this.statsShown()) this.stats ??= dayStats(this.day, this.legs);
    renderStats(this.parts.stats, this.statsShown() ? this.stats : null);
    this.onMove();
  }

  bookKey(at: string): string {
    return `at=${at}&strike=${this.contract!.strike}&type=${this.contract!.type}`;
  }

  statsShown(): boolean {
    return this.reveal || this.t >= this.close;
  }

  // The readout at the playhead.
  readout(): Readout {
    return readoutAt(this.day, this.panes.pnl, indexAtOrBefore(this.day.time, this.t));
  }

  cursorReadout(): Readout | null {
    const i = this.panes.cursorIndex();
    if (i === null || this.day.time[i] > this.end()) return null;
    return readoutAt(this.day, this.panes.pnl, i);
  }

  private drawReadout() {
    const cursor = this.cursorReadout();
    renderReadout(this.parts.readout, cursor ?? this.readout(), cursor !== null);
  }

  private drawLadder() {
    const atm = this.day.series.atm_strike[indexAtOrBefore(this.day.time, this.t)] ?? null;
    renderLadder(this.parts.ladder, this.chain.value, atm, (strike, type) => this.selectContract(strike, type));
  }

  private drawBook() {
    const c = this.contract;
    renderBook(this.parts.book, c ? `${c.strike} ${c.type}` : '', this.book.value);
  }

  // The known_at of the next (or previous) marked event after (before) the playhead.
  eventAfter(direction: 1 | -1): number | null {
    const events = this.day.events;
    const found = direction > 0 ? events[knownBy(events, this.t)] : events[knownBy(events, this.t - 0.5) - 1];
    return found?.known_at ?? null;
  }
}
