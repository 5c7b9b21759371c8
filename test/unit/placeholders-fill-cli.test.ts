// `--fill` through the real command line (issue 13): per ARN and everywhere on scan's demo
// deployer, `--fill-suggested`, the replay's flag on a wrong stack id, and export's fills.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSessionFile } from '../../sessions/store.js';
import { sessionReview } from '../../sessions/summary.js';
import { acceptsAutomatically } from '../../src/core/auto-accept.js';
import { defaultResourceChoices } from '../../src/core/generalize.js';
import { runCli } from '../helpers/cli.js';
import { demoEvidence } from '../components/support.js';
import { demoSession, tempDir } from './session-test-data.js';

const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/';
const PR42_ID = '0b7c1d90-c2f4-11f0-a1c3-12f9e4d6a8b3';
const PROD_ID = '6f0e2a30-b87c-11f0-9d41-0e8a3c5f7b21';
const scan = (...extra: string[]) =>
  runCli(['scan', '--demo', '--role', 'serverless-deployer', '--format', 'json', ...extra]);

describe('scan --fill', () => {
  it('the warning names each ARN with the values seen there and the flag that fills it', async () => {
    const r = await scan();
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `\${Id} in stack/notes-app-api-pr42/\${Id}: seen ${PR42_ID} (--fill 'Id@stack/notes-app-api-pr42/\${Id}=${PR42_ID}', or --fill-suggested)`,
    );
    expect(r.stderr).toContain(
      `\${StackName} in stack/\${StackName}/\${Id}: seen notes-app-api-pr42, notes-app-api-prod`,
    );
    // Nothing is filled from a guess unless asked.
    expect(r.stdout).toContain(`${STACK}notes-app-api-pr42/\${Id}`);
  });

  it('fills one ARN with its own value and the rest with the value everywhere', async () => {
    const r = await scan(
      `--fill=Id@stack/notes-app-api-pr42/\${Id}=${PR42_ID}`,
      `--fill=Id=${PROD_ID}`,
      '--fill',
      'StackName=notes-app-api-prod',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${STACK}notes-app-api-pr42/${PR42_ID}`);
    expect(r.stdout).toContain(`${STACK}notes-app-api-prod/${PROD_ID}`);
    expect(r.stdout).not.toContain(`${STACK}notes-app-api-pr42/${PROD_ID}`);
    expect(r.stdout).not.toContain('${Id}');
    expect(r.stderr).not.toContain('FILLED ARN');
  });

  it('the same id everywhere (the old bug) is flagged by the replay: the records named other stacks', async () => {
    const r = await scan(`--fill=Id=${PROD_ID}`, '--fill=StackName=notes-app-api-prod');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${STACK}notes-app-api-pr42/${PROD_ID}`);
    expect(r.stderr).toMatch(/^replay: .*1 FILLED ARN matches no resource the records named$/m);
    expect(r.stderr).toContain(
      `${STACK}notes-app-api-pr42/${PROD_ID}: filled ARN matches none of the 2 observed stacks`,
    );
  });

  it('--fill-suggested takes each ARN`s one observed value, says so, and leaves the ambiguous ones', async () => {
    const r = await scan('--fill-suggested', '--strict');
    expect(r.stdout).toContain(`${STACK}notes-app-api-pr42/${PR42_ID}`);
    expect(r.stdout).toContain(`${STACK}notes-app-api-prod/${PROD_ID}`);
    expect(r.stderr).toContain(
      `filled from the observed ARNs (--fill-suggested): \${Id} in stack/notes-app-api-pr42/\${Id} = ${PR42_ID}`,
    );
    // stack/${StackName}/${Id}: two stacks fit, so it stays open, and --strict says so.
    expect(r.stdout).toContain(`${STACK}\${StackName}/\${Id}`);
    expect(r.code).toBe(1);
  });

  it('a --fill that names no placeholder is a usage error with the ones left', async () => {
    const r = await scan('--fill', 'Id@stack/other/${Id}=x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no ARN of the policy holds ${Id} as stack/other/${Id}');
    expect(r.stderr).toContain('${Id} is in: stack/${StackName}/${Id}, stack/notes-app-api-pr42/${Id}');
    expect(r.stdout).toBe('');
  });
});

describe('export --fill', () => {
  it('fills over the session without changing it; the refusal lists each ARN', async () => {
    const dir = tempDir();
    writeSessionFile(
      dir,
      demoSession({
        id: 'aaaa000001',
        decisions: { 'dynamodb:DeleteItem': 'accepted', 's3:DeleteObject': 'accepted' },
      }),
    );
    const refused = await runCli(['export', 'aaaa', '--format', 'json', '--sessions-dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('${UserId} in notes-app-attachments-prod/private/${UserId}/*');
    const r = await runCli([
      'export',
      'aaaa',
      '--format',
      'json',
      '--fill',
      'UserId=${aws:userid}',
      '--sessions-dir',
      dir,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('arn:aws:s3:::notes-app-attachments-prod/private/${aws:userid}/*');
    const again = await runCli(['export', 'aaaa', '--format', 'json', '--sessions-dir', dir]);
    expect(again.code).toBe(1);
  });
});

describe('export: the proof a TUI save writes', () => {
  it('replays the session`s evidence and flags the same stack id filled everywhere', async () => {
    const demo = await demoEvidence('serverless-deployer');
    const ids = [...new Set(demo.evidence.map((e) => e.source))];
    const base = demoSession({
      id: 'dddd000001',
      role: demo.role,
      roleDetail: demo.detail,
      evidence: demo.evidence,
      sources: ids.map((id) => ({ id, label: id, settings: {}, state: 'done' as const })),
    });
    // Accepted as scan accepts, resources generalized as scan does; then `${Id}` once, everywhere.
    const { candidates } = sessionReview(base);
    const decisions = Object.fromEntries(
      candidates.filter(acceptsAutomatically).map((c) => [c.action, 'accepted' as const]),
    );
    const choices = defaultResourceChoices(candidates, new Set(Object.keys(decisions))).choices;
    const dir = tempDir();
    writeSessionFile(dir, {
      ...base,
      decisions,
      resourceChoices: choices,
      fills: { Id: PROD_ID, StackName: 'notes-app-api-prod' },
    });
    const out = join(tempDir(), 'deployer.json');
    const r = await runCli(['export', 'dddd', '--format', 'json', '--out', out, '--sessions-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^replay: allows \d+ of \d+ observed calls .*1 FILLED ARN matches no resource/m);
    expect(r.stderr).toContain(
      `${STACK}notes-app-api-pr42/${PROD_ID}: filled ARN matches none of the 2 observed stacks`,
    );
    const doc = readFileSync(out.replace(/\.json$/, '.md'), 'utf8');
    expect(doc).toMatch(/^## Proof$/m);
    expect(doc).toMatch(/^- Replay of the observed calls \(local evaluator\): allows \d+ of \d+/m);
    expect(doc).toContain('- Filled placeholders the records contradict (check the value):');
    expect(doc).toContain(`\`${STACK}notes-app-api-pr42/${PROD_ID}\` matches none of the 2 observed stacks`);
    expect(doc).toContain('- AWS checks: not run (offline;');
    // The Terraform header carries the same replay line.
    const tf = await runCli(['export', 'dddd', '--format', 'terraform', '--sessions-dir', dir]);
    expect(tf.stdout).toMatch(/^# Replay \(local evaluator\): allows \d+ of .*1 FILLED ARN/m);
  });
});
