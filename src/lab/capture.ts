/**
 * Bounded output capture: keeps the first `keep` bytes of a stream, counts the
 * rest, and says when the total passed `hardLimit` (the caller then kills the
 * program). Memory stays bounded whatever the program prints.
 */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  /** Every byte the program wrote, kept or not. */
  total = 0;

  constructor(
    private readonly keep: number,
    private readonly hardLimit: number,
    private readonly onOverLimit: () => void = () => {},
  ) {}

  push(b: Buffer): void {
    const before = this.total;
    this.total += b.length;
    if (this.kept < this.keep) {
      const part = b.subarray(0, this.keep - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    if (before <= this.hardLimit && this.total > this.hardLimit) this.onOverLimit();
  }

  get truncated(): boolean {
    return this.total > this.keep;
  }

  /** The kept text, with a visible marker when something was dropped. */
  text(): string {
    const s = Buffer.concat(this.chunks).toString('utf8');
    if (!this.truncated) return s;
    return `${s}${s.endsWith('\n') ? '' : '\n'}[musl-lab: output truncated: kept ${this.kept} of ${this.total}${this.total > this.hardLimit ? '+' : ''} bytes]\n`;
  }
}

/**
 * Splits one stream at a marker line "\n<marker> <status>\n" written by the
 * lab's own script: what comes before is the build's diagnostics (kept
 * bounded), what comes after belongs to the program.
 */
export class MarkerSplit {
  private pre = Buffer.alloc(0);
  private dropped = 0;
  /** The status printed with the marker, once seen. */
  status: number | null = null;

  constructor(
    private readonly marker: string,
    private readonly keepBefore: number,
    private readonly onMarker: (status: number) => void,
    private readonly after: (b: Buffer) => void,
  ) {}

  get found(): boolean {
    return this.status !== null;
  }

  push(b: Buffer): void {
    if (this.found) return this.after(b);
    this.pre = Buffer.concat([this.pre, b]);
    // latin1 keeps byte offsets equal to string offsets
    const m = new RegExp(`\\n${this.marker} (\\d+)\\n`).exec(this.pre.toString('latin1'));
    if (m) {
      const rest = this.pre.subarray(m.index + m[0].length);
      this.pre = this.pre.subarray(0, m.index);
      this.status = Number(m[1]);
      this.onMarker(this.status);
      if (rest.length) this.after(rest);
      return;
    }
    // Bound memory: keep the head for the learner and a tail long enough to still find the marker.
    const tail = this.marker.length + 32;
    if (this.pre.length > this.keepBefore + tail) {
      const cut = this.pre.length - this.keepBefore - tail;
      this.dropped += cut;
      this.pre = Buffer.concat([this.pre.subarray(0, this.keepBefore), this.pre.subarray(this.keepBefore + cut)]);
    }
  }

  /** Everything before the marker (or all of it, if the marker never came). */
  before(): string {
    const s = this.pre.toString('utf8');
    return this.dropped ? `${s.slice(0, this.keepBefore)}\n[musl-lab: ${this.dropped} bytes of compiler output dropped]\n${s.slice(this.keepBefore)}` : s;
  }
}

/**
 * Streams bytes through until an end marker line "\n<marker> <status>\n"
 * (written by the lab's agent after each request) and reports the status.
 * Only a short tail is held back, so floods are still seen as they happen.
 */
export class EndMarker {
  private held = Buffer.alloc(0);
  private readonly re: RegExp;
  status: number | null = null;

  constructor(
    private readonly marker: string,
    private readonly forward: (b: Buffer) => void,
  ) {
    this.re = new RegExp(`\\n${marker} (\\d+)\\n`);
  }

  get done(): boolean {
    return this.status !== null;
  }

  push(b: Buffer): void {
    if (this.done) return;
    const buf = this.held.length ? Buffer.concat([this.held, b]) : b;
    const m = this.re.exec(buf.toString('latin1'));
    if (m) {
      if (m.index > 0) this.forward(buf.subarray(0, m.index));
      this.status = Number(m[1]);
      this.held = Buffer.alloc(0);
      return;
    }
    const keep = Math.min(buf.length, this.marker.length + 24);
    if (buf.length > keep) this.forward(buf.subarray(0, buf.length - keep));
    this.held = Buffer.from(buf.subarray(buf.length - keep));
  }
}
