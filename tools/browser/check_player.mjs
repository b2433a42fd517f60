// The player (web/) in Debian's Chromium against a real `tapelab serve`: seeks
// to several playheads, plays 30 s of tape at 60x from each, and checks at
// every one that nothing after the playhead is drawn, that the readouts equal
// the API's values, that the markers equal the events file and the run's
// trades.csv, and that clicking a trade moves the playhead. Reads the page
// through its test hook, window.__tapelab (docs/player.md#test-hook).
//
// usage: node check_player.mjs TAPELAB DATASET TRUTH RUN_DIR INTEROP_DIR OUT_DIR
//        (RUN_DIR's folder name is the run's id; it must hold strategy S1's trades on
//         2025-11-17 NIFTY). Prints what it checked as JSON; exits 1 naming each failure.
import { chromium } from 'playwright-core';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { startServer } from './serve_process.mjs';
import { MARKED_KINDS, eventsAt, pnlAt, readEvents, readLegs, tradesAt } from './player_expected.mjs';

const [tapelab, dataset, truth, runDir, interop, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node check_player.mjs TAPELAB DATASET TRUTH RUN_DIR INTEROP_DIR OUT_DIR');
  process.exit(2);
}
const DATE = '2025-11-17';
const UNDERLYING = 'NIFTY';
const STRATEGY = 'S1';
const run = path.basename(runDir);
const epoch = (clock) => Date.parse(`${DATE}T${clock}Z`) / 1000;
const clockOf = (t) => new Date(t * 1000).toISOString().slice(11, 19);

const failures = [];
const checked = [];
const check = (ok, what, detail) => {
  checked.push(what);
  if (!ok) failures.push(`${what}${detail === undefined ? '' : `: ${JSON.stringify(detail).slice(0, 600)}`}`);
};

const server = await startServer(tapelab, ['--data', dataset, '--truth', truth, '--runs', path.dirname(runDir), '--threads', '2']);
const api = async (target) => {
  const r = await fetch(server.base + target);
  if (!r.ok) throw new Error(`${target}: ${r.status} ${await r.text()}`);
  return r.json();
};
const browser = await chromium.launch({ executablePath: process.env.TAPELAB_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const events = await readEvents(interop, truth, DATE, UNDERLYING);
  const legs = readLegs(runDir, STRATEGY, DATE, UNDERLYING);
  check(legs.length > 0, `the run has ${STRATEGY} legs on ${DATE} ${UNDERLYING}`);
  const marked = events.filter((e) => MARKED_KINDS.includes(e.kind));
  check(marked.length > 0, 'the day has marked events');

  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  await page.goto(`${server.base}/?date=${DATE}&u=${UNDERLYING}&t=09:20:00&speed=60&run=${run}&strategy=${STRATEGY}`);
  await page.waitForFunction(() => window.__tapelab?.ready || window.__tapelabError, null, { timeout: 60000 });
  const state = () => page.evaluate(() => window.__tapelab.state());
  let s = await state();
  check(s.clock === '09:20:00' && s.speed === 60 && s.date === DATE && s.underlying === UNDERLYING,
        'the URL opens its date, underlying, time and speed', [s.date, s.underlying, s.clock, s.speed]);

  const jumpTo = async (clock) => {  // the "jump to a time" box, by keyboard
    await page.keyboard.press('g');
    await page.keyboard.type(clock);
    await page.keyboard.press('Enter');
  };

  const checkAt = async (label) => {
    await page.evaluate(() => window.__tapelab.settled());
    s = await state();
    const t = s.t;
    const at = `${label} at ${s.clock}`;
    check(!s.playing, `${at}: paused`);
    check(Object.values(s.drawnEnds).every((e) => e === t), `${at}: every pane's drawn data ends at t`, s.drawnEnds);
    check(s.lookAheadViolations === 0, `${at}: no frame drew past its playhead`, s.lookAheadViolations);
    const fields = Object.keys(s.readout.values);
    const row = await api(`/api/days/${DATE}/${UNDERLYING}/truth/features?from=${s.clock}&to=${s.clock}&format=json&columns=time,${fields.join(',')}`);
    const expected = Object.fromEntries(fields.map((f) => [f, row.columns[f][0]]));
    check(s.readout.time === t && isDeepStrictEqual(s.readout.values, expected), `${at}: the readout equals the API's features`,
          { shown: s.readout.values, api: expected });
    const regime = await api(`/api/days/${DATE}/${UNDERLYING}/truth/regimes?from=${s.clock}&to=${s.clock}&format=json&columns=regime`);
    check(s.readout.regime === regime.columns.regime[0], `${at}: the readout's regime equals the API's`, [s.readout.regime, regime.columns.regime[0]]);
    const pnl = pnlAt(runDir, STRATEGY, DATE, UNDERLYING, t);
    check(s.readout.pnl === pnl, `${at}: the readout's P&L equals intraday.csv`, [s.readout.pnl, pnl]);
    const chain = await api(`/api/days/${DATE}/${UNDERLYING}/chain?at=${s.clock}`);
    check(s.ladder.for === s.clock && isDeepStrictEqual(s.ladder.chain, chain), `${at}: the chain ladder equals the API's chain`);
    const c = s.book.contract;
    const book = await api(`/api/days/${DATE}/${UNDERLYING}/book?at=${s.clock}&strike=${c.strike}&type=${c.type}`);
    check(isDeepStrictEqual(s.book.book, book), `${at}: the ${c.strike} ${c.type} book equals the API's`);
    check(isDeepStrictEqual(s.markers.events, eventsAt(events, t)), `${at}: the event markers equal the events file`,
          { shown: s.markers.events.length, file: eventsAt(events, t).length });
    check(isDeepStrictEqual(s.markers.trades, tradesAt(legs, t)), `${at}: the trade markers equal trades.csv`,
          { shown: s.markers.trades, file: tradesAt(legs, t) });
    check(s.statsShown === (t >= epoch('15:30:00')), `${at}: the day's statistics are hidden before the close`);
    check(s.url.time === s.clock, `${at}: the URL holds the time`, s.url);
    await page.screenshot({ path: path.join(outDir, `player_${s.clock.replaceAll(':', '')}.png`) });
    return s;
  };

  // Playheads: the open, across the legs' entries and exits, and across an event's known_at.
  const entry = Math.min(...legs.map((l) => epoch(l.entry_time)));
  const exit = Math.max(...legs.map((l) => epoch(l.exit_time)));
  const event = marked.find((e) => e.known_at > epoch('09:40:00') && e.known_at < epoch('15:00:00')) ?? marked[0];
  const playheads = [epoch('09:20:00'), entry - 15, event.known_at - 15, exit - 15, epoch('15:29:40')];
  for (const start of playheads) {
    await jumpTo(clockOf(start));
    await checkAt('after a jump');
    check(s.t === start, `the jump box moved the playhead to ${clockOf(start)}`, s.clock);
    // 30 s of tape at 60x, sampled while it plays.
    await page.evaluate(() => { window.__play = window.__tapelab.playFor(30); });
    const samples = [];
    for (;;) {
      const x = await page.evaluate(() => { const v = window.__tapelab.state(); return { t: v.t, ends: v.drawnEnds, playing: v.playing, events: v.markers.events }; });
      samples.push(x);
      if (!x.playing) break;
    }
    const played = await page.evaluate(() => window.__play);
    check(samples.every((x) => Object.values(x.ends).every((e) => e !== null && e <= x.t) &&
                              x.events.every((e) => e.known_at <= x.t && e.end <= x.t)),
          `playing from ${clockOf(start)}: no sample drew past its playhead`, samples.length);
    check(played.framesDrawn >= 2, `playing from ${clockOf(start)} drew frames`, played);
    const end = await checkAt('after playing 30 s at 60x');
    check(end.t === Math.min(start + 30, epoch('15:30:00')), `playing from ${clockOf(start)} stopped 30 s later`, end.clock);
  }

  // Keyboard: steps, speed, next event.
  await jumpTo('11:00:00');
  await page.keyboard.press('ArrowRight');
  s = await state();
  check(s.clock === '11:00:01', '→ steps one second forward', s.clock);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  s = await state();
  check(s.clock === '10:59:59', '← steps one second back', s.clock);
  await page.keyboard.press('[');
  s = await state();
  check(s.speed === 30, '[ slows 60x to 30x', s.speed);
  await page.keyboard.press(']');
  await page.keyboard.press('n');
  s = await state();
  const next = marked.map((e) => e.known_at).filter((k) => k > epoch('10:59:59')).sort((a, b) => a - b)[0];
  check(next !== undefined && s.t === next, 'n jumps to the next event\'s known_at', [s.clock, next && clockOf(next)]);

  // Speed changes while playing.
  await page.keyboard.press(' ');
  await page.keyboard.press('[');
  s = await state();
  check(s.playing && s.speed === 30, 'the speed changes while playing', [s.playing, s.speed]);
  await page.keyboard.press(' ');

  // The crosshair reads the second under it.
  await jumpTo('12:00:00');
  await checkAt('before hovering');
  const box = await page.locator('.pane-price .u-over').boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  s = await state();
  const hover = s.cursorReadout;
  check(hover !== null && hover.time <= s.t, 'the crosshair reads a second at or before the playhead', hover && clockOf(hover.time));
  if (hover) {
    const c = clockOf(hover.time);
    const fields = Object.keys(hover.values);
    const row = await api(`/api/days/${DATE}/${UNDERLYING}/truth/features?from=${c}&to=${c}&format=json&columns=${fields.join(',')}`);
    check(isDeepStrictEqual(hover.values, Object.fromEntries(fields.map((f) => [f, row.columns[f][0]]))),
          `the crosshair's values at ${c} equal the API's`);
  }
  await page.mouse.move(1, 1);

  // A link reopens the same view.
  s = await state();
  await page.goto(page.url());
  await page.waitForFunction(() => window.__tapelab?.ready);
  const reopened = await state();
  check(reopened.clock === s.clock && reopened.speed === s.speed, 'reloading the URL reopens the same time and speed', [reopened.clock, reopened.speed]);

  // The run view: clicking a trade moves the playhead to its entry.
  await page.keyboard.press('r');
  await page.locator('#run-view tr.trade').first().waitFor();
  const rows = page.locator('#run-view tr.trade');
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  const target = cells.findIndex(([strategy, date, underlying]) => strategy === STRATEGY && date === DATE && underlying === UNDERLYING);
  check(target >= 0, 'the run view lists the day\'s trades', cells.slice(0, 3));
  await jumpTo('14:00:00');
  if (target >= 0) await rows.nth(target).click();
  s = await state();
  const entryTime = cells[target]?.[3];
  check(s.clock === entryTime && !s.playing, 'clicking a trade moves the playhead to its entry', [s.clock, entryTime]);
  await page.screenshot({ path: path.join(outDir, 'player_run_view.png'), fullPage: true });

  // The whole day: everything drawn, the statistics shown.
  await page.keyboard.press('w');
  s = await state();
  check(s.reveal && s.statsShown, '"whole day" shows the day\'s statistics');
  check(Object.values(s.drawnEnds).every((e) => e === epoch('15:30:00')), '"whole day" draws to the close', s.drawnEnds);
  check(isDeepStrictEqual(s.markers.events, eventsAt(events, epoch('15:30:00'))), '"whole day" marks every event of the file');
  await page.screenshot({ path: path.join(outDir, 'player_whole_day.png') });
} finally {
  await browser.close();
  server.stop();
}
console.log(JSON.stringify({ checks: checked.length, failures: failures.length }));
for (const failure of failures) console.error(`FAILED: ${failure}`);
process.exit(failures.length ? 1 : 0);
