import { useEffect, useState } from 'react';

/**
 * The lab clock's time, refreshed every second while `active` (a run is going):
 * the panel shows how long each environment has spent in its phase. The lab
 * stamps phases with performance.now(), so the same clock is read here.
 */
export function useNow(active: boolean, clock: () => number = () => performance.now()): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (!active) return;
    setNow(clock());
    const t = setInterval(() => setNow(clock()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}
