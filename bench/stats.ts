/** Small helpers shared by the benchmark scripts: timing, medians, a table. */
export async function timeIt(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Run each case `rounds` times, interleaved so drift on a noisy machine hits all cases alike. */
export async function measure(cases: Record<string, () => Promise<unknown>>, rounds: number, warmup = 1): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let r = 0; r < rounds + warmup; r++) {
    for (const [name, f] of Object.entries(cases)) {
      const ms = await timeIt(f);
      if (r >= warmup) out[name]!.push(ms);
    }
  }
  return out;
}

export function report(title: string, samples: Record<string, number[]>, baseline: string): string {
  const base = median(samples[baseline]!);
  const lines = [`${title} (medians of ${samples[baseline]!.length} runs; ratio against "${baseline}")`];
  for (const [name, xs] of Object.entries(samples)) {
    const m = median(xs);
    lines.push(`  ${name.padEnd(44)} ${m.toFixed(1).padStart(9)} ms   x${(m / base).toFixed(2)}`);
  }
  return lines.join('\n');
}
