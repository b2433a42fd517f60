// The playhead and the clock that moves it: play/pause, speeds 1x-60x
// changeable while playing, steps and jumps. The playhead is always a whole
// second of the session; playing adds wall time x speed and moves on by the
// whole seconds it has gathered (docs/player.md#transport).

export const SPEEDS = [1, 2, 5, 10, 20, 30, 60];

export class Transport {
  t: number;
  speed = 1;
  playing = false;
  private gathered = 0;
  private lastFrame = 0;
  private stopAt = Infinity;  // playing pauses on reaching it (the test hook's playFor)

  constructor(private open: number, private close: number, t: number,
              private onMove: (t: number) => void, private onPlayState: () => void) {
    this.t = this.clamp(t);
    requestAnimationFrame((now) => this.frame(now));
  }

  private clamp(t: number): number {
    return Math.min(this.close, Math.max(this.open, Math.floor(t)));
  }

  seek(t: number) {
    const next = this.clamp(t);
    if (next === this.t) return;
    this.t = next;
    this.onMove(next);
  }

  step(seconds: number) {
    this.seek(this.t + seconds);
  }

  setSpeed(speed: number) {
    this.speed = speed;
    this.onPlayState();
  }

  play(stopAt = Infinity) {
    if (this.t >= this.close) return;
    this.stopAt = stopAt;
    this.playing = true;
    this.gathered = 0;
    this.lastFrame = performance.now();
    this.onPlayState();
  }

  pause() {
    this.playing = false;
    this.onPlayState();
  }

  toggle() {
    if (this.playing) this.pause(); else this.play();
  }

  private frame(now: number) {
    if (this.playing) {
      this.gathered += ((now - this.lastFrame) / 1000) * this.speed;
      const whole = Math.floor(this.gathered);
      if (whole > 0) {
        this.gathered -= whole;
        this.seek(Math.min(this.t + whole, this.stopAt));
        if (this.t >= this.close || this.t >= this.stopAt) this.pause();
      }
    }
    this.lastFrame = now;
    requestAnimationFrame((next) => this.frame(next));
  }
}
