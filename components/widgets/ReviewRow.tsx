// One row of the review list: a service heading or an action with its decision, access level,
// source badges, count, last seen and marks. Memoised: moving the cursor redraws two rows.
import { memo } from 'react';
import { Text } from 'ink';
import { SOURCE_BADGES, type SourceId } from '../../src/core/types.js';
import { primaryAccessLevel } from '../../src/catalog/catalog.js';
import { safeLine } from '../../src/core/sanitize.js';
import type { ReviewRow as Row } from '../review/rows.js';
import { STATUS_MARK, type Status } from '../review/status.js';
import { useColor, type ColorName } from '../theme.js';

/** Flags after the counts; the detail pane says what each means. */
export function marksOf(row: Extract<Row, { kind: 'action' }>, isNew: boolean): string {
  const c = row.candidate;
  return [
    isNew && 'new',
    c.deniedOnly ? 'denied' : c.totalDenied > 0 && `${c.totalDenied} denied`,
    c.unused && 'unused',
    // A platform need has its evidence (the configuration): no "unknown" beside it.
    c.unverified ? 'unverified' : c.grant?.status === 'unknown' && !c.platform?.length && 'unknown',
    c.grant?.resourceExcess && 'wide',
    c.platform?.length && 'platform',
    c.inferredReason && 'inferred',
    c.encryption?.length && 'sse-kms',
    c.unmapped && 'unmapped',
    c.noPermissionNeeded && 'no-perm',
    c.serviceLevelOnly && 'svc-level',
    // Risks: a mark here, the reasons in the detail pane.
    c.risks.length > 0 && (c.risks.length > 1 ? `${c.risks.length} risks` : 'risk'),
  ]
    .filter(Boolean)
    .join(' ');
}

const STATUS_COLOR: Record<Status, ColorName> = { accepted: 'green', rejected: 'red', pending: 'gray' };

export interface ReviewRowProps {
  row: Row;
  selected: boolean;
  width: number;
  narrow: boolean;
  isNew: boolean;
}

function pad(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, Math.max(0, n - 1))}…` : text.padEnd(n);
}

/** Columns by room: access level from 80 columns (whole from 140), last seen from 100. */
export function columnsOf(width: number, narrow: boolean) {
  const showLevel = !narrow && width >= 80;
  const showSeen = !narrow && width >= 100;
  // "Permissions management" is the longest level.
  const levelWidth = width >= 140 ? 22 : 11;
  const fixed = 4 + 5 + 9 + 7 + (showLevel ? levelWidth + 1 : 0) + (showSeen ? 11 : 0) + 10;
  const actionWidth = Math.max(16, Math.min(40, width - fixed));
  return { showLevel, showSeen, actionWidth, levelWidth };
}

/** The column headers above the list, on the same grid as the rows. */
export function ReviewHeader({ width, narrow }: { width: number; narrow: boolean }) {
  const { showLevel, showSeen, actionWidth, levelWidth } = columnsOf(width, narrow);
  return (
    <Text dimColor wrap="truncate-end">
      {'decision '}
      {pad('action', actionWidth)} {showLevel && <>{pad('access', levelWidth)} </>}
      {pad('sources', 8)} {'calls'.padStart(6)}
      {showSeen && <> {'last seen'.padEnd(10)}</>} marks
    </Text>
  );
}

export const ReviewRow = memo(function ReviewRow({ row, selected, width, narrow, isNew }: ReviewRowProps) {
  const color = useColor();
  const cursor = selected ? '› ' : '  ';
  if (row.kind === 'service') {
    const { accepted, rejected, pending } = row.counts;
    const of = row.shown < row.total ? `${row.shown} of ${row.total}` : `${row.total}`;
    return (
      <Text inverse={selected} bold wrap="truncate-end">
        {cursor}
        {row.collapsed ? '▸ ' : '▾ '}
        {safeLine(row.service)}
        <Text dimColor={!selected}>
          {`  ${of} action${row.total === 1 ? '' : 's'} · ${accepted} ✓ ${rejected} ✗ ${pending} pending`}
        </Text>
      </Text>
    );
  }
  const c = row.candidate;
  const badges = (Object.keys(c.evidence) as SourceId[]).map((s) => SOURCE_BADGES[s]).join(' ');
  const { showLevel, showSeen, actionWidth, levelWidth } = columnsOf(width, narrow);
  // The service heading above names the service: the row shows the action's own name.
  const prefix = `${row.service}:`;
  const name = c.action.toLowerCase().startsWith(prefix) ? c.action.slice(prefix.length) : c.action;
  const count = c.totalCount + c.totalDenied;
  return (
    <Text inverse={selected} wrap="truncate-end">
      {cursor}
      {'   '}
      <Text color={color(STATUS_COLOR[row.status])} dimColor={row.status === 'pending'}>
        {STATUS_MARK[row.status]}
      </Text>{' '}
      {pad(safeLine(name), actionWidth)}{' '}
      {showLevel && <>{pad(primaryAccessLevel(c.accessLevel), levelWidth)} </>}
      {pad(badges, 8)} {String(count).padStart(6)}
      {showSeen && <> {(c.lastSeen ?? '').slice(0, 10).padEnd(10)}</>}
      <Text color={color('yellow')}> {marksOf(row, isNew)}</Text>
    </Text>
  );
});
