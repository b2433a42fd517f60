// The view in the URL (date, underlying, time, speed, and the run shown), so
// a link reopens the same view: /?date=2025-11-17&u=NIFTY&t=10:30:00&speed=10&run=s1.
export interface UrlState {
  date: string | null;
  underlying: string | null;
  time: string | null;
  speed: number | null;
  run: string | null;
  strategy: string | null;
}

export function readUrl(): UrlState {
  const q = new URLSearchParams(location.search);
  const speed = Number(q.get('speed'));
  return {
    date: q.get('date'), underlying: q.get('u'), time: q.get('t'),
    speed: Number.isFinite(speed) && speed > 0 ? speed : null, run: q.get('run'), strategy: q.get('strategy'),
  };
}

export function writeUrl(s: UrlState) {
  const q = new URLSearchParams();
  const put = (k: string, v: string | number | null) => { if (v !== null && v !== '') q.set(k, String(v)); };
  put('date', s.date); put('u', s.underlying); put('t', s.time); put('speed', s.speed);
  put('run', s.run); put('strategy', s.strategy);
  history.replaceState(null, '', `${location.pathname}?${q}`);
}
