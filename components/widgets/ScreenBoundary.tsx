// A screen that throws while drawing must not take the session with it: the boundary
// shows what happened and how to pick the session up again, and q still quits (the
// session is on disk up to the last change; nothing here writes).
import { Component, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { safeLine } from '../../src/core/sanitize.js';
import { useKeys } from '../hooks/keyLayers.js';
import { TEXT_GLOBAL_KEYS } from '../keys.js';

const QUIT_KEYS = [
  { keys: ['q', 'escape'], action: 'quit', label: 'quit', help: 'quit (the session is saved)' },
  ...TEXT_GLOBAL_KEYS,
] as const;

function ScreenFailed(props: { error: Error; sessionId?: string; onQuit: () => void }) {
  useKeys({
    id: 'screen-failed',
    title: 'Screen failed',
    table: QUIT_KEYS,
    level: 'overlay',
    onAction: props.onQuit,
  });
  const resume = props.sessionId ? `iam-refine resume ${props.sessionId}` : 'iam-refine resume';
  return (
    <Box flexDirection="column">
      <Text>The screen failed to draw: {safeLine(props.error.message)}</Text>
      <Text>The session is saved up to the last change. Press q to quit, then: {resume}</Text>
    </Box>
  );
}

export class ScreenBoundary extends Component<
  { children: ReactNode; sessionId?: string; onQuit: () => void },
  { error?: Error }
> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <ScreenFailed error={this.state.error} sessionId={this.props.sessionId} onQuit={this.props.onQuit} />
    );
  }
}
