/** The terminal's size, updated on resize. */
import { useStdout } from 'ink';
import { useEffect } from 'react';

export function useTerminalSize(onResize: (cols: number, rows: number) => void): void {
  const { stdout } = useStdout();
  useEffect(() => {
    const f = () => onResize(stdout.columns || 80, stdout.rows || 24);
    stdout.on('resize', f);
    return () => void stdout.off('resize', f);
  }, [stdout, onResize]);
}
