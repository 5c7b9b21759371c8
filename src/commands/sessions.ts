// `iam-refine sessions list | show ID | delete ID`: the saved reviews, read without AWS.
import { str, flag, type ParsedArgs } from '../cli-args.js';
import { usageError, UserError } from '../core/errors.js';
import { describeOwner, lockPath, readLock, staleReason } from '../../sessions/lock.js';
import { safeLine } from '../core/sanitize.js';
import { describeWindow } from '../core/window.js';
import { parseOccurrenceKey } from '../core/policy-model.js';
import { Preferences, sessionsDirFor } from '../../sessions/preferences.js';
import {
  deleteSessionFiles,
  findSession,
  matchSession,
  scanSessions,
  SESSIONS_DIR_ENV,
  type SessionProblem,
} from '../../sessions/store.js';
import {
  sessionCandidates,
  sessionProgress,
  summarizeSession,
  type SessionSummary,
} from '../../sessions/summary.js';
import type { IO } from './io.js';
import type { Session } from '../../sessions/schema.js';

export interface SessionsOptions {
  action: 'list' | 'show' | 'delete';
  /** Id, id prefix or name (show, delete). */
  ref?: string;
  json?: boolean;
  sessionsDir?: string;
  now?: Date;
}

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');
const minute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
const progressCell = (s: SessionSummary) =>
  `${s.progress.accepted}/${s.progress.rejected}/${s.progress.pending}`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function reportProblems(problems: SessionProblem[], io: IO): void {
  for (const p of problems)
    io.stderr.write(`iam-refine: ${safeLine(p.path)}: damaged, skipped: ${safeLine(p.problem)}\n`);
  if (problems.length > 0) {
    io.stderr.write(
      'These entries were left as they are; fix or delete them (iam-refine sessions delete ID).\n',
    );
  }
}

async function list(dir: string, opts: SessionsOptions, io: IO): Promise<number> {
  const now = opts.now ?? new Date();
  const { sessions, problems } = await scanSessions(dir);
  const summaries = sessions.map((e) => summarizeSession(e.session, e.path, now));
  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ dir, sessions: summaries, problems }, null, 2)}\n`);
    return 0;
  }
  if (summaries.length === 0) {
    io.stdout.write(`No sessions in ${dir}.\nStart one with: iam-refine (or iam-refine --demo)\n`);
  } else {
    const rows = summaries.map((s) => [
      s.id,
      safeLine(s.name),
      safeLine(s.roleName ?? '(no role yet)'),
      s.window ? `${day(s.window.start)} → ${day(s.window.end)}` : '',
      progressCell(s),
      minute(s.updatedAt),
    ]);
    io.stdout.write(`Sessions in ${dir}:\n\n`);
    io.stdout.write(`${table(['ID', 'NAME', 'ROLE', 'WINDOW', 'ACC/REJ/PEND', 'UPDATED'], rows)}\n`);
  }
  reportProblems(problems, io);
  return 0;
}

/** Notes on actions, statement rationales (stored on their actions) and any matching no statement. */
function commentsCell(session: Session): string {
  const notes = Object.keys(session.comments.byAction).length;
  const rationale = Object.keys(session.comments.rationaleByAction).length;
  const unattached = Object.values(session.comments.byStatement).filter((t) => t.trim()).length;
  return [
    `${notes} note${notes === 1 ? '' : 's'} on actions`,
    `rationale on ${rationale} action${rationale === 1 ? '' : 's'}`,
    ...(unattached ? [`${unattached} matching no statement (below)`] : []),
  ].join(', ');
}

async function show(dir: string, opts: SessionsOptions, io: IO): Promise<number> {
  if (!opts.ref)
    throw usageError('sessions show needs a session ID', 'Run iam-refine sessions list to see them.');
  const { session, path } = await findSession(dir, opts.ref);
  const summary = summarizeSession(session, path, opts.now ?? new Date());
  const candidates = sessionCandidates(session);
  const byStatus = (status: 'accepted' | 'rejected' | 'pending') =>
    candidates.filter((c) => (session.decisions[c.action] ?? 'pending') === status).map((c) => c.action);
  if (opts.json) {
    const out = {
      ...summary,
      schemaVersion: session.schemaVersion,
      tool: session.tool,
      sources: session.sources,
      accepted: byStatus('accepted'),
      rejected: byStatus('rejected'),
      pending: byStatus('pending'),
      resourceChoices: session.resourceChoices,
      fills: session.fills,
      ...(session.fillsByArn ? { fillsByArn: session.fillsByArn } : {}),
      comments: session.comments,
      output: session.output,
      ui: session.ui,
      lastRegather: session.lastRegather,
    };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const p = sessionProgress(session, candidates);
  const rows: [string, string][] = [
    ['File', path],
    ['Role', session.role?.arn ?? '(not chosen yet)'],
    [
      'Window',
      session.window
        ? `${describeWindow(session.window)}${session.window.preset ? ` (${session.window.preset})` : ''}`
        : '(not chosen yet)',
    ],
    ['Sources', session.sources.map((s) => `${s.label} (${s.state})`).join(', ') || '(none yet)'],
    [
      'Evidence',
      `${session.evidence.length} records${session.gatheredAt ? `, gathered ${minute(session.gatheredAt)}` : ''}`,
    ],
    [
      'Progress',
      `${p.accepted} accepted, ${p.rejected} rejected, ${p.pending} pending (of ${p.total} actions)`,
    ],
    ['Comments', commentsCell(session)],
    [
      'Fills',
      [
        ...Object.entries(session.fills).map(([k, v]) => `\${${k}} = ${v} (everywhere)`),
        ...Object.entries(session.fillsByArn ?? {}).map(([k, v]) => {
          const o = parseOccurrenceKey(k);
          return o ? `\${${o.name}} in ${o.template} = ${v}` : `${k} = ${v}`;
        }),
      ].join(', ') || '(none)',
    ],
    ['Output', `${session.output.format}${session.output.path ? ` → ${session.output.path}` : ''}`],
    [
      'Left on',
      `${session.ui.screen}${session.ui.selectedAction ? ` (row ${session.ui.selectedAction})` : ''}`,
    ],
    ['Created', minute(session.createdAt)],
    ['Updated', minute(session.updatedAt)],
    ['Tool', `${session.tool.name} ${session.tool.version}, session schema ${session.schemaVersion}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [
    `Session ${session.id}: ${safeLine(session.name)}`,
    '',
    ...rows.map(([k, v]) => `${k.padEnd(width)}  ${safeLine(v)}`),
  ];
  const unattached = Object.entries(session.comments.byStatement).filter(([, t]) => t.trim());
  if (unattached.length) {
    lines.push(
      '',
      'Rationale matching no statement (written in an older session for a statement it no longer has):',
      ...unattached.flatMap(([sid, t]) => [
        `  ${safeLine(sid)}:`,
        ...t.split(/\r\n?|\n/).map((l) => `    ${safeLine(l)}`),
      ]),
    );
  }
  if (session.lastRegather?.newActions.length) {
    lines.push('', `New since the last re-gather: ${session.lastRegather.newActions.join(', ')}`);
  }
  if (summary.regather.stale) {
    const days = Math.floor(summary.regather.ageMs / 86_400_000);
    lines.push(
      '',
      `The evidence is ${days} days old, older than its window: iam-refine resume ${session.id} offers to gather again.`,
    );
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

async function remove(dir: string, opts: SessionsOptions, io: IO): Promise<number> {
  if (!opts.ref)
    throw usageError('sessions delete needs a session ID', 'Run iam-refine sessions list to see them.');
  const match = await matchSession(dir, opts.ref);
  const lock = readLock(lockPath(dir, match.id));
  if (lock?.owner && !staleReason(lock.owner)) {
    throw new UserError(
      'session',
      `session ${match.id} is open in iam-refine (${describeOwner(lock.owner)})`,
      {
        hint: 'Quit that iam-refine first, then delete it.',
      },
    );
  }
  const removed = await deleteSessionFiles(dir, match.id);
  const name = match.entry ? ` (${safeLine(match.entry.session.name)})` : '';
  if (!opts.sessionsDir && !io.env[SESSIONS_DIR_ENV]) {
    const prefs = Preferences.open({ env: io.env });
    const recent = prefs.get().recentSessions;
    if (recent?.includes(match.id)) prefs.set({ recentSessions: recent.filter((r) => r !== match.id) });
  }
  if (opts.json) io.stdout.write(`${JSON.stringify({ deleted: match.id, files: removed })}\n`);
  else io.stdout.write(`Deleted session ${match.id}${name}:\n${removed.map((f) => `  ${f}`).join('\n')}\n`);
  return 0;
}

export async function runSessions(opts: SessionsOptions, io: IO): Promise<number> {
  const dir = sessionsDirFor({ flag: opts.sessionsDir, env: io.env });
  switch (opts.action) {
    case 'list':
      return list(dir, opts, io);
    case 'show':
      return show(dir, opts, io);
    case 'delete':
      return remove(dir, opts, io);
  }
}

/** `iam-refine sessions <list|show|delete> [ID] [--json] [--sessions-dir DIR]`. */
export function sessionsCommand(args: ParsedArgs, io: IO): Promise<number> {
  const [action = 'list', ref, ...extra] = args.positionals;
  if (action !== 'list' && action !== 'show' && action !== 'delete') {
    throw usageError(
      `unknown sessions command "${action}"`,
      'Use: iam-refine sessions list | show ID | delete ID',
    );
  }
  if (extra.length > 0 || (action === 'list' && ref !== undefined)) {
    throw usageError(
      `unexpected argument "${extra[0] ?? ref}"`,
      'Use: iam-refine sessions list | show ID | delete ID',
    );
  }
  return runSessions(
    { action, ref, json: flag(args.values, 'json'), sessionsDir: str(args.values, 'sessions-dir') },
    io,
  );
}
