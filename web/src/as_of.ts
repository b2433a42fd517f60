// Keeps one answer fetched "as of" the playhead: at most one request in
// flight, and when the playhead moved meanwhile, one more for where it is
// now. While playing at 60x the answers trail the playhead by a request's
// time; paused, the answer shown is always the playhead's.
export class AsOf<T> {
  value: T | null = null;
  forKey: string | null = null;  // the key of the value shown
  private wanted: string | null = null;
  private busy = false;

  constructor(private fetchFor: (key: string) => Promise<T>, private onValue: () => void) {}

  want(key: string | null) {
    this.wanted = key;
    if (key === null) {
      this.value = null;
      this.forKey = null;
      this.onValue();
      return;
    }
    if (!this.busy) void this.fetchWanted();
  }

  private async fetchWanted() {
    while (this.wanted !== null && this.wanted !== this.forKey) {
      const key = this.wanted;
      this.busy = true;
      try {
        this.value = await this.fetchFor(key);
        this.forKey = key;
      } catch (error) {
        this.value = null;
        this.forKey = key;
        console.error(error);
      } finally {
        this.busy = false;
      }
      this.onValue();
    }
  }
}
