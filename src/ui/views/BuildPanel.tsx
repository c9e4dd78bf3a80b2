import Spinner from 'ink-spinner';
import { Box, Text } from 'ink';
import type { BuildState } from '../state/state.js';
import { Lines } from '../components/Lines.js';
import { useTheme } from '../components/theme.js';
import { visibleText } from '../../term/visible-text.js';

/** The image build's progress: its last lines, a spinner while it works. */
export function BuildPanel({ build }: { build: BuildState }) {
  const st = useTheme();
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Box>
        {build.status === 'running' && st.fancy ? (
          <Text>
            <Spinner type="dots" />{' '}
          </Text>
        ) : null}
        <Text wrap="truncate-end">{build.status === 'running'
            ? `Building ${build.what ?? 'the lab images'} (a few minutes, once)${st.sym.ellipsis}`
            : build.status === 'done'
              ? st.green(build.what ? `Built ${build.what}.` : 'The lab images are built.')
              : st.red(build.what ? `Building ${build.what} failed.` : 'The image build failed.')}</Text>
      </Box>
      <Lines lines={build.lines.slice(-4).map((l) => st.dim(`  ${visibleText(l)}`))} />
      {build.error ? <Lines lines={[st.red(`error: ${build.error.message}`), `next:  ${build.error.next}`]} /> : null}
    </Box>
  );
}
