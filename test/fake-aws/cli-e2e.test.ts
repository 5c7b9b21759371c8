// The CLI end to end against the fake, the way a user points it at another endpoint:
// AWS_ENDPOINT_URL and credentials in the environment, --region on the command line.
// scan runs every live source; the TUI goes from the account's roles to a saved policy.
// Needs `npm run build` (npm test does it), or IAM_REFINE_E2E_CLI=src/cli.ts to use tsx.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_ARGS, runCliProcess as run, CLI, fakeAwsCliEnv } from '../helpers/cli-process.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCESS_ROLE, DEPLOYER, notesAppScenario, roleName } from './notes-app/index.js';
import { KEY, PtyCli } from '../helpers/pty.js';
import { startFakeAws, type FakeAws } from './server.js';

let fake: FakeAws | undefined;
let term: PtyCli | undefined;
const dirs: string[] = [];
afterEach(async () => {
  term?.kill();
  term = undefined;
  await fake?.close();
  fake = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** A clean environment (no AWS_* of the developer's) pointed at the fake. */
function envFor(f: FakeAws): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...fakeAwsCliEnv(f, tempDir('iam-refine-home-')), TERM: 'xterm-256color' };
  delete env.AWS_REGION; // the region comes from --region, as in the example
  return env;
}

function scenario() {
  // Jobs finish on their first poll: the test waits on AWS's answers, not on poll timers.
  return { ...notesAppScenario(), accessAdvisorPolls: 0, policyGenerationPolls: 0 };
}

describe('the CLI against the fake AWS', () => {
  it('scan reads every live source and writes the policy', async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
    fake = await startFakeAws(scenario());
    const out = tempDir('iam-refine-scan-');
    const { code, stderr } = await run(
      [
        'scan',
        '--region',
        'us-east-1',
        '--role',
        roleName('get'),
        '--start',
        '2026-11-02',
        '--end',
        '2026-11-20',
        '--analyzer-access-role',
        `arn:aws:iam::123456789012:role/service-role/${ACCESS_ROLE}`,
        '--format',
        'json',
        '--out',
        join(out, 'policy.json'),
      ],
      envFor(fake),
      out,
    );
    expect(code, stderr).toBe(0);
    const policy = readFileSync(join(out, 'policy.json'), 'utf8');
    expect(policy).toContain('"dynamodb:GetItem"');
    expect(policy).toContain('arn:aws:dynamodb:us-east-1:123456789012:table/notes');
    const called = new Set(fake.calls.map((c) => c.action));
    for (const action of [
      'sts:GetCallerIdentity',
      'iam:ListRoles',
      'iam:GetRole',
      'lambda:ListFunctions',
      'xray:GetTraceSummaries',
      'xray:BatchGetTraces',
      'cloudtrail:DescribeTrails',
      's3:GetObject',
      'access-analyzer:StartPolicyGeneration',
      'access-analyzer:ListFindings',
      'iam:GenerateServiceLastAccessedDetails',
    ])
      expect(called, action).toContain(action);
    expect(fake.calls.every((c) => c.region === 'us-east-1' || c.service === 's3')).toBe(true);
  }, 60_000);

  it('scan reads CloudTrail through a Lake event data store when given one', async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
    const store = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
    fake = await startFakeAws({ ...scenario(), lake: { eventDataStore: store } });
    const out = tempDir('iam-refine-lake-');
    const { code, stderr } = await run(
      [
        'scan',
        '--region',
        'us-east-1',
        '--role',
        DEPLOYER,
        '--start',
        '2026-11-02',
        '--end',
        '2026-11-20',
        '--lake-event-data-store',
        `arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/${store}`,
        '--format',
        'json',
        '--out',
        join(out, 'policy.json'),
      ],
      envFor(fake),
      out,
    );
    expect(code, stderr).toBe(0);
    expect(readFileSync(join(out, 'policy.json'), 'utf8')).toContain('"cloudformation:CreateStack"');
    expect(readFileSync(join(out, 'policy.md'), 'utf8')).toContain('CloudTrail events (Lake)');
    const called = new Set(fake.calls.map((c) => c.action));
    for (const action of ['cloudtrail:StartQuery', 'cloudtrail:DescribeQuery', 'cloudtrail:GetQueryResults'])
      expect(called, action).toContain(action);
    for (const action of ['cloudtrail:LookupEvents', 'cloudtrail:DescribeTrails'])
      expect(called, action).not.toContain(action);
  }, 60_000);

  it("the TUI lists the account's roles, gathers live and saves the policy", async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
    fake = await startFakeAws(scenario());
    const cwd = tempDir('iam-refine-tui-');
    const env = envFor(fake);
    term = new PtyCli(NODE_ARGS, ['--region', 'us-east-1', '--sessions-dir', join(cwd, 'sessions')], {
      cwd,
      env,
    });
    const t = term;
    await t.see('AWS account 123456789012');
    await t.see(roleName('delete'));
    let at = t.press('prod-get');
    await t.waitFor(
      'the filtered role list',
      (f) => f.includes(roleName('get')) && !f.includes(roleName('delete')),
      at,
    );
    at = t.press(KEY.enter);
    await t.see('Time window', at);
    // From the default 7 days to 30: the fake's traces span 2026-11-02 to -20.
    at = t.press(KEY.down);
    await t.waitFor('the 30-day preset', (f) => /›\s*30d\s+last 30 days/.test(f), at);
    at = t.press(KEY.enter);
    await t.see('Sources of evidence', at);
    at = t.press(KEY.enter);
    const gathered = await t.see('Press enter to review', at);
    expect(gathered).not.toMatch(/failed/);
    at = t.press(KEY.enter);
    const review = await t.see('Review', at);
    // Rows name the action under its service's heading.
    expect(review).toMatch(/▾ dynamodb\b[^\n]*\n[^\n]*\bGetItem\b/);
    // The preview is taller than the terminal: watch what is written, not the last frame.
    at = t.press('v');
    await t.written('s save', at);
    // Proof before save: the AWS checks run against the fake on c.
    at = t.press('c');
    await t.written('Access Analyzer CheckNoNewAccess:', at);
    at = t.press('s');
    if ((await t.written(['wrote ', 'Save anyway?'], at)) !== 'wrote ') {
      at = t.press('y');
      await t.written('wrote ', at);
    }
    const written = readdirSync(cwd).filter((f) => /\.(json|tf|md)$/.test(f));
    expect(written.length).toBeGreaterThan(0);
    expect(written.map((f) => readFileSync(join(cwd, f), 'utf8')).join('\n')).toContain('dynamodb:GetItem');
    const called = new Set(fake.calls.map((c) => c.action));
    expect(called).toContain('xray:BatchGetTraces');
    expect(called).toContain('iam:SimulateCustomPolicy');
    expect(called).toContain('access-analyzer:ValidatePolicy');
    t.press('q');
    expect((await t.waitForExit()).exitCode).toBe(0);
    // The region reached AWS: the next start takes it without the flag (never credentials).
    const prefs = readFileSync(join(env.IAM_REFINE_CONFIG_DIR!, 'preferences.json'), 'utf8');
    expect(JSON.parse(prefs)).toMatchObject({ region: 'us-east-1' });
    expect(prefs).not.toMatch(/AKIA|SecretAccessKey|secret/i);
  }, 90_000);
});
