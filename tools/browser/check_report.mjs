// Opens a report.html in Debian's Chromium at a window's size and checks what
// its reader sees: the page never scrolls sideways (a table wider than the
// window scrolls inside its own box) and the intraday path is drawn. Saves a
// screenshot of the window and one of the last intraday chart (the whole run's).
//
// usage: node check_report.mjs REPORT_HTML OUT_DIR [WIDTH HEIGHT]
// Prints the measurements as JSON; exits 1 naming each failed check.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [report, outDir, width = '1400', height = '900'] = process.argv.slice(2);
if (!report || !outDir) {
  console.error('usage: node check_report.mjs REPORT_HTML OUT_DIR [WIDTH HEIGHT]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.TAPELAB_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],  // the suite may run as root
});
let failures = [];
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  await page.goto(pathToFileURL(path.resolve(report)).href);
  const m = await page.evaluate(() => {
    const root = document.documentElement;
    const summary = document.querySelector('table.summary');
    const box = summary.getBoundingClientRect();
    const lines = [...document.querySelectorAll('svg.intraday path.line')];
    // The distinct heights a path visits: 1 for a flat line.
    const levels = (d) => new Set(d.split(/[ML]/).filter(Boolean).map((xy) => xy.split(',')[1])).size;
    const first = document.querySelector('svg.intraday')?.getBoundingClientRect();
    return {
      window_width: root.clientWidth,
      page_width: root.scrollWidth,
      summary_right: box.right,
      summary_box_width: summary.clientWidth,
      summary_content_width: summary.scrollWidth,
      intraday_charts: lines.length,
      intraday_points_first: lines[0] ? lines[0].getAttribute('d').split('L').length : 0,
      intraday_levels_max: Math.max(0, ...lines.map((l) => levels(l.getAttribute('d')))),
      intraday_first_size: first ? [first.width, first.height] : [0, 0],
    };
  });
  console.log(JSON.stringify(m, null, 1));
  await page.screenshot({ path: path.join(outDir, `report_${width}x${height}.png`) });
  if (m.intraday_charts > 0) {
    await page.locator('svg.intraday').last().screenshot({ path: path.join(outDir, 'intraday_chart.png') });
  }
  const check = (ok, what) => { if (!ok) failures.push(what); };
  check(m.page_width <= m.window_width, `the page scrolls sideways: ${m.page_width} px wide in a ${m.window_width} px window`);
  check(m.summary_right <= m.window_width, `the summary table's box ends at ${m.summary_right} px, past the window's ${m.window_width}`);
  check(m.intraday_charts > 0, 'no intraday chart');
  check(m.intraday_points_first >= 2, 'the first intraday chart has no line');
  check(m.intraday_first_size[0] > 0 && m.intraday_first_size[1] > 0, 'the first intraday chart has no size on the page');
  check(m.intraday_levels_max > 1, 'every intraday line is flat');
} finally {
  await browser.close();
}
for (const failure of failures) console.error(`FAILED: ${failure}`);
process.exit(failures.length ? 1 : 0);
