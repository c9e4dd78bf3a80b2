import { Box, Text } from 'ink';

/** Pre-drawn lines, one terminal row each (cut, never wrapped, so heights are exact). */
export function Lines({ lines, height }: { lines: string[]; height?: number }) {
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l || ' '}
        </Text>
      ))}
    </Box>
  );
}
