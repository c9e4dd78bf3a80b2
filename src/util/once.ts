/**
 * f once per key: callers asking at the same time, or later, share one promise. A failure is
 * forgotten, so the next caller tries again (unless `keepFailures`: a build that failed is not
 * worth a second try); `forgetAfterMs` forgets a success too (an answer that goes stale, like a
 * container listing).
 */
export function onceBy<K, V>(f: (key: K) => Promise<V>, o: { forgetAfterMs?: number; keepFailures?: boolean } = {}): (key: K) => Promise<V> {
  const kept = new Map<K, Promise<V>>();
  return (key) => {
    let p = kept.get(key);
    if (!p) {
      const mine = f(key);
      p = mine;
      kept.set(key, mine);
      const forget = () => {
        if (kept.get(key) === mine) kept.delete(key);
      };
      mine.then(
        () => {
          if (o.forgetAfterMs !== undefined) setTimeout(forget, o.forgetAfterMs).unref?.();
        },
        () => {
          if (!o.keepFailures) forget();
        },
      );
    }
    return p;
  };
}
