// window.__tapelab: what the browser test (tools/browser/check_player.mjs)
// reads instead of scraping pixels (docs/player.md#test-hook). Every value is
// the one the page draws from, read at the moment of the call.
import { formatClock } from './clock';
import { visibleEvents, visibleTradeMarkers } from './markers';
import type { Player } from './player';
import type { UrlState } from './url_state';

export function installTestHook(player: Player, url: () => UrlState, runView: () => HTMLElement) {
  const tr = player.transport;
  const hook = {
    ready: true,
    state() {
      const end = player.end();
      return {
        date: player.day.date,
        underlying: player.day.underlying,
        t: player.t,
        clock: formatClock(player.t),
        playing: tr.playing,
        speed: tr.speed,
        reveal: player.reveal,
        frames: player.frames,
        lookAheadViolations: player.lookAheadViolations,
        drawnEnds: player.panes.drawnEnds(),
        readout: player.readout(),
        cursorReadout: player.cursorReadout(),
        ladder: { for: player.chain.forKey, chain: player.chain.value },
        book: { for: player.book.forKey, contract: player.contract, book: player.book.value },
        markers: { events: visibleEvents(player.day.events, end), trades: visibleTradeMarkers(player.legs, end) },
        statsShown: player.statsShown(),
        url: url(),
        runViewTrades: runView().querySelectorAll('tr.trade').length,
      };
    },
    // Resolves once the chain and book shown are the playhead's.
    async settled() {
      const at = formatClock(player.t);
      while (player.chain.forKey !== at || (player.contract && player.book.forKey !== player.bookKey(at))) {
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    // Plays `seconds` of tape at the current speed; resolves when paused there.
    async playFor(seconds: number) {
      const frames = player.frames;
      tr.play(player.t + seconds);
      while (tr.playing) await new Promise((r) => setTimeout(r, 10));
      return { framesDrawn: player.frames - frames };
    },
  };
  (window as unknown as { __tapelab: typeof hook }).__tapelab = hook;
}
