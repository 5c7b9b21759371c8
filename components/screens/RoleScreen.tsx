// Role: type to filter the list, arrows to move, Enter to choose; a pasted ARN works too.
import { useState } from 'react';
import { Box, Text } from 'ink';
import type { RoleDetail, RoleRef } from '../../src/core/types.js';
import { roleRefFromArn } from '../../src/core/arn.js';
import { safeLine } from '../../src/core/sanitize.js';
import { ROLE_KEYS } from '../keys.js';
import { useKeys } from '../hooks/keyLayers.js';
import { fitList, isListMove, LIST_START, moveList } from '../hooks/listState.js';
import { WindowedList } from '../widgets/WindowedList.js';
import { TextField } from '../widgets/TextField.js';
import { useTextField } from '../hooks/useTextField.js';
import { useColor } from '../theme.js';
import { cutMiddle, filterRoles, lastUsedText, pastedArn, policyCount } from './roles.js';

export interface RoleScreenProps {
  roles: RoleDetail[] | undefined;
  loadError?: string;
  /** Role ARNs with an unfinished session (marked; choosing one offers to resume it). */
  inProgress?: ReadonlySet<string>;
  height: number;
  width: number;
  onChoose: (role: RoleRef, detail?: RoleDetail) => void;
  onHelp: () => void;
  /** False while a chooser covers it: the filter typed so far is kept for its return. */
  active?: boolean;
  /** Back from a role's resume chooser (--role opens it before the list): the cursor goes there. */
  select?: { arn: string };
}

export function RoleScreen(props: RoleScreenProps) {
  const color = useColor();
  const field = useTextField();
  const filter = field.value;
  const [list, setList] = useState(LIST_START);
  const roles = props.roles ?? [];
  const shown = filterRoles(roles, filter);
  const pasted = pastedArn(filter);
  // Roles with an unfinished session get a ● and a line saying what it means.
  const marks = Boolean(props.inProgress?.size);
  const listHeight = Math.max(3, props.height - 5 - (marks ? 1 : 0));
  const view = fitList(list, shown.length, listHeight);
  // Once per `select`, as soon as the roles are there (they may load after the chooser's esc).
  const [placed, setPlaced] = useState<{ arn: string }>();
  if (props.select && props.select !== placed && props.roles) {
    setPlaced(props.select);
    const at = shown.findIndex((r) => r.arn === props.select?.arn);
    if (at >= 0) setList(fitList({ cursor: at, offset: view.offset }, shown.length, listHeight));
  }

  useKeys({
    id: 'role',
    title: 'Role',
    table: ROLE_KEYS,
    modal: true,
    active: props.active ?? true,
    onAction(action) {
      if (action === 'help') props.onHelp();
      else if (action === 'clear') {
        field.set('');
        setList(LIST_START);
      } else if (isListMove(action)) setList(moveList(view, action, shown.length, listHeight));
      else if (action === 'choose') {
        if (pasted && 'role' in pasted) {
          props.onChoose(
            pasted.role,
            roles.find((r) => r.arn === pasted.role.arn),
          );
          return;
        }
        const picked = shown[view.cursor];
        if (!pasted && picked) props.onChoose(roleRefFromArn(picked.arn) ?? refOf(picked), picked);
      }
    },
    onText(input, key) {
      if (field.onText(input, key)) setList(LIST_START);
    },
  });

  const nameWidth = Math.max(20, Math.min(64, props.width - 36 - (marks ? 2 : 0)));
  return (
    <Box flexDirection="column">
      <Text bold>Choose a role</Text>
      <Box>
        <Box marginRight={1} flexShrink={0}>
          <Text>filter or paste an ARN:</Text>
        </Box>
        <TextField field={field} placeholder="type to filter" />
      </Box>
      {pasted && 'error' in pasted && <Text color={color('red')}>{pasted.error}</Text>}
      {pasted && 'role' in pasted && <Text>enter uses {safeLine(pasted.role.arn)}</Text>}
      {!pasted && props.roles === undefined && !props.loadError && <Text dimColor>loading roles…</Text>}
      {props.loadError && <Text color={color('red')}>{safeLine(props.loadError)}</Text>}
      {!pasted && props.roles !== undefined && (
        <>
          <Text dimColor>
            {marks ? '    ' : '  '}
            {'role'.padEnd(nameWidth)} {'last used'.padEnd(10)} policies · {shown.length} of {roles.length}
          </Text>
          <WindowedList
            items={shown}
            state={view}
            height={listHeight}
            rowKey={(r) => r.arn}
            empty={roles.length ? 'no role matches the filter' : 'no roles in the sources: paste a role ARN'}
            renderRow={(r, _i, selected) => (
              <Text inverse={selected} wrap="truncate-end">
                {selected ? '› ' : '  '}
                {marks ? (props.inProgress?.has(r.arn) ? '● ' : '  ') : ''}
                {cutMiddle(safeLine(`${r.path}${r.name}`), nameWidth).padEnd(nameWidth)}{' '}
                {lastUsedText(r).padEnd(10)} {policyCount(r).padStart(8)}
              </Text>
            )}
          />
          {marks && <Text dimColor>● a session in progress: choosing the role offers to resume it</Text>}
        </>
      )}
    </Box>
  );
}

function refOf(r: RoleDetail): RoleRef {
  return {
    arn: r.arn,
    name: r.name,
    account: r.arn.split(':')[4] ?? '',
    partition: r.arn.split(':')[1] ?? 'aws',
  };
}
