// Times as the API carries them: seconds since 1970-01-01 of the IST wall
// clock (docs/server.md#columnar-format), so a day's second is its date's
// midnight plus the clock time, and formatting reads UTC fields.

export function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

// "HH:MM:SS" (or "HH:MM") -> seconds after midnight; null when malformed.
export function parseClock(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  return h * 3600 + min * 60 + s;
}

export function formatClock(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

// The date part of a time: "YYYY-MM-DD".
export function formatDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}
