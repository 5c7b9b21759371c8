// Gathering: a progress line per source, elapsed time, Esc cancels and keeps what was read.
import { Box, Text } from 'ink';
import type { RoleRef, TimeWindow } from '../../src/core/types.js';
import { safeLine } from '../../src/core/sanitize.js';
import { statusLine } from '../../src/core/source-status.js';
import { sourceStatuses } from '../../src/sources/gather.js';
import type { Engine, GatherResult, SourcePlan } from '../engine.js';
import { GATHER_KEYS, GATHERED_KEYS } from '../keys.js';
import { useKeys } from '../hooks/keyLayers.js';
import { useGather } from '../hooks/useGather.js';
import { ProgressLine } from '../widgets/ProgressLine.js';
import { useColor } from '../theme.js';
import { count } from '../plural.js';

export interface GatherScreenProps {
  engine: Engine;
  plans: SourcePlan[];
  role: RoleRef;
  window?: TimeWindow;
  width: number;
  /** Called once, when every source has finished or was cancelled. */
  onGathered: (result: GatherResult, cancelled: boolean) => void;
  onContinue: () => void;
}

export function elapsedText(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

export function GatherScreen(props: GatherScreenProps) {
  const color = useColor();
  const g = useGather(props.engine, props.plans, props.role, props.window, props.onGathered);
  const finished = Boolean(g.result || g.error);

  // Running: Esc cancels. Finished: Enter reviews, and Esc is the global "back" to the sources.
  useKeys({ id: 'gather', title: 'Gathering', table: GATHER_KEYS, active: !finished, onAction: g.cancel });
  useKeys({
    id: 'gathered',
    title: 'Gathered',
    table: GATHERED_KEYS,
    active: Boolean(g.result),
    onAction: props.onContinue,
  });

  const observations = g.result?.evidence.length ?? 0;
  const failed = g.result?.results.filter((r) => r.state === 'failed').length ?? 0;
  // Partial and failed sources, with the reason and the fix: the review sees less than asked.
  const notOk = g.result ? sourceStatuses(g.result.results).filter((s) => s.status !== 'ok') : [];
  const partial = notOk.filter((s) => s.status === 'partial').length;
  return (
    <Box flexDirection="column">
      <Text bold>
        Gathering evidence <Text dimColor>{elapsedText(g.elapsedMs)}</Text>
      </Text>
      {g.progress.map((p) => (
        <ProgressLine key={p.source} progress={p} width={props.width} />
      ))}
      {notOk.length > 0 && (
        <Box marginTop={1} flexDirection="column">
          {notOk.map((s) => (
            <Box key={s.id} flexDirection="column">
              <Text color={color(s.status === 'failed' ? 'red' : 'yellow')} wrap="wrap">
                {s.status === 'failed' ? '✗' : '!'} {safeLine(statusLine(s))}
              </Text>
              {s.fix && (
                <Box marginLeft={2}>
                  <Text dimColor wrap="wrap">
                    fix: {safeLine(s.fix)}
                  </Text>
                </Box>
              )}
            </Box>
          ))}
        </Box>
      )}
      <Box marginTop={1} flexDirection="column">
        {!finished && (
          <Text dimColor>{g.cancelled ? 'cancelling…' : 'esc cancels and keeps what was gathered'}</Text>
        )}
        {g.error && <Text color={color('red')}>gathering failed: {safeLine(g.error)}</Text>}
        {g.result && (
          <Text>
            {g.cancelled ? 'Cancelled: ' : 'Done: '}
            {count(observations, 'observation')}
            {failed ? `, ${count(failed, 'source')} failed` : ''}
            {partial ? `, ${partial} partial` : ''}
            {notOk.length ? ' (the review may miss actions only they would show)' : ''}. Press enter to
            review.
          </Text>
        )}
      </Box>
    </Box>
  );
}
