import { Box, Text } from 'ink';
import { safeStyled } from '../../term/visible-text.js';

/**
 * Pre-drawn lines, one terminal row each (cut, never wrapped, so heights are
 * exact; callers fit them to the width). Only our own colour codes reach the
 * terminal: any other control character shows as an escape.
 */
export function Lines({ lines, height }: { lines: string[]; height?: number }) {
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {safeStyled(l) || ' '}
        </Text>
      ))}
    </Box>
  );
}
