import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const hcl = require('hcl2-parser') as { parseToObject(text: string): [unknown, unknown] };
const DELETE_ROLE = 'notes-app-api-prod-delete-us-east-1-lambdaRole';

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'scan-cli-'));
}

/** scan arguments over a copy of the demo without lambda-functions.json (traces picked by service name). */
function noLambdaDemo(): string[] {
  const dir = path.join(tmp(), 'account');
  cpSync(path.join(process.cwd(), 'demo'), dir, { recursive: true });
  rmSync(path.join(dir, 'lambda-functions.json'));
  return ['scan', '--from', dir, '--role', DELETE_ROLE, '--xray-service', 'notes-app-api-prod-delete'];
}

describe('iam-refine scan on the demo', () => {
  it('writes Terraform that parses as HCL2 and holds only what the delete function used', async () => {
    const r = await runCli(['scan', '--demo', '--role', DELETE_ROLE, '--format', 'terraform']);
    expect(r.code).toBe(0);
    const [parsed, err] = hcl.parseToObject(r.stdout);
    expect(err).toBeNull();
    expect(JSON.stringify(parsed)).toContain('dynamodb:DeleteItem');
    expect(r.stdout).toContain('s3:DeleteObject');
    // Granted, never used: no statement holds it (the change comment lists it as removed).
    expect(JSON.stringify(parsed)).not.toContain('dynamodb:GetItem');
    expect(r.stdout).toContain('logs:CreateLogStream'); // CloudTrail saw Lambda create log streams with the role
    // The function's configuration (lambda-functions.json) gives its logging and tracing needs.
    expect(r.stderr).toContain('11 actions accepted');
    // Its event source mapping (event-source-mappings.json) gives the reads of the notes table's stream.
    expect(r.stdout).toMatch(
      /# Evidence: Platform: event source mapping 5d3c1a8e-\S+ makes Lambda read arn:aws:dynamodb:us-east-1:123456789012:table\/notes\/stream\/\S+ for notes-app-api-prod-delete \(Enabled\)\n {2}statement \{\n {4}sid += "DynamodbReadNotes\w+Stream"/,
    );
    expect(r.stdout).toMatch(
      /# Evidence: Platform: function notes-app-api-prod-delete has TracingConfig.Mode Active\n {2}statement \{\n {4}sid += "XrayWrite"/,
    );
    expect(r.stdout).toContain(
      'logs:CreateLogGroup (platform need: function notes-app-api-prod-delete writes its logs to /aws/lambda/notes-app-api-prod-delete (LoggingConfig.LogGroup))',
    );
  });

  it.each(['create', 'get', 'list', 'update', 'delete'])(
    'notes-app-api-prod-%s: the policy keeps the function logging and tracing, with their evidence',
    async (fn) => {
      const r = await runCli(['scan', '--demo', '--role', `notes-app-api-prod-${fn}-us-east-1-lambdaRole`]);
      expect(r.code).toBe(0);
      const policy = JSON.parse(r.stdout) as { Statement: { Action: string[] }[] };
      expect(policy.Statement.flatMap((s) => s.Action)).toEqual(
        expect.arrayContaining([
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'xray:PutTraceSegments',
          'xray:PutTelemetryRecords',
        ]),
      );
    },
  );

  it('keeps what the policy grants deliberately and no source could see, with why; --drop-unverified drops it', async () => {
    // The demo without the function configurations: nothing says the runtime writes logs and traces.
    const from = noLambdaDemo();
    const dir = tmp();
    const out = path.join(dir, 'policy.json');
    const r = await runCli([...from, '--out', out]);
    expect(r.code).toBe(0);
    const actions = (
      JSON.parse(readFileSync(out, 'utf8')) as { Statement: { Action: string[] }[] }
    ).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(
      expect.arrayContaining(['logs:PutLogEvents', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords']),
    );
    expect(actions).not.toContain('dynamodb:GetItem'); // X-Ray traced dynamodb: unused, not unknown
    expect(r.stderr).toContain(
      'logs:PutLogEvents: CloudTrail does not log logs:PutLogEvents; X-Ray saw no calls to CloudWatch Logs',
    );
    expect(r.stderr).toContain('to verify: instrument the SDK with X-Ray');
    const md = readFileSync(path.join(dir, 'policy.md'), 'utf8');
    expect(md).toContain('## Unverified grants');
    expect(md).toMatch(
      /- `xray:PutTraceSegments`, granted by notes-app-api-prod-delete-lambda: CloudTrail does not log/,
    );
    expect(md).toContain('Unverified: CloudTrail does not log logs:PutLogEvents');

    // The change against the current policies: GetItem goes, with what granted it and why. Without
    // the configuration nothing says Lambda reads the notes stream, but X-Ray never holds the
    // poller's stream reads, so its silence is no proof: they stay, unverified, with why.
    expect(md).toContain('Change against the current policies: 8 kept, 3 removed, 0 added.');
    expect(md).toMatch(
      /- `dynamodb:GetRecords`, granted by notes-app-api-prod-delete-lambda: .*X-Ray never holds dynamodb:GetRecords: AWS calls it on the workload's behalf/,
    );
    expect(md).toMatch(
      /\| `dynamodb:GetItem` \| notes-app-api-prod-delete-lambda \| Unused-access findings: reported unused/,
    );

    const tf = await runCli([...from, '--format', 'terraform']);
    expect(tf.stdout).toMatch(/^# Change against the current policies: 8 kept, 3 removed, 0 added$/m);
    expect(tf.stdout).toMatch(/^# {3}dynamodb:GetItem \(granted by notes-app-api-prod-delete-lambda; /m);
    expect(tf.stdout).toMatch(/^# Unverified, kept \(5\)/m);
    expect(tf.stdout).toMatch(/^# {3}xray:PutTelemetryRecords: CloudTrail does not log/m);
    expect(hcl.parseToObject(tf.stdout)[1]).toBeNull();

    const dropped = await runCli([...from, '--drop-unverified']);
    expect(dropped.code).toBe(0);
    expect(dropped.stdout).not.toContain('logs:PutLogEvents');
    expect(dropped.stdout).not.toContain('xray:');
    expect(dropped.stderr).toContain('5 unverified grants dropped on purpose (--drop-unverified)');
  });

  it('counts per service the actions only a bare * grants that no source could see, never keeping them', async () => {
    const r = await runCli(['scan', '--demo', '--role', 'serverless-deployer']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /\d+ granted actions of \d+ services no source could see, granted only by \* or NotAction: not kept/,
    );
    expect(r.stderr).toMatch(/^ {4}dynamodb: \d+ \(CloudTrail: a data event/m);
    expect(r.stdout).not.toContain('dynamodb:GetItem');
  });

  it('writes policy JSON with only IAM fields and a Markdown document beside it', async () => {
    const dir = tmp();
    const out = path.join(dir, 'policy.json');
    const r = await runCli(['scan', '--demo', '--role', DELETE_ROLE, '--out', out]);
    expect(r.code).toBe(0);
    const policy = JSON.parse(readFileSync(out, 'utf8')) as {
      Version: string;
      Statement: Record<string, unknown>[];
    };
    expect(policy.Version).toBe('2012-10-17');
    for (const s of policy.Statement)
      expect(Object.keys(s).sort()).toEqual(['Action', 'Effect', 'Resource', 'Sid']);
    expect(readFileSync(path.join(dir, 'policy.md'), 'utf8')).toContain(DELETE_ROLE);
    expect(r.stderr).toContain(`wrote ${out}`);
  });

  it('never accepts the deployer actions CloudTrail saw only denied', async () => {
    const r = await runCli(['scan', '--demo', '--role', 'serverless-deployer']);
    expect(r.code).toBe(0);
    const actions = (JSON.parse(r.stdout) as { Statement: { Action: string[] }[] }).Statement.flatMap(
      (s) => s.Action,
    );
    expect(actions).toContain('cloudformation:CreateStack');
    expect(actions).not.toContain('iam:CreatePolicy');
    expect(actions).not.toContain('organizations:DescribeOrganization');
  });

  it('filters by the window, relative to the demo clock', async () => {
    const all = await runCli(['scan', '--demo', '--role', DELETE_ROLE, '--exact-resources']);
    const lastDay = await runCli([
      'scan',
      '--demo',
      '--role',
      DELETE_ROLE,
      '--since',
      '4d',
      '--exact-resources',
    ]);
    expect(all.code).toBe(0);
    expect(lastDay.code).toBe(0);
    expect(lastDay.stdout.length).toBeLessThan(all.stdout.length);
  });

  it('asks for --role and lists roles when it is missing', async () => {
    const r = await runCli(['scan', '--demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('scan needs --role');
    expect(r.stderr).toContain('notes-app-api-prod-create-us-east-1-lambdaRole');
  });
});

describe('iam-refine scan on bad input', () => {
  const role = ['--role', 'arn:aws:iam::123456789012:role/orders-api'];
  const cases: [string, string, string | Buffer, RegExp][] = [
    ['--xray-traces', 'empty.json', '', /empty/i],
    ['--xray-traces', 'broken.json', '{"Traces": [', /JSON/],
    [
      '--xray-traces',
      'trail.json',
      JSON.stringify({ Records: [{ eventVersion: '1.08', eventSource: 's3.amazonaws.com' }] }),
      /CloudTrail/i,
    ],
    [
      '--cloudtrail',
      'truncated.json.gz',
      gzipSync(Buffer.from(JSON.stringify({ Records: [] }))).subarray(0, 12),
      /gzip|truncated|unexpected end/i,
    ],
    ['--cloudtrail', 'broken.json', '{"Records": [{"eventName": ', /JSON|truncated|unexpected end/i],
    ['--authorization-details', 'authz.json', '[1, 2, 3]', /authorization/i],
    ['--generated-policy', 'gen.json', '{"Traces": []}', /generated/i],
  ];
  it.each(cases)('%s %s: exit 1 naming the file', async (flagName, file, content, message) => {
    const dir = tmp();
    const p = path.join(dir, file);
    writeFileSync(p, content);
    const r = await runCli(['scan', ...role, flagName, p]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('strips terminal control sequences from names in messages', async () => {
    const dir = tmp();
    const p = path.join(dir, 'evil\u001b[2Jname.json');
    writeFileSync(p, '{');
    const r = await runCli(['scan', ...role, '--xray-traces', p]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('\u001b[2J');
    expect(existsSync(p)).toBe(true);
  });
});
