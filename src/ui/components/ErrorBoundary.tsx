/**
 * The last line of defence while drawing: a bug in a component must not
 * leave Ink's stack-trace screen. The tutorial leaves cleanly instead, and
 * the CLI reports the error once, with the next step (progress is on disk).
 */
import { Component, type ReactNode } from 'react';

interface Props {
  onCrash: (error: Error) => void;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error): void {
    this.props.onCrash(error);
  }

  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}
