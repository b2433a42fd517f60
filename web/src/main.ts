// The player's page: picks the day and run from the URL, loads them, and
// wires the controls and keyboard shortcuts to the Player (docs/player.md).
import './style.css';
import { getJson, type DayInfo, type RunInfo } from './api';
import { dayStart, formatClock, parseClock } from './clock';
import { loadDay } from './day';
import { Player } from './player';
import { renderRunView } from './run_view';
import { loadEquity, loadLegs, loadPnlPath, loadStrategies, type Leg } from './runs';
import { installTestHook } from './test_hook';
import { SPEEDS } from './transport';
import { readUrl, writeUrl, type UrlState } from './url_state';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function option(select: HTMLSelectElement, value: string, text: string) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  select.appendChild(o);
}

function reopen(state: UrlState) {
  writeUrl(state);
  location.reload();
}

async function start() {
  const url = readUrl();
  const [{ days }, { runs }] = await Promise.all([
    getJson<{ days: DayInfo[] }>('/api/days'), getJson<{ runs: RunInfo[] }>('/api/runs')]);
  const playable = days.filter((d) => d.truth?.features);
  if (!playable.length) throw new Error('no day with market truth to play (tapelab serve --truth)');
  const info = playable.find((d) => d.date === url.date && d.underlying === url.underlying) ?? playable[0];
  const daySelect = $<HTMLSelectElement>('day');
  playable.forEach((d) => option(daySelect, `${d.date}/${d.underlying}`, `${d.date} ${d.underlying}`));
  daySelect.value = `${info.date}/${info.underlying}`;

  // The day's tables load while the run's strategies are asked for.
  let firstPainted = () => {};
  const painted = new Promise<void>((resolve) => { firstPainted = resolve; });
  const dayLoading = loadDay(info.date, info.underlying, Object.keys(info.truth ?? {}), painted);
  const dayRuns = runs.filter((r) => info.runs?.includes(r.id));
  const run = dayRuns.find((r) => r.id === url.run) ?? dayRuns[0] ?? null;
  const strategies = run ? await loadStrategies(run.id) : [];
  const strategy = strategies.find((s) => s === url.strategy) ?? strategies[0] ?? null;
  const runSelect = $<HTMLSelectElement>('run');
  option(runSelect, '', 'no run');
  dayRuns.forEach((r) => option(runSelect, r.id, `run ${r.id}`));
  runSelect.value = run?.id ?? '';
  const strategySelect = $<HTMLSelectElement>('strategy');
  strategies.forEach((s) => option(strategySelect, s, s));
  strategySelect.value = strategy ?? '';

  const filter = { date: info.date, underlying: info.underlying, strategy: strategy ?? undefined };
  const [{ day, rest }, legs, pnl] = await Promise.all([
    dayLoading,
    run && strategy ? loadLegs(run.id, filter) : Promise.resolve([] as Leg[]),
    run && strategy ? loadPnlPath(run.id, run, strategy, info.date, info.underlying) : Promise.resolve(null),
  ]);
  const asked = url.time ? parseClock(url.time) : null;
  const player = new Player(day, legs, pnl, {
    panes: $('panes'), readout: $('readout'), stats: $('stats'), ladder: $('ladder'), book: $('book'),
  }, asked === null ? day.time[0] : dayStart(day.date) + asked);
  if (url.speed) player.transport.setSpeed(url.speed);
  markPainted('tapelab:day-painted', firstPainted);  // without the ATM strikes and events yet (bench/player.mjs)

  const state = (): UrlState => ({
    date: day.date, underlying: day.underlying, time: formatClock(player.t), speed: player.transport.speed,
    run: run?.id ?? null, strategy,
  });
  wireControls(player, state);
  daySelect.addEventListener('change', () => {
    const [date, underlying] = daySelect.value.split('/');
    reopen({ ...state(), date, underlying, time: null });
  });
  runSelect.addEventListener('change', () => reopen({ ...state(), run: runSelect.value || null, strategy: null }));
  strategySelect.addEventListener('change', () => reopen({ ...state(), strategy: strategySelect.value }));

  const jump = (leg: Leg) => {
    if (leg.date === day.date && leg.underlying === day.underlying) {
      player.transport.pause();
      player.transport.seek(leg.entry);
    } else {
      reopen({ ...state(), date: leg.date, underlying: leg.underlying, time: formatClock(leg.entry), strategy: leg.strategy });
    }
  };
  const runView = $<HTMLElement>('run-view');
  $('run-view-toggle').addEventListener('click', () => void toggleRunView(runView, run?.id ?? null, jump));
  await rest;
  player.dataAdded();
  markPainted('tapelab:all-painted');
  installTestHook(player, state, () => runView);
  $('status').textContent = '';
}

// A mark once the frame drawn so far is painted (the task after the next animation frame).
function markPainted(name: string, then = () => {}) {
  requestAnimationFrame(() => setTimeout(() => { performance.mark(name); then(); }));
}

let runViewLoaded = false;
async function toggleRunView(el: HTMLElement, run: string | null, jump: (leg: Leg) => void) {
  el.hidden = !el.hidden;
  if (el.hidden || runViewLoaded || !run) return;
  runViewLoaded = true;
  const [equity, legs] = await Promise.all([loadEquity(run), loadLegs(run, {})]);
  renderRunView(el, run, equity, legs, jump);
}

function wireControls(player: Player, state: () => UrlState) {
  const tr = player.transport;
  const play = $<HTMLButtonElement>('play');
  const speed = $<HTMLSelectElement>('speed');
  const clock = $<HTMLInputElement>('clock');
  SPEEDS.forEach((s) => option(speed, String(s), `${s}x`));
  if (!SPEEDS.includes(tr.speed)) option(speed, String(tr.speed), `${tr.speed}x`);
  let lastUrlWrite = 0;
  player.onMove = () => {
    play.textContent = tr.playing ? '❚❚' : '▶';
    speed.value = String(tr.speed);
    if (document.activeElement !== clock) clock.value = formatClock(player.t);
    // While playing the URL is written twice a second at most (browsers throttle history updates).
    const now = performance.now();
    if (!tr.playing || now - lastUrlWrite > 500) { writeUrl(state()); lastUrlWrite = now; }
  };
  player.onMove();
  const nextEvent = (direction: 1 | -1) => {
    const at = player.eventAfter(direction);
    if (at !== null) tr.seek(at);
  };
  const changeSpeed = (by: number) => {
    const i = SPEEDS.findIndex((s) => s >= tr.speed);
    tr.setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, (i < 0 ? SPEEDS.length - 1 : i) + by))]);
  };
  const reveal = $<HTMLButtonElement>('reveal');
  const toggleReveal = () => {
    player.setReveal(!player.reveal);
    reveal.classList.toggle('on', player.reveal);
  };
  const strikes = $<HTMLInputElement>('strikes');
  play.addEventListener('click', () => tr.toggle());
  $('back').addEventListener('click', () => tr.step(-1));
  $('fwd').addEventListener('click', () => tr.step(1));
  $('prev-event').addEventListener('click', () => nextEvent(-1));
  $('next-event').addEventListener('click', () => nextEvent(1));
  speed.addEventListener('change', () => tr.setSpeed(Number(speed.value)));
  clock.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    const s = parseClock(clock.value);
    if (s !== null) tr.seek(dayStart(player.day.date) + s);
    clock.blur();
  });
  $<HTMLSelectElement>('span').addEventListener('change', (e) => player.setSpan(Number((e.target as HTMLSelectElement).value)));
  strikes.addEventListener('change', () => player.panes.showOffStrikes(strikes.checked));
  reveal.addEventListener('click', toggleReveal);
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
    const keys: Record<string, () => void> = {
      ' ': () => tr.toggle(),
      ArrowLeft: () => tr.step(e.shiftKey ? -60 : -1),
      ArrowRight: () => tr.step(e.shiftKey ? 60 : 1),
      '[': () => changeSpeed(-1),
      ']': () => changeSpeed(1),
      n: () => nextEvent(1),
      p: () => nextEvent(-1),
      g: () => { clock.focus(); clock.select(); },
      w: toggleReveal,
      s: () => { strikes.checked = !strikes.checked; player.panes.showOffStrikes(strikes.checked); },
      r: () => $('run-view-toggle').click(),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  });
}

start().catch((error: Error) => {
  $('status').textContent = `error: ${error.message}`;
  (window as unknown as { __tapelabError: string }).__tapelabError = error.message;
});
