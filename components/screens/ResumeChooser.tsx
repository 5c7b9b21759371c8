// A role with unfinished sessions: resume one (its id, window, decisions, last save) or
// start a new session; Esc goes back to the role list.
import { useState } from 'react';
import { Box, Text } from 'ink';
import { safeLine } from '../../src/core/sanitize.js';
import { describeOwner } from '../../sessions/lock.js';
import type { OpenSession } from '../../sessions/open-sessions.js';
import type { SessionSummary } from '../../sessions/summary.js';
import { RESUME_KEYS } from '../keys.js';
import { useKeys } from '../hooks/keyLayers.js';
import { isListMove, LIST_START, moveList } from '../hooks/listState.js';
import { useColor } from '../theme.js';

export interface ResumeChooserProps {
  roleName: string;
  /** Undefined while the sessions folder is read. */
  sessions: OpenSession[] | undefined;
  error?: string;
  busy?: boolean;
  onResume: (s: OpenSession) => void;
  onNew: () => void;
  onBack: () => void;
}

/** "2026-12-04 18:52Z": the minute is enough to tell sessions apart. */
export function minuteOf(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')}Z`;
}

/** "7d to 2026-11-20" or "2026-11-01 → 2026-11-20"; "no window yet". */
export function windowText(w: SessionSummary['window']): string {
  if (!w) return 'no window yet';
  return w.preset
    ? `${w.preset} to ${w.end.slice(0, 10)}`
    : `${w.start.slice(0, 10)} → ${w.end.slice(0, 10)}`;
}

const SCREEN_WORDS: Record<SessionSummary['screen'], string> = {
  role: 'the role',
  window: 'the window',
  sources: 'the sources',
  gathering: 'the gathering',
  review: 'the review',
  placeholders: 'the placeholders',
  preview: 'the preview',
  save: 'the preview',
};

/** Where the session under the cursor was left, and what is decided. */
export function sessionDetail(s: SessionSummary): string {
  const p = s.progress;
  const decided = p.total
    ? `${p.accepted} accepted, ${p.rejected} rejected, ${p.pending} pending`
    : 'nothing gathered yet';
  return `Left on ${SCREEN_WORDS[s.screen]}: ${decided}.`;
}

export function ResumeChooser(props: ResumeChooserProps) {
  const color = useColor();
  const sessions = props.sessions ?? [];
  const rows = sessions.length + 1; // the sessions, then "start a new session"
  const [list, setList] = useState(LIST_START);
  const cursor = Math.min(list.cursor, rows - 1);

  useKeys({
    id: 'resume',
    title: 'Unfinished session',
    table: RESUME_KEYS,
    onAction(action) {
      if (action === 'back') props.onBack();
      else if (!props.sessions || props.busy) return;
      else if (action === 'new') props.onNew();
      else if (isListMove(action)) setList(moveList({ cursor, offset: 0 }, action, rows, rows));
      else if (action === 'choose') {
        const picked = sessions[cursor];
        if (picked) props.onResume(picked);
        else props.onNew();
      }
    },
  });

  const name = safeLine(props.roleName);
  if (!props.sessions) return <Text dimColor>looking for unfinished sessions of {name}…</Text>;
  const selected = sessions[cursor];
  const idWidth = Math.max(10, ...sessions.map((s) => s.summary.id.length));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {name} has{' '}
        {sessions.length === 1 ? 'an unfinished session' : `${sessions.length} unfinished sessions`}
      </Text>
      <Text>Resume it to go on where it was left, or start a new session.</Text>
      <Box marginTop={1} flexDirection="column">
        <Text dimColor wrap="truncate-end">
          {'  '}
          {'session'.padEnd(idWidth)} {'window'.padEnd(24)} {'decided'.padEnd(12)} last saved
        </Text>
        {sessions.map((s, i) => {
          const p = s.summary.progress;
          return (
            <Text key={s.summary.id} inverse={i === cursor} wrap="truncate-end">
              {i === cursor ? '› ' : '  '}
              {s.summary.id.padEnd(idWidth)} {windowText(s.summary.window).padEnd(24)}{' '}
              {`${p.accepted + p.rejected} of ${p.total}`.padEnd(12)} {minuteOf(s.summary.updatedAt)}
              {s.lockedBy ? ' · open elsewhere' : ''}
            </Text>
          );
        })}
        <Text inverse={cursor === sessions.length}>
          {cursor === sessions.length ? '› ' : '  '}start a new session
        </Text>
      </Box>
      <Box marginTop={1} flexDirection="column">
        {selected ? (
          <>
            <Text wrap="truncate-end">{safeLine(selected.summary.name)}</Text>
            <Text>{sessionDetail(selected.summary)}</Text>
            {selected.lockedBy && (
              <>
                <Text color={color('yellow')}>
                  It is open in another iam-refine: resuming opens it read-only.
                </Text>
                <Text dimColor wrap="truncate-end">
                  ({safeLine(describeOwner(selected.lockedBy))}; to write it from here, quit that one first)
                </Text>
              </>
            )}
          </>
        ) : (
          <Text>
            A new session for {name};{' '}
            {sessions.length === 1 ? 'the unfinished one is' : 'the unfinished ones are'} kept (iam-refine
            sessions list).
          </Text>
        )}
        {props.busy && <Text dimColor>opening the session…</Text>}
        {props.error && <Text color={color('red')}>{props.error}</Text>}
      </Box>
    </Box>
  );
}
