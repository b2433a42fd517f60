// The player (web/) in headless Chromium over a full-scale day, measured with
// the Performance API (BENCHMARKS.md, "Player"):
//   first paint: from the navigation's start (performance.timeOrigin) to the
//     first frame painted after the player drew the whole day (opened at the
//     close, so every pane holds all 22,501 seconds), and to the frame with
//     the ATM strikes and events added (the player's marks tapelab:day-painted
//     and tapelab:all-painted); best and median of RUNS fresh pages, after one
//     unmeasured page that warms the server's caches;
//   60x playback: frames drawn per second of wall time while playing at 60x
//     for SECONDS, each frame a new playhead cut and drawn in every pane.
// usage: node bench/player.mjs TAPELAB DATASET TRUTH RUNS DATE UNDERLYING [RUNS=5] [SECONDS=10]
import { chromium } from '../tools/browser/node_modules/playwright-core/index.mjs';
import { startServer } from '../tools/browser/serve_process.mjs';
import { readFileSync } from 'node:fs';

const [tapelab, dataset, truth, runs, date, underlying, runsArg = '5', secondsArg = '10'] = process.argv.slice(2);
if (!underlying) {
  console.error('usage: node bench/player.mjs TAPELAB DATASET TRUTH RUNS DATE UNDERLYING [RUNS] [SECONDS]');
  process.exit(2);
}
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function firstPaints(browser, base) {
  const url = `${base}/?date=${date}&u=${underlying}&t=15:30:00&speed=60`;
  const paints = [];
  for (let i = 0; i <= Number(runsArg); i++) {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(url);
    await page.waitForFunction(() => window.__tapelab?.ready, null, { timeout: 120000 });
    const ms = await page.evaluate(async () => {
      const mark = async (name) => {
        while (!performance.getEntriesByName(name).length) await new Promise((r) => setTimeout(r, 10));
        return performance.getEntriesByName(name)[0].startTime;
      };
      return { painted: await mark('tapelab:day-painted'), all: await mark('tapelab:all-painted') };
    });
    if (i > 0) paints.push(ms);
    await page.close();
  }
  const painted = paints.map((p) => p.painted);
  const all = paints.map((p) => p.all);
  console.log(`first paint of the whole day (${paints.length} pages): best ${Math.min(...painted).toFixed(0)} ms, ` +
              `median ${median(painted).toFixed(0)} ms; with the ATM strikes and events too: best ` +
              `${Math.min(...all).toFixed(0)} ms, median ${median(all).toFixed(0)} ms; load average ${load()}`);
}

async function playback(browser, base) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${base}/?date=${date}&u=${underlying}&t=09:15:00&speed=60`);
  await page.waitForFunction(() => window.__tapelab?.ready, null, { timeout: 120000 });
  const r = await page.evaluate(async (wall) => {
    const hook = window.__tapelab;
    const before = hook.state();
    const start = performance.now();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: ' ' }));
    await new Promise((resolve) => setTimeout(resolve, wall * 1000));
    document.dispatchEvent(new KeyboardEvent('keydown', { key: ' ' }));
    const after = hook.state();
    const elapsed = (performance.now() - start) / 1000;
    return { frames: after.frames - before.frames, elapsed, tape: after.t - before.t, violations: after.lookAheadViolations };
  }, Number(secondsArg));
  console.log(`60x playback: ${r.frames} frames in ${r.elapsed.toFixed(2)} s = ${(r.frames / r.elapsed).toFixed(1)} frames/s; ` +
              `${r.tape} s of tape (${(r.tape / r.elapsed).toFixed(1)}x); look-ahead violations ${r.violations}; load average ${load()}`);
}

const server = await startServer(tapelab, ['--data', dataset, '--truth', truth, '--runs', runs]);
const browser = await chromium.launch({ executablePath: process.env.TAPELAB_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  console.log(`load average before: ${load()}`);
  await firstPaints(browser, server.base);
  await playback(browser, server.base);
} finally {
  await browser.close();
  server.stop();
}
