// `iam-refine record` with a real CSM producer: a botocore script (the SDK boto3 and the
// AWS CLI use) calls the fake AWS with client-side monitoring on; the recording, and the
// policy `scan --csm-events` writes from it, are checked against what the script called.
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliProcess as run, fakeAwsCliEnv } from '../helpers/cli-process.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DEPLOYER, notesAppScenario } from './notes-app/index.js';
import { startFakeAws, type FakeAws } from './server.js';

const SECRET_TOKEN = 'SESSIONTOKEN-MUST-NOT-BE-WRITTEN';
const hasBotocore = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;

let fake: FakeAws | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A free UDP port on the loopback address. */
function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createSocket('udp4');
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

const SCRIPT = `
import sys, botocore.session
s = botocore.session.get_session()
sts = s.create_client('sts', region_name='us-east-1')
sts.get_caller_identity()
iam = s.create_client('iam', region_name='us-east-1')
iam.list_roles()
for _ in range(3):
    iam.get_role(RoleName='${DEPLOYER}')
lam = s.create_client('lambda', region_name='us-east-1')
try:
    lam.list_functions()
except Exception as e:
    print('denied as expected:', type(e).__name__)
sys.exit(7)
`;

describe.runIf(hasBotocore)('iam-refine record with botocore as the CSM producer', () => {
  it('records every call, keeps the exit code, and scan turns the recording into a policy', async () => {
    fake = await startFakeAws(notesAppScenario());
    fake.faults.add({ action: 'lambda:ListFunctions', kind: 'access-denied' });
    const dir = mkdtempSync(join(tmpdir(), 'iam-refine-record-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'calls.py'), SCRIPT);
    const env = { ...fakeAwsCliEnv(fake, dir), AWS_SESSION_TOKEN: SECRET_TOKEN };
    const port = await freePort();

    const rec = await run(
      ['record', '--port', String(port), '--out', 'rec.json', '--', 'python3', 'calls.py'],
      env,
      dir,
    );
    expect(rec.stdout).toContain('denied as expected');
    expect(rec.code).toBe(7); // the command's own exit code
    expect(rec.stderr).toMatch(/record: 6 SDK calls \(4 distinct\)/);
    const text = readFileSync(join(dir, 'rec.json'), 'utf8');
    expect(text).not.toContain(SECRET_TOKEN);
    expect(text).not.toContain('fake-secret-for-loopback-tests');
    const recording = JSON.parse(text) as {
      exitCode: number;
      calls: { service: string; api: string; count: number; exception?: string; accessKeyId?: string }[];
    };
    expect(recording.exitCode).toBe(7);
    const calls = recording.calls.map(
      (c) => `${c.service}.${c.api}:${c.count}${c.exception ? `:${c.exception}` : ''}`,
    );
    expect(calls.sort()).toEqual([
      'IAM.GetRole:3',
      'IAM.ListRoles:1',
      'Lambda.ListFunctions:1:AccessDeniedException',
      'STS.GetCallerIdentity:1',
    ]);
    expect(new Set(recording.calls.map((c) => c.accessKeyId))).toEqual(new Set(['AKIAFAKEFORTESTS0000']));
    // What the fake saw is what was recorded.
    expect(fake.calls.filter((c) => c.service !== 'sts').length).toBe(5);

    const scan = await run(
      [
        'scan',
        '--csm-events',
        'rec.json',
        '--role',
        'arn:aws:iam::123456789012:role/recorded',
        '--format',
        'json',
      ],
      env,
      dir,
    );
    expect(scan.code).toBe(0);
    const policy = JSON.parse(scan.stdout) as { Statement: { Action: string[]; Resource: string[] }[] };
    const actions = policy.Statement.flatMap((s) => s.Action).sort();
    expect(actions).toEqual(['iam:GetRole', 'iam:ListRoles']);
    // CSM names no resource: the role's ARN is a template to fill.
    expect(JSON.stringify(policy)).toContain('arn:aws:iam::123456789012:role/${RoleNameWithPath}');
    expect(scan.stderr).toMatch(/denied-only/);

    const busy = createSocket('udp4');
    await new Promise<void>((r) => busy.bind(port, '127.0.0.1', () => r()));
    try {
      const taken = await run(['record', '--port', String(port), '--', 'true'], env, dir);
      expect(taken.code).toBe(2);
      expect(taken.stderr).toMatch(/UDP port \d+ on 127.0.0.1 is in use/);
    } finally {
      busy.close();
    }
  }, 60_000);
});
