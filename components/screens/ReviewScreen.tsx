// Review: the windowed list grouped by service beside the detail pane of the selected action.
// Modals (filter, rationale, note, resources) sit on top and take the keys while open.
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { Candidate } from '../../src/core/types.js';
import { safeLine } from '../../src/core/sanitize.js';
import type { SessionEvent } from '../../sessions/events.js';
import type { Session } from '../../sessions/schema.js';
import { DECIDED_KEYS, DETAIL_KEYS, FILTER_KEYS, FILTERED_KEYS, REVIEW_KEYS } from '../keys.js';
import { useKeys } from '../hooks/keyLayers.js';
import { isListMove } from '../hooks/listState.js';
import { useReview } from '../hooks/useReview.js';
import type { ServiceGroup } from '../review/rows.js';
import { detailLines } from '../review/detail.js';
import { choiceOptions, userChoseResources } from '../review/resources.js';
import { resourcesOf, statementOf } from '../review/model.js';
import { regroupNotice, statementRationale } from '../review/rationale.js';
import { reduceSession } from '../../sessions/reducer.js';
import { WindowedList } from '../widgets/WindowedList.js';
import { ReviewHeader, ReviewRow } from '../widgets/ReviewRow.js';
import { DetailPane } from '../widgets/DetailPane.js';
import { TextEditor } from '../widgets/TextEditor.js';
import { ResourceChooser } from '../widgets/ResourceChooser.js';
import { ShareChooser } from '../widgets/ShareChooser.js';
import { shareDecision } from '../../src/core/review-candidates.js';
import type { UnverifiedShare } from '../../src/core/unverified.js';
import { useColor } from '../theme.js';
import { TextField } from '../widgets/TextField.js';
import { count } from '../plural.js';

export interface ReviewScreenProps {
  session: Session;
  groups: ServiceGroup[];
  /** Per service, the unseen actions only `*` grants: K keeps a share. */
  shares?: UnverifiedShare[];
  dispatch: (e: SessionEvent) => void;
  width: number;
  height: number;
  narrow: boolean;
}

export function ReviewScreen(props: ReviewScreenProps) {
  const { session, dispatch } = props;
  const color = useColor();
  // The title line, the column headers and the list's status line.
  const listHeight = Math.max(3, props.height - 4);
  const r = useReview(session, props.groups, dispatch, listHeight);
  const pane = session.ui.pane ?? 'list';
  const candidate: Candidate | undefined = r.row?.kind === 'action' ? r.row.candidate : undefined;
  const serviceCandidates = r.group?.candidates;

  const statement = useMemo(
    () =>
      candidate && serviceCandidates ? statementOf(session, serviceCandidates, candidate.action) : undefined,
    [session, serviceCandidates, candidate],
  );
  const rationale = useMemo(
    () => (statement ? statementRationale(session, statement) : undefined),
    [session, statement],
  );
  const lines = useMemo(() => {
    if (!candidate) return [];
    return detailLines({
      candidate,
      status: session.decisions[candidate.action] ?? 'pending',
      resources: resourcesOf(session, candidate),
      chosen: session.resourceChoices[candidate.action] !== undefined,
      generalized: !userChoseResources(session, candidate),
      statementSid: statement?.sid,
      statementComment: rationale?.text,
      rationaleMerged: rationale?.texts,
      actionComment: session.comments.byAction[candidate.action],
      isNew: session.lastRegather?.newActions.includes(candidate.action),
    });
  }, [session, candidate, statement, rationale]);

  const chooser = useMemo(
    () =>
      r.modal === 'resources' && candidate
        ? choiceOptions(candidate, session.resourceChoices[candidate.action])
        : undefined,
    [r.modal, candidate, session.resourceChoices],
  );

  const fresh = useMemo(() => new Set(session.lastRegather?.newActions ?? []), [session.lastRegather]);

  const onService = r.group
    ? `c and C write on one action: move to an action of ${r.group.service} (A/R decide the whole service).`
    : 'Choose an action.';
  useKeys({
    id: 'review',
    title: 'Review',
    table: REVIEW_KEYS,
    active: !r.modal,
    onAction(action, _input, key) {
      // A message is about the key before: the next key clears it (and forgets what was decided).
      r.say(undefined);
      r.forgetDecided();
      if (isListMove(action)) return r.move(action);
      switch (action) {
        case 'accept':
          return r.decide('accepted');
        case 'reject':
          return r.decide('rejected');
        case 'toggle':
          return r.toggle();
        case 'acceptService':
          return r.decideService('accepted');
        case 'rejectService':
          return r.decideService('rejected');
        case 'dropUnverified':
          return r.dropUnverified();
        case 'keepShare':
          if (props.shares?.length) return r.setModal('shares');
          return r.say('no share to keep: nothing is granted only by * and unseen');
        case 'fold':
          return r.fold(key.leftArrow ? 'close' : key.rightArrow ? 'open' : 'toggle');
        case 'filter':
          return r.openFilter();
        case 'comment':
          if (statement) return r.setModal('comment');
          return r.say(
            candidate
              ? 'Accept the action first: a rationale belongs to a statement (C writes a note on the action).'
              : onService,
          );
        case 'actionComment':
          return candidate ? r.openNote(candidate.action) : r.say(onService);
        case 'resources':
          return candidate
            ? r.setModal('resources')
            : r.say('Choose an action: e sets the resources of one action.');
        case 'placeholders':
          return dispatch({ type: 'setScreen', screen: 'placeholders' });
        case 'preview':
          return dispatch({ type: 'setScreen', screen: 'preview' });
        case 'pane':
          return dispatch({ type: 'setPane', pane: pane === 'list' ? 'detail' : 'list' });
        case 'undo':
          return r.undo();
      }
    },
  });
  useKeys({
    id: 'review-decided',
    title: 'Just decided',
    table: DECIDED_KEYS,
    active: !r.modal && pane === 'list' && r.decided !== undefined,
    onAction: () => r.decided && r.openNote(r.decided),
  });
  useKeys({
    id: 'review-detail',
    title: 'Detail pane',
    table: DETAIL_KEYS,
    active: !r.modal && pane === 'detail',
    onAction(action) {
      if (action === 'pane') dispatch({ type: 'setPane', pane: 'list' });
      else r.setDetailScroll(Math.max(0, r.detailScroll + (action === 'scrollUp' ? -1 : 1)));
    },
  });
  useKeys({
    id: 'review-filtered',
    title: 'Filtered list',
    table: FILTERED_KEYS,
    active: !r.modal && pane === 'list' && Boolean(session.ui.filter),
    onAction: () => r.applyFilter(undefined),
  });
  useKeys({
    id: 'review-filter',
    title: 'Filter',
    table: FILTER_KEYS,
    level: 'modal',
    modal: true,
    active: r.modal === 'filter',
    onAction: (action) => r.applyFilter(action === 'apply' ? r.filterText : undefined),
    onText: (input, key) => r.filterField.onText(input, key),
  });

  const listWidth = props.narrow ? props.width : Math.floor(props.width * 0.6);
  const detailWidth = props.width - listWidth;
  const showList = !props.narrow || pane === 'list';
  const showDetail = !props.narrow || pane === 'detail';
  const modalWidth = Math.min(props.width, 100);

  return (
    <Box flexDirection="column">
      {r.modal === 'filter' ? (
        <Box>
          <Text>/ </Text>
          <TextField field={r.filterField} placeholder="s3:Get  svc:s3  src:ct  is:pending" />
        </Box>
      ) : (
        <Text wrap="truncate-end">
          <Text bold>Review</Text>
          {r.filterText ? `  filter: ${r.filterText}` : '  / to filter'}
          {r.status ? <Text color={color('yellow')}>{`  ${safeLine(r.status)}`}</Text> : null}
        </Text>
      )}
      {r.filter.errors.map((e) => (
        <Text key={e} color={color('red')}>
          {e}
        </Text>
      ))}
      {(r.modal === 'comment' || r.modal === 'note') && candidate && (
        <TextEditor
          id={`editor-${r.modal}`}
          width={modalWidth}
          title={
            r.modal === 'comment'
              ? `Rationale for statement ${statement?.sid ?? ''} (${count(statement?.actions.length ?? 0, 'action')})${
                  (rationale?.texts ?? 0) > 1
                    ? `: ${rationale?.texts} notes merged, saved as one text on all`
                    : ''
                }`
              : `Note on ${safeLine(r.noteFor ?? candidate.action)}`
          }
          initial={
            (r.modal === 'comment'
              ? rationale?.text
              : session.comments.byAction[r.noteFor ?? candidate.action]) ?? ''
          }
          onCancel={() => r.setModal(undefined)}
          onSave={(text) => {
            const onStatement = r.modal === 'comment' && statement;
            r.setModal(undefined);
            // Saved on every action the statement covers now: a merged text becomes one.
            if (onStatement)
              dispatch({ type: 'setRationale', actions: statement.actions, text, statement: statement.sid });
            else dispatch({ type: 'setComment', target: 'action', key: r.noteFor ?? candidate.action, text });
          }}
        />
      )}
      {r.modal === 'resources' && candidate && chooser && (
        <ResourceChooser
          action={candidate.action}
          width={modalWidth}
          options={chooser.options}
          current={chooser.current}
          onClose={() => r.setModal(undefined)}
          onChoose={(resources) => {
            r.setModal(undefined);
            const event: SessionEvent = { type: 'chooseResources', action: candidate.action, resources };
            dispatch(event);
            // Rationales follow their actions: say where this one went, or what now shares a statement.
            const notice =
              serviceCandidates &&
              regroupNotice(session, reduceSession(session, event), serviceCandidates, candidate.action);
            if (notice) r.say(notice);
          }}
        />
      )}
      {r.modal === 'shares' && props.shares && (
        <ShareChooser
          shares={props.shares}
          decisions={session.decisions}
          width={modalWidth}
          height={listHeight}
          onClose={() => r.setModal(undefined)}
          onChoose={(share) => {
            const { actions, decision } = shareDecision(share, session.decisions);
            const verb = decision === 'accepted' ? 'keep' : 'drop';
            dispatch({ type: 'decideMany', actions, decision, label: `${verb} the ${share.service} share` });
            r.say(
              `${verb === 'keep' ? 'kept' : 'dropped'} ${actions.length} ${share.service} actions only * grants`,
            );
          }}
        />
      )}
      {(!r.modal || r.modal === 'filter') && (
        <Box>
          {showList && (
            <Box width={listWidth} flexDirection="column">
              <ReviewHeader width={listWidth} narrow={props.narrow} />
              <WindowedList
                items={r.rows}
                state={r.view}
                height={listHeight}
                focused
                rowKey={(row) => row.key}
                empty={r.filterText ? 'no action matches the filter' : 'no actions gathered'}
                renderRow={(row, _i, selected) => (
                  <ReviewRow
                    row={row}
                    selected={selected}
                    width={listWidth}
                    narrow={props.narrow}
                    isNew={row.kind === 'action' && fresh.has(row.candidate.action)}
                  />
                )}
              />
            </Box>
          )}
          {showDetail && (
            <DetailPane
              lines={
                lines.length
                  ? lines
                  : [
                      {
                        text: r.row ? 'a service: enter folds it, A/R decide all of it' : '',
                        tone: 'dim',
                        indent: 0,
                      },
                    ]
              }
              scroll={r.detailScroll}
              height={listHeight + 2}
              width={props.narrow ? props.width : detailWidth}
              focused={pane === 'detail'}
            />
          )}
        </Box>
      )}
    </Box>
  );
}
