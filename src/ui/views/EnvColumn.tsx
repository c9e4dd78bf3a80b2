import Spinner from 'ink-spinner';
import { Box, Text } from 'ink';
import type { EnvOutcome } from '../../check/checker.js';
import type { EnvName } from '../../lab/types.js';
import type { EnvProgress } from '../state/state.js';
import { Lines } from '../components/Lines.js';
import { envBodyRows, outcomeSummary, phaseLine } from './run-view.js';
import { fold } from '../../term/scroll.js';
import { useTheme } from '../components/theme.js';

/** One environment in the run panel: a spinner, its phase and time while it builds and runs, then its outcome and folded output. */
export function EnvColumn({ env, live, outcome, width, height, now }: { env: EnvName; live?: EnvProgress; outcome?: EnvOutcome; width: number; height: number; now?: number }) {
  const st = useTheme();
  const busy = !outcome && !live?.outcome && live && live.phase !== 'done';
  const body = envBodyRows(outcome, live?.outcome, width, st, { command: false });
  // the tail after the fold starts at the beginning of an output line, never mid-word
  const shown = fold(body.lines, Math.max(0, height - 1), (n) => st.dim(`${st.sym.ellipsis} ${n} more lines (o expands)`), body.starts);
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      <Box>
        <Text bold>{env.padEnd(6)} </Text>
        {busy ? (
          st.fancy ? (
            <Text>
              <Spinner type="dots" /> {phaseLine(live, now, st)}
            </Text>
          ) : (
            <Text>{phaseLine(live, now, st)}</Text>
          )
        ) : (
          <Text wrap="truncate-end">{outcomeSummary(outcome, live?.outcome, st)}</Text>
        )}
      </Box>
      <Lines lines={shown} />
    </Box>
  );
}
