import { render } from 'ink-testing-library';
import { Text } from 'ink';
import { describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../src/ui/components/ErrorBoundary.js';

function Broken(): never {
  throw new Error('draw failed');
}

describe('ErrorBoundary', () => {
  it('catches a component that throws: reports the error and draws no stack trace', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const onCrash = vi.fn();
    const { lastFrame } = render(
      <ErrorBoundary onCrash={onCrash}>
        <Broken />
      </ErrorBoundary>,
    );
    expect(onCrash).toHaveBeenCalledWith(expect.objectContaining({ message: 'draw failed' }));
    expect(lastFrame() ?? '').not.toMatch(/draw failed|at Broken/);
    quiet.mockRestore();
  });

  it('draws its children when nothing fails', () => {
    const { lastFrame } = render(
      <ErrorBoundary onCrash={() => {}}>
        <Text>fine</Text>
      </ErrorBoundary>,
    );
    expect(lastFrame()).toBe('fine');
  });
});
