// Preview and save: the policy as it will be written (JSON + Markdown, or Terraform), the
// output path, then the write, with a yes/no for placeholders left and for overwriting.
import { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { Candidate } from '../../src/core/types.js';
import { FORMAT_LABELS, nextFormat, renderOutputSet } from '../../src/render/outputs.js';
import { checkPolicySize } from '../../src/render/json.js';
import { safeLine, stripControl } from '../../src/core/sanitize.js';
import type { SessionEvent } from '../../sessions/events.js';
import type { OutputFormat, Session } from '../../sessions/schema.js';
import { CONFIRM_KEYS, SAVE_COVERED_KEYS, SAVE_KEYS, VALUE_KEYS } from '../keys.js';
import { uncoveredItems } from '../review/uncovered.js';
import { UncoveredList } from '../widgets/UncoveredList.js';
import { useKeys } from '../hooks/keyLayers.js';
import { mergedRationale, orphanedComments, sessionModel } from '../review/model.js';
import { existingFiles, withFormat, writeOutputs, type Written } from '../save.js';
import type { Engine } from '../engine.js';
import { useProof } from '../hooks/useProof.js';
import { proofSummary } from '../review/proof.js';
import { useColor } from '../theme.js';
import { useTextField } from '../hooks/useTextField.js';
import { TextField } from '../widgets/TextField.js';
import type { UnverifiedShare } from '../../src/core/unverified.js';
import { unverifiedHeadline } from '../../src/render/unverified.js';
import { changeHeadline } from '../../src/render/change.js';
import { count } from '../plural.js';
import { outputTarget } from '../review/output-target.js';
import { OutputPathNote, outputNoteLines } from '../widgets/OutputPathNote.js';
import { cutMiddle } from './roles.js';
import { wrapText } from '../widgets/KeyHelp.js';

export interface PreviewScreenProps {
  session: Session;
  candidates: Candidate[];
  /** Per service, the unseen actions only `*` grants (listed in the outputs). */
  shares?: UnverifiedShare[];
  dispatch: (e: SessionEvent) => void;
  /** The path when the session has none yet (preferences, role name). */
  defaultPath: (format: OutputFormat) => string;
  onSaved: (written: Written[], format: OutputFormat) => void;
  width: number;
  height: number;
  /** For the AWS checks, when it can run them. */
  engine?: Engine;
}

type Confirm = { kind: 'placeholders' | 'overwrite'; question: string };

export function PreviewScreen(props: PreviewScreenProps) {
  const { session, candidates, dispatch } = props;
  const color = useColor();
  const format = session.output.format;
  // A default path taken by an earlier file moves to a free name, said up front (OutputPathNote).
  const chosenPath = session.output.path;
  const roleName = session.role?.name;
  const defaultPath = props.defaultPath(format);
  const target = useMemo(
    () => outputTarget(chosenPath, defaultPath, format, undefined, roleName),
    [chosenPath, defaultPath, format, roleName],
  );
  const outPath = target.path;
  const { shares } = props;
  const model = useMemo(() => sessionModel(session, candidates, { shares }), [session, candidates, shares]);
  const unverified = unverifiedHeadline(model.unverified);
  const change = changeHeadline(model.change);
  const proof = useProof(model, session.evidence, session.roleDetail, props.engine);
  const { files, notes } = useMemo(
    () => renderOutputSet(proof.proved, format, outPath),
    [proof.proved, format, outPath],
  );
  const uncovered = useMemo(() => uncoveredItems(proof.replay), [proof.replay]);
  const summary = useMemo(
    () => proofSummary(proof.replay, model, proof.online, proof.canCheck, uncovered.length),
    [proof.replay, model, proof.online, proof.canCheck, uncovered.length],
  );
  const left = [...new Set(model.statements.flatMap((s) => s.placeholders))];
  const size = checkPolicySize(model);
  const orphans = orphanedComments(session);
  const merged = mergedRationale(model);
  const [scroll, setScroll] = useState(0);
  const [editPath, setEditPath] = useState(false);
  const pathField = useTextField();
  const [confirm, setConfirm] = useState<Confirm>();
  const [written, setWritten] = useState<Written[]>();
  const [error, setError] = useState<string>();
  const [listOpen, setListOpen] = useState(false);

  // Every file it will write, one after the other (a split policy has several).
  const lines = useMemo(
    () =>
      files.flatMap((f) => [
        ...(files.length > 1 ? [`── ${f.path} ──`] : []),
        ...stripControl(f.content).split('\n'),
      ]),
    [files],
  );
  // Title, path, size and the box's borders, then each line shown only when it has something to say,
  // word-wrapped as Ink wraps them: a line longer than the width takes two rows or more.
  const rows = (text: string) => wrapText(text, Math.max(20, props.width)).length;
  const leftLine = `placeholders left: ${safeLine(left.join(' '))} (p fills them)`;
  const shown =
    (change ? 1 : 0) +
    (unverified ? 1 : 0) +
    (merged.length ? 1 : 0) +
    (orphans.length ? 1 : 0) +
    (written ? 0 : (outputNoteLines(target) ?? []).reduce((n, l) => n + rows(l), 0)) +
    notes.length +
    (left.length ? rows(leftLine) : 0) +
    (confirm ? rows(`${confirm.question} (y/n)`) : 0) +
    (error ? rows(error) : 0) +
    (written ?? []).reduce(
      (n, w) => n + rows(`wrote ${w.path} (${w.bytes.toLocaleString('en-US')} bytes)`),
      0,
    );
  const previewHeight = Math.max(3, props.height - 5 - summary.length - shown);
  const maxScroll = Math.max(0, lines.length - previewHeight);

  const save = (past: Set<Confirm['kind']>) => {
    if (model.statements.length === 0) return setError('No action is accepted, so there is nothing to save.');
    if (left.length && !past.has('placeholders')) {
      return setConfirm({
        kind: 'placeholders',
        question: `${left.length} placeholder(s) left (${left.join(', ')}). Save anyway?`,
      });
    }
    const existing = existingFiles(files);
    if (existing.length && !past.has('overwrite')) {
      return setConfirm({ kind: 'overwrite', question: `Overwrite ${existing.join(', ')}?` });
    }
    try {
      const w = writeOutputs(files);
      setWritten(w);
      setError(undefined);
      props.onSaved(w, format);
    } catch (e) {
      setError(`Could not write: ${(e as Error).message}`);
    }
  };
  const [confirmed, setConfirmed] = useState<Set<Confirm['kind']>>(new Set());

  useKeys({
    id: 'preview',
    title: 'Preview and save',
    // `u` only while there is something to list (the replay headline hints it then too).
    table: uncovered.length ? SAVE_KEYS : SAVE_COVERED_KEYS,
    active: !editPath && !confirm && !listOpen,
    onAction(action) {
      setWritten(undefined);
      setError(undefined);
      if (action === 'format') {
        const next = nextFormat(format);
        dispatch({
          type: 'setOutput',
          format: next,
          path: session.output.path && withFormat(session.output.path, next),
        });
        setScroll(0);
      } else if (action === 'placeholders') {
        dispatch({ type: 'setScreen', screen: 'placeholders' });
      } else if (action === 'path') {
        pathField.set(outPath);
        setEditPath(true);
      } else if (action === 'save') {
        setConfirmed(new Set());
        save(new Set());
      } else if (action === 'uncovered') {
        setListOpen(true);
      } else if (action === 'check') {
        if (!proof.check())
          setError(
            'This preview is offline, so nothing runs: the AWS checks need live credentials. Start with --profile (or AWS_PROFILE) instead of files to run them.',
          );
      } else {
        const step = { scrollUp: -1, scrollDown: 1, pageUp: -previewHeight, pageDown: previewHeight }[action];
        setScroll(Math.max(0, Math.min(maxScroll, scroll + step)));
      }
    },
  });
  useKeys({
    id: 'confirm',
    title: 'Confirm',
    table: CONFIRM_KEYS,
    level: 'modal',
    modal: true,
    active: Boolean(confirm),
    onAction(action) {
      const kind = confirm?.kind;
      setConfirm(undefined);
      if (action === 'yes' && kind) {
        const next = new Set(confirmed).add(kind);
        setConfirmed(next);
        save(next);
      } else setError(kind === 'overwrite' ? 'Not saved: the files are left as they are.' : 'Not saved.');
    },
  });
  useKeys({
    id: 'output-path',
    title: 'Output path',
    table: VALUE_KEYS,
    level: 'modal',
    modal: true,
    active: editPath,
    onAction(action) {
      if (action === 'next') return; // no suggestions for a path
      setEditPath(false);
      if (action === 'submit' && pathField.value.trim())
        dispatch({ type: 'setOutput', path: pathField.value.trim() });
    },
    onText: pathField.onText,
  });

  const title = (
    <Text bold wrap="truncate-end">
      Preview · {FORMAT_LABELS[format]} · {count(model.statements.length, 'statement')}
    </Text>
  );
  const replayLine = summary[0] && (
    <Text color={color(summary[0].tone)} wrap="truncate-end">
      {summary[0].text}
    </Text>
  );
  if (listOpen)
    return (
      <Box flexDirection="column">
        {title}
        {replayLine}
        <UncoveredList
          items={uncovered}
          height={props.height - 5}
          width={props.width - 4}
          onClose={() => setListOpen(false)}
        />
      </Box>
    );

  return (
    <Box flexDirection="column">
      {title}
      <Box>
        <Box marginRight={1} flexShrink={0}>
          <Text>path:</Text>
        </Box>
        {editPath ? (
          <TextField field={pathField} />
        ) : (
          <Text wrap="truncate-end">
            {cutMiddle(safeLine(files.map((f) => f.path).join(' + ')), Math.max(20, props.width - 6))}
          </Text>
        )}
      </Box>
      {/* Right after a save the files there are the ones just written: nothing to warn of. */}
      {!written && <OutputPathNote target={target} />}
      <Text color={color(size.over ? 'red' : 'gray')} dimColor={!size.over}>
        {size.size.toLocaleString('en-US')} of {size.limit.toLocaleString('en-US')} characters (managed
        policy)
      </Text>
      {summary.map((l) => (
        <Text key={`proof-${l.text}`} color={color(l.tone)} wrap="truncate-end">
          {l.text}
        </Text>
      ))}
      {notes.map((n) => (
        <Text key={n} color={color('yellow')} wrap="truncate-end">
          {n}
        </Text>
      ))}
      {change && <Text wrap="truncate-end">{change} (listed in the saved files)</Text>}
      {unverified && (
        <Text color={color('yellow')} wrap="truncate-end">
          {unverified}
        </Text>
      )}
      {left.length > 0 && <Text color={color('yellow')}>{leftLine}</Text>}
      {orphans.length > 0 && (
        <Text color={color('yellow')} wrap="truncate-end">
          rationale from an older session for {safeLine(orphans.join(', '))} matches no statement: kept in the
          session and the Markdown (sessions show prints it); c in the review writes a statement&apos;s
          rationale
        </Text>
      )}
      {merged.length > 0 && (
        <Text color={color('yellow')} wrap="truncate-end">
          rationale merged from{' '}
          {merged.map((s) => `${s.rationaleMerged} notes in ${safeLine(s.sid)}`).join(', ')} (its actions were
          regrouped): c in the review rewrites it as one
        </Text>
      )}
      <Box
        flexDirection="column"
        borderStyle="single"
        paddingX={1}
        height={previewHeight + 2}
        overflowY="hidden"
      >
        {lines.slice(scroll, scroll + previewHeight).map((l, i) => (
          <Text key={scroll + i} wrap="truncate-end">
            {l || ' '}
          </Text>
        ))}
      </Box>
      {confirm && (
        <Text color={color('yellow')} bold>
          {safeLine(confirm.question)} (y/n)
        </Text>
      )}
      {error && <Text color={color('red')}>{safeLine(error)}</Text>}
      {written?.map((w) => (
        <Text key={w.path} color={color('green')}>
          wrote {safeLine(w.path)} ({w.bytes.toLocaleString('en-US')} bytes)
        </Text>
      ))}
    </Box>
  );
}
