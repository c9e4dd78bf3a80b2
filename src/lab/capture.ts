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
