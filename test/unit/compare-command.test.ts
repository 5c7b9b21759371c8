import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCompare, parseFailOn, type CompareRunOptions } from '../../src/commands/compare.js';
import { inputError } from '../../src/core/errors.js';
import { readAuthorizationDetails } from '../../src/sources/iam/index.js';
import { readUnusedFindings } from '../../src/sources/access-analyzer/index.js';
import { roleRefFromArn } from '../../src/core/arn.js';
import { readLambdaFunctions, readXrayTraceFiles } from '../../src/sources/xray/index.js';
import { readPlatformNeeds } from '../../src/sources/lambda-config.js';
import type { Evidence, RoleDetail } from '../../src/core/types.js';
import { TABLE, deleteEvidence, deleteRole, ev, inline, role } from './compare-helpers.js';

const DEMO = path.resolve('demo');
const DELETE_ROLE = 'notes-app-api-prod-delete-us-east-1-lambdaRole';
const NOW = () => new Date('2026-11-21T00:00:00.000Z');

function capture() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: { write: (t: string) => (out.stdout += t) },
    stderr: { write: (t: string) => (out.stderr += t) },
  };
  return { out, io };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iam-refine-compare-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function opts(
  roles: RoleDetail[],
  evidence: (r: RoleDetail) => Promise<Evidence[]>,
  extra: Partial<CompareRunOptions> = {},
) {
  return { roles, evidenceByRole: evidence, now: NOW, ...extra } satisfies CompareRunOptions;
}

describe('compare command: the demo account', () => {
  it('reports the delete role’s dynamodb:GetItem, nothing it used, and exits 3', async () => {
    const { roles } = await readAuthorizationDetails(path.join(DEMO, 'authorization-details.json'));
    const target = roles.find((r) => r.name === DELETE_ROLE)!;
    const ref = roleRefFromArn(target.arn)!;
    const finding = await readUnusedFindings(
      [path.join(DEMO, 'access-analyzer/findings-notes-app-api-prod-delete.json')],
      {
        role: ref,
      },
    );
    const xray = await readXrayTraceFiles(
      (await readdir(path.join(DEMO, 'xray'))).map((f) => path.join(DEMO, 'xray', f)),
      { role: ref, lambdaFunctions: await readLambdaFunctions(path.join(DEMO, 'lambda-functions.json')) },
    );
    // The function's configuration and its event source mapping (the notes stream's reads).
    const platform = await readPlatformNeeds(
      {
        functions: path.join(DEMO, 'lambda-functions.json'),
        mappings: path.join(DEMO, 'event-source-mappings.json'),
      },
      ref,
    );
    const report = path.join(dir, 'excessive_permissions.json');
    const markdown = path.join(dir, 'summary.md');
    const { out, io } = capture();

    const code = await runCompare(
      opts([target], async () => [...xray, ...finding, ...platform], { report, markdown }),
      io,
    );

    expect(code).toBe(3);
    const json = JSON.parse(await readFile(report, 'utf8'));
    expect(json.excess.map((e: { action: string }) => e.action)).toEqual(['dynamodb:GetItem']);
    expect(json.excess[0].sources).toEqual(['unused-findings', 'xray']);
    // No source sees Lambda write logs, send traces or read the stream; the configuration needs them.
    expect(json.unknown).toEqual([]);
    expect(json.used.map((u: { action: string }) => u.action)).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:DeleteObject',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    expect(json.used.find((u: { action: string }) => u.action === 'xray:PutTraceSegments').reason).toBe(
      'platform need: function notes-app-api-prod-delete has TracingConfig.Mode Active',
    );
    expect(json.generatedAt).toBe('2026-11-21T00:00:00.000Z');
    expect(out.stdout).toMatch(/^unused {2}dynamodb:GetItem/m);
    expect(out.stdout).toContain('→ exit 3');
    expect(await readFile(markdown, 'utf8')).toContain('| unused | `dynamodb:GetItem` |');
    expect(out.stderr).toContain(`wrote ${report}`);
  });
});

describe('compare command: exit codes and outputs', () => {
  const clean = role(
    'clean',
    inline('p', { Effect: 'Allow', Action: 'dynamodb:DeleteItem', Resource: TABLE }),
  );
  const cleanEvidence = async () => [ev('xray', 'dynamodb:DeleteItem', { resource: TABLE })];

  it('exits 0 when nothing is excessive', async () => {
    const { out, io } = capture();
    expect(await runCompare(opts([clean], cleanEvidence), io)).toBe(0);
    expect(out.stdout).toContain('No excess grants.');
  });

  it('exits 0 with --fail-on write when the excess is read-only', async () => {
    const { io } = capture();
    expect(
      await runCompare(
        opts([deleteRole()], async () => deleteEvidence(), { failOn: 'write' }),
        io,
      ),
    ).toBe(0);
  });

  it('exits 0 when the excess is ignored', async () => {
    const { io } = capture();
    expect(
      await runCompare(
        opts([deleteRole()], async () => deleteEvidence(), { ignore: ['dynamodb:Get*'] }),
        io,
      ),
    ).toBe(0);
  });

  it('exits 1 and says why when the evidence cannot be read', async () => {
    const { out, io } = capture();
    const failing = async () => {
      throw inputError('traces.json', 'is not X-Ray output');
    };
    expect(await runCompare(opts([clean], failing), io)).toBe(1);
    expect(out.stderr).toContain('iam-refine: traces.json: is not X-Ray output (role clean)');
  });

  it('exits 1 with no role', async () => {
    const { out, io } = capture();
    expect(await runCompare(opts([], cleanEvidence), io)).toBe(1);
    expect(out.stderr).toContain('no role to compare');
  });

  it('prints the report with --json', async () => {
    const { out, io } = capture();
    await runCompare(
      opts([deleteRole()], async () => deleteEvidence(), { json: true }),
      io,
    );
    expect(JSON.parse(out.stdout).summary).toMatchObject({ excess: 1, exitCode: 3 });
  });

  it('writes into a directory when --report names one', async () => {
    const { io } = capture();
    await runCompare(
      opts([deleteRole()], async () => deleteEvidence(), { report: `${dir}/reports/` }),
      io,
    );
    expect(await readdir(path.join(dir, 'reports'))).toEqual([`${DELETE_ROLE}.json`]);
  });

  it('compares several roles: one report each, a line each, a Markdown summary, JSON as an array', async () => {
    const { out, io } = capture();
    const evidence = async (r: RoleDetail) => (r.name === 'clean' ? cleanEvidence() : deleteEvidence());
    const markdown = path.join(dir, 'summary.md');
    const code = await runCompare(
      opts([deleteRole(), clean], evidence, { report: path.join(dir, 'r'), markdown }),
      io,
    );
    expect(code).toBe(3);
    expect((await readdir(path.join(dir, 'r'))).sort()).toEqual(['clean.json', `${DELETE_ROLE}.json`]);
    expect(out.stdout).toContain(`EXCESS  ${DELETE_ROLE}: 1 excess action (1 failing grant)`);
    expect(out.stdout).toContain('1 of 2 roles have failing excess grants');
    expect(await readFile(markdown, 'utf8')).toContain('**1 of 2 roles have failing excess grants.**');

    const json = capture();
    await runCompare(opts([deleteRole(), clean], evidence, { json: true }), json.io);
    expect(JSON.parse(json.out.stdout).map((r: { roleName: string }) => r.roleName)).toEqual([
      DELETE_ROLE,
      'clean',
    ]);
  });

  it.each([
    [undefined, 'any'],
    ['any', 'any'],
    ['write', 'write'],
  ])('--fail-on %s is %s', (value, expected) => {
    expect(parseFailOn(value)).toBe(expected);
  });

  it('rejects an unknown --fail-on as a usage error', () => {
    expect(() => parseFailOn('read')).toThrow(expect.objectContaining({ kind: 'usage' }));
  });
});
