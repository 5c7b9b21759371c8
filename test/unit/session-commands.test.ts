import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IO } from '../../src/commands/io.js';
import { runExport, type ExportOptions } from '../../src/commands/export.js';
import { landingScreen, loadSessionForResume, runResume } from '../../src/commands/resume.js';
import { runSessions, type SessionsOptions } from '../../src/commands/sessions.js';
import { SessionHandle } from '../../sessions/handle.js';
import type { Session } from '../../sessions/schema.js';
import { readSessionFile, writeSessionFile } from '../../sessions/store.js';
import type { RoleDetail } from '../../src/core/types.js';
import { DELETE_ROLE, DEMO_EVIDENCE, demoSession, ev, tempDir } from './session-test-data.js';

const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/notes';
const ROLE_DETAIL: RoleDetail = {
  arn: DELETE_ROLE.arn,
  name: DELETE_ROLE.name,
  path: '/',
  policies: [
    {
      kind: 'inline',
      name: 'notes-app-api-prod-delete-lambda',
      document: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem'], Resource: TABLE },
          {
            Effect: 'Allow',
            Action: 's3:DeleteObject',
            Resource: 'arn:aws:s3:::notes-app-attachments-prod/*',
          },
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
        ],
      },
    },
  ],
};

function fakeIO(dir: string, tty = false) {
  const out = { stdout: '', stderr: '' };
  const io: IO = {
    stdout: { write: (t: string) => (out.stdout += t), isTTY: tty },
    stderr: { write: (t: string) => (out.stderr += t), isTTY: false },
    stdinIsTTY: tty,
    env: { IAM_REFINE_SESSIONS_DIR: dir },
  };
  return { io, out };
}

function reviewed(patch: Partial<Session> = {}): Session {
  return demoSession({
    roleDetail: ROLE_DETAIL,
    sources: [{ id: 'xray', label: 'X-Ray traces', settings: {}, state: 'done' }],
    decisions: {
      'dynamodb:DeleteItem': 'accepted',
      's3:DeleteObject': 'accepted',
      'dynamodb:GetItem': 'rejected',
    },
    comments: {
      byAction: { 'dynamodb:DeleteItem': 'DELETE /notes/{id} removes the note row' },
      rationaleByAction: {},
      byStatement: {},
    },
    ...patch,
  });
}

function folder() {
  const dir = tempDir();
  writeSessionFile(
    dir,
    reviewed({ id: 'aaaa000001', name: 'delete role', updatedAt: '2026-11-21T10:00:00.000Z' }),
  );
  writeSessionFile(
    dir,
    demoSession({
      id: 'bbbb000002',
      name: 'fresh',
      role: undefined,
      window: undefined,
      evidence: [],
      ui: { screen: 'role' },
    }),
  );
  writeFileSync(join(dir, 'cccc000003.json'), '{"schemaVersion": 2, "id": ');
  return dir;
}

const sessions = async (dir: string, opts: SessionsOptions) => {
  const { io, out } = fakeIO(dir);
  const code = await runSessions({ now: new Date('2026-11-21T12:00:00.000Z'), ...opts }, io);
  return { code, ...out };
};

describe('iam-refine sessions', () => {
  it('list shows id, name, role, window, progress and update time, and names the damaged file on stderr', async () => {
    const dir = folder();
    const r = await sessions(dir, { action: 'list' });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Sessions in ${dir}:`);
    expect(lines[2]).toMatch(/^ID\s+NAME\s+ROLE\s+WINDOW\s+ACC\/REJ\/PEND\s+UPDATED$/);
    expect(lines[3]).toMatch(
      /^aaaa000001 {2}delete role {2}notes-app-api-prod-delete-us-east-1-lambdaRole {2}2026-11-13 → 2026-11-20 {2}2\/1\/\d+ +2026-11-21 10:00Z$/,
    );
    expect(lines[4]).toMatch(/^bbbb000002 {2}fresh +\(no role yet\) +0\/0\/0/);
    expect(r.stderr).toContain(`${join(dir, 'cccc000003.json')}: damaged, skipped: it is not valid JSON`);
  });

  it('list --json is machine-readable, problems included', async () => {
    const dir = folder();
    const r = await sessions(dir, { action: 'list', json: true });
    const data = JSON.parse(r.stdout) as {
      sessions: { id: string; progress: object }[];
      problems: { path: string }[];
    };
    expect(data.sessions.map((s) => s.id)).toEqual(['aaaa000001', 'bbbb000002']);
    expect(data.sessions[0]!.progress).toMatchObject({ accepted: 2, rejected: 1 });
    expect(data.problems.map((p) => p.path)).toEqual([join(dir, 'cccc000003.json')]);
  });

  it('list of an empty folder says how to start', async () => {
    const r = await sessions(tempDir(), { action: 'list' });
    expect(r.stdout).toMatch(/^No sessions in .*\nStart one with: iam-refine/);
  });

  it('show summarises; --json lists the decisions by status', async () => {
    const dir = folder();
    const text = await sessions(dir, { action: 'show', ref: 'aaaa' });
    expect(text.stdout).toContain('Session aaaa000001: delete role');
    expect(text.stdout).toMatch(/Progress +2 accepted, 1 rejected, \d+ pending/);
    expect(text.stdout).toMatch(/Left on +review/);
    const json = JSON.parse(
      (await sessions(dir, { action: 'show', ref: 'delete role', json: true })).stdout,
    ) as Record<string, unknown>;
    expect(json.accepted).toEqual(['dynamodb:DeleteItem', 's3:DeleteObject']);
    expect(json.rejected).toEqual(['dynamodb:GetItem']);
    expect(json).not.toHaveProperty('evidence'); // the records stay in the file
    expect(json.evidenceRecords).toBe(4);
  });

  it('show of the damaged file names it and its problem', async () => {
    await expect(sessions(folder(), { action: 'show', ref: 'cccc' })).rejects.toThrow(
      /cannot open this session: it is not valid JSON/,
    );
  });

  it('delete removes the file and its backup; the others stay', async () => {
    const dir = folder();
    writeSessionFile(dir, { ...reviewed({ id: 'aaaa000001' }), name: 'again' });
    const r = await sessions(dir, { action: 'delete', ref: 'aaaa000001' });
    expect(r.stdout).toBe(
      `Deleted session aaaa000001 (again):\n  ${join(dir, 'aaaa000001.json')}\n  ${join(dir, 'aaaa000001.json.bak')}\n`,
    );
    const after = JSON.parse((await sessions(dir, { action: 'list', json: true })).stdout) as {
      sessions: { id: string }[];
    };
    expect(after.sessions.map((s) => s.id)).toEqual(['bbbb000002']);
  });
});

describe('iam-refine export', () => {
  const exp = async (dir: string, opts: Omit<ExportOptions, 'ref'> & { ref?: string }) => {
    const { io, out } = fakeIO(dir);
    const code = await runExport({ ref: 'aaaa', ...opts }, io);
    return { code, ...out };
  };

  it('refuses while a placeholder is left, naming it, unless told to keep it', async () => {
    const dir = folder();
    await expect(exp(dir, { format: 'json' })).rejects.toThrow(/still has placeholders: \$\{UserId\}/);
    const r = await exp(dir, { format: 'json', allowPlaceholders: true });
    expect(r.stdout).toContain('${UserId}');
    expect(r.stderr).toMatch(/placeholders left as they are: \$\{UserId\}/);
  });

  it('writes policy JSON with its Markdown document beside it, from the decisions only', async () => {
    const dir = folder();
    writeSessionFile(
      dir,
      reviewed({
        id: 'aaaa000001',
        fills: { UserId: '*' },
        comments: {
          byAction: {
            'dynamodb:DeleteItem': 'DELETE /notes/{id} removes the note row',
            'dynamodb:GetItem': "reads go through the API's cache, never the table",
          },
          rationaleByAction: {},
          byStatement: {},
        },
      }),
    );
    const outDir = join(tempDir(), 'out');
    mkdirSync(outDir);
    const r = await exp(dir, { format: 'json', out: join(outDir, 'policy.json') });
    expect(r.code).toBe(0);
    const policy = JSON.parse(readFileSync(join(outDir, 'policy.json'), 'utf8')) as {
      Version: string;
      Statement: { Action: string | string[]; Resource: string | string[] }[];
    };
    expect(policy.Version).toBe('2012-10-17');
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:DeleteItem', 's3:DeleteObject']));
    expect(actions).not.toContain('dynamodb:GetItem');
    expect(JSON.stringify(policy)).toContain('arn:aws:s3:::notes-app-attachments-prod/private/*/*');
    expect(readFileSync(join(outDir, 'policy.md'), 'utf8')).toContain(
      'DELETE /notes/{id} removes the note row',
    );
    expect(r.stderr).toMatch(/wrote .*policy\.json\n {2}wrote .*policy\.md/);
    // The change against the current policies, with the rejected action's paper trail.
    const doc = readFileSync(join(outDir, 'policy.md'), 'utf8');
    expect(doc).toContain('## Change against the current policies');
    expect(doc).toMatch(
      /Change against the current policies: \d+ kept, \d+ removed, 0 added; 1 rejected in the review/,
    );
    expect(doc).toMatch(
      /\| `dynamodb:GetItem` \| notes-app-api-prod-delete-lambda \| Unused-access findings: reported unused.* \| reads go through the API's cache, never the table \|/,
    );
    // The runtime's log-stream creation never shows in X-Ray: unseen, and not kept by this review.
    expect(doc).toMatch(
      /## Unverified grants[\s\S]*Not kept[\s\S]*`logs:CreateLogStream`: X-Ray never holds logs:CreateLogStream/,
    );
    // The proof a TUI save writes: the session's evidence replayed offline, on stderr as scan prints it.
    expect(doc).toMatch(
      /^- Replay of the observed calls \(local evaluator\): allows \d+ of \d+ observed calls/m,
    );
    expect(doc).toContain('- AWS checks: not run (offline;');
    expect(doc).toMatch(/^- Risk flags: /m);
    expect(r.stderr).toMatch(/^replay: allows \d+ of \d+ observed calls/m);
    // An existing file needs --force.
    await expect(exp(dir, { format: 'json', out: join(outDir, 'policy.json') })).rejects.toThrow(
      /already exists/,
    );
    expect((await exp(dir, { format: 'json', out: join(outDir, 'policy.json'), force: true })).code).toBe(0);
  });

  it('lists the suggestions the review left pending in the Markdown, as scan and a TUI save do', async () => {
    const dir = folder();
    const denied = ev({ source: 'cloudtrail', action: 'sns:Publish', count: 0, denied: 2 });
    writeSessionFile(
      dir,
      reviewed({ id: 'aaaa000001', fills: { UserId: '*' }, evidence: [...DEMO_EVIDENCE, denied] }),
    );
    const out = join(tempDir(), 'policy.json');
    expect((await exp(dir, { format: 'json', out })).code).toBe(0);
    const doc = readFileSync(join(out, '..', 'policy.md'), 'utf8');
    expect(doc).toMatch(
      /## Suggested, not accepted\n[\s\S]*- `sns:Publish`: seen only as AccessDenied: CloudTrail: 0 events, 2 denied/,
    );
  });

  it('accounts for a grant no source could see, kept or not, as a TUI save does', async () => {
    const dir = folder();
    const policy = ROLE_DETAIL.policies[0]!;
    const traced: RoleDetail = {
      ...ROLE_DETAIL,
      policies: [
        {
          ...policy,
          document: {
            Statement: [
              ...(policy.document.Statement as Record<string, unknown>[]),
              { Effect: 'Allow', Action: 'xray:Put*', Resource: '*' },
            ],
          },
        },
      ],
    };
    const session = reviewed({ id: 'aaaa000001', fills: { UserId: '*' }, roleDetail: traced });
    writeSessionFile(dir, {
      ...session,
      decisions: { ...session.decisions, 'xray:PutTraceSegments': 'accepted' },
    });
    const r = await exp(dir, { format: 'terraform' });
    expect(r.stdout).toMatch(/^# Unverified, kept \(1\)/m);
    expect(r.stdout).toMatch(/^# {3}xray:PutTraceSegments: X-Ray saw no calls to X-Ray; to verify: /m);
    expect(r.stdout).toMatch(/^# Unverified, not kept \(\d+\)/m);
    expect(r.stdout).toMatch(/^# {3}xray:PutTelemetryRecords: X-Ray saw no calls to X-Ray/m);
  });

  it('defaults to the session format (terraform) with the rationale as comments', async () => {
    const dir = folder();
    writeSessionFile(dir, reviewed({ id: 'aaaa000001', fills: { UserId: '*' } }));
    const r = await exp(dir, {});
    expect(r.stdout).toContain('data "aws_iam_policy_document"');
    expect(r.stdout).toMatch(/# .*DELETE \/notes\/\{id\} removes the note row/);
    expect(r.stdout).toMatch(/^# Replay \(local evaluator\): allows \d+ of \d+ observed calls/m);
    expect(r.stdout).toMatch(/^# AWS checks: not run \(offline;/m);
  });

  it.each([
    ['cloudformation', 'AWS::IAM::ManagedPolicy', '${AWS::AccountId}'],
    ['serverless', 'statements:', '${aws:accountId}'],
    ['cdk', 'new iam.PolicyStatement({', '${account}'],
    ['terraform', 'aws_iam_policy_document', '${data.aws_caller_identity.current.account_id}'],
  ])('writes %s, with --portable references', async (format, marker, reference) => {
    const dir = folder();
    writeSessionFile(dir, reviewed({ id: 'aaaa000001', fills: { UserId: '*' } }));
    const plain = await exp(dir, { format });
    expect(plain.stdout).toContain(marker);
    expect(plain.stdout).not.toContain(reference);
    const portable = await exp(dir, { format, iac: { portable: true } });
    expect(portable.stdout).toContain(reference);
    expect(portable.stderr).toMatch(/portable: account \d{12}/);
  });

  it.each([
    ['bbbb', /has no role yet/],
    ['zzzz', /no session matches "zzzz"/],
  ])('export %s fails clearly', async (ref, message) => {
    await expect(exp(folder(), { ref })).rejects.toThrow(message);
  });

  it('nothing accepted yet is an error that says how to continue', async () => {
    const dir = tempDir();
    writeSessionFile(dir, reviewed({ id: 'dddd000004', decisions: {} }));
    await expect(exp(dir, { ref: 'dddd' })).rejects.toThrow(/no accepted actions yet/);
  });
});

describe('iam-refine resume', () => {
  it('loads the latest session on its saved screen and row, with no AWS call', async () => {
    const dir = folder();
    const h = await SessionHandle.open(dir, 'aaaa');
    h.dispatch({ type: 'select', action: 's3:DeleteObject', scroll: 2 });
    const r = await loadSessionForResume(undefined, dir, { now: new Date('2026-11-21T12:00:00.000Z') });
    expect(r.session.id).toBe('aaaa000001');
    expect(r.screen).toBe('review');
    expect(r.session.ui).toMatchObject({ selectedAction: 's3:DeleteObject', scroll: 2 });
    expect(r.regather.stale).toBe(false);
    expect(
      (await loadSessionForResume('aaaa', dir, { now: new Date('2026-12-30T00:00:00.000Z') })).regather.stale,
    ).toBe(true);
  });

  it('a gather cut short reopens on the sources screen, and the move is saved', async () => {
    const dir = tempDir();
    writeSessionFile(dir, demoSession({ id: 'eeee000005', ui: { screen: 'gathering' } }));
    expect(landingScreen(readSessionFile(join(dir, 'eeee000005.json')))).toBe('sources');
    const r = await loadSessionForResume('eeee', dir);
    expect(r.screen).toBe('sources');
    expect(readSessionFile(r.path).ui.screen).toBe('sources');
  });

  it('runResume hands the session to the TUI; without a terminal it points at export', async () => {
    const dir = folder();
    const tty = fakeIO(dir, true);
    const seen: string[] = [];
    expect(await runResume({ ref: 'delete role' }, tty.io, async (r) => (seen.push(r.session.id), 0))).toBe(
      0,
    );
    expect(seen).toEqual(['aaaa000001']);
    await expect(runResume({}, fakeIO(dir).io, async () => 0)).rejects.toThrow(/needs a terminal/);
  });
});
