// The client factory against the fake: endpoint variables, profiles and regions, the
// credentials pre-check, adaptive retries, and the SDK-error → user-message table.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCredentials, createAwsClients, type AwsSettings } from '../../src/aws/clients.js';
import { classifyAwsError, describeAwsError } from '../../src/aws/errors.js';
import { fakeAwsEnv, setEnv } from './env.js';
import { startHarness, type Harness } from './harness.js';
import { notesAppScenario } from './notes-app/index.js';
import { startFakeAws, type FakeAws } from './server.js';

let h: Harness | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A fake and the endpoint environment, tweaked by `vars`. */
async function withFake(vars: Record<string, string | undefined> = {}): Promise<FakeAws> {
  const fake = await startFakeAws(notesAppScenario());
  const restore = setEnv({ ...fakeAwsEnv(fake), ...vars });
  cleanups.push(() => fake.close(), restore);
  return fake;
}

describe('client factory', () => {
  it('reaches every service through AWS_ENDPOINT_URL_<SERVICE> variables', async () => {
    h = await startHarness(notesAppScenario(), { perService: true });
    expect(process.env.AWS_ENDPOINT_URL).toBeUndefined();
    const who = await checkCredentials(h.clients);
    await h.clients.lambda.send(new ListFunctionsCommand({}));
    expect(who).toEqual({
      account: '123456789012',
      arn: 'arn:aws:sts::123456789012:assumed-role/iam-refine-operator/tester',
      userId: 'AROAFAKEOPERATOR:tester',
      region: 'us-east-1',
      partition: 'aws',
    });
    expect(h.fake.calls.map((c) => c.action)).toEqual(['sts:GetCallerIdentity', 'lambda:ListFunctions']);
  });

  it("signs with the profile's credentials and region, and --region wins over both", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'iam-refine-profile-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(path.join(dir, 'config'), '[profile prod]\nregion = eu-west-1\n');
    await writeFile(
      path.join(dir, 'credentials'),
      '[prod]\naws_access_key_id = AKIAFAKEPROFILE00001\naws_secret_access_key = fake\n',
    );
    const fake = await withFake({
      AWS_REGION: undefined,
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
    });
    const prod = createAwsClients({ profile: 'prod' });
    const pinned = createAwsClients({ profile: 'prod', region: 'ap-southeast-2' });
    cleanups.push(
      () => prod.destroy(),
      () => pinned.destroy(),
    );
    expect((await checkCredentials(prod)).region).toBe('eu-west-1');
    expect((await checkCredentials(pinned)).region).toBe('ap-southeast-2');
    expect(fake.calls.map((c) => [c.region, c.accessKeyId])).toEqual([
      ['eu-west-1', 'AKIAFAKEPROFILE00001'],
      ['ap-southeast-2', 'AKIAFAKEPROFILE00001'],
    ]);
  });

  it.each([
    [
      'expired credentials',
      { fault: true },
      'the AWS credentials were rejected calling sts:GetCallerIdentity (ExpiredToken): they are expired or invalid',
    ],
    [
      'no credentials at all',
      { vars: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined } },
      'no AWS credentials found (environment, SSO, shared config, web identity, container or instance role)',
    ],
    [
      'an unknown profile',
      { settings: { profile: 'nope' } },
      'no AWS credentials could be loaded for profile "nope"',
    ],
    ['no region', { vars: { AWS_REGION: undefined } }, 'no AWS region is set'],
  ])(
    'checks credentials up front: %s',
    async (
      _name,
      c: { fault?: boolean; vars?: Record<string, undefined>; settings?: AwsSettings },
      message,
    ) => {
      const fake = await withFake(c.vars);
      if (c.fault) fake.faults.add({ action: 'sts:GetCallerIdentity', kind: 'expired-token' });
      const clients = createAwsClients(c.settings ?? {});
      cleanups.push(() => clients.destroy());
      const err = await checkCredentials(clients).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'UserError', kind: 'aws', message });
      expect((err as { hint?: string }).hint).toMatch(/--region|--profile|aws sso login|iam-refine --demo/);
    },
  );

  it('retries in adaptive mode, 5 attempts by default', async () => {
    h = await startHarness(notesAppScenario());
    expect(((await h.clients.lambda.config.retryStrategy()) as { mode?: string }).mode).toBe('adaptive');
    h.fake.faults.add({ action: 'lambda:ListFunctions', kind: 'server-error' });
    await expect(h.clients.lambda.send(new ListFunctionsCommand({}))).rejects.toThrow();
    expect(h.fake.callsOf('lambda:ListFunctions')).toHaveLength(5);
  });
});

describe('SDK errors → what the user reads', () => {
  it.each([
    [{ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }, 'access-denied'],
    [{ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }, 'access-denied'],
    [{ name: 'Client.UnauthorizedOperation' }, 'access-denied'],
    [{ name: 'ExpiredTokenException' }, 'expired'],
    [
      { name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' },
      'no-credentials',
    ],
    [
      {
        name: 'CredentialsProviderError',
        message: 'The SSO session associated with this profile has expired',
      },
      'expired',
    ],
    [{ name: 'Error', message: 'Region is missing' }, 'no-region'],
    [{ name: 'ThrottledException', $metadata: { httpStatusCode: 429 } }, 'throttled'],
    [{ name: 'SlowDown' }, 'throttled'],
    [{ name: 'TimeoutError' }, 'timeout'],
    [{ name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'network'],
    [{ name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 } }, 'server'],
    [
      { name: 'SyntaxError', message: 'Unexpected end of JSON input\n  Deserialization error: ...' },
      'malformed',
    ],
    [{ name: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } }, 'not-found'],
    [{ name: 'AbortError' }, 'aborted'],
    [{ name: 'ValidationException', $metadata: { httpStatusCode: 400 } }, 'other'],
  ])('%j is %s', (err, kind) => {
    expect(classifyAwsError(err)).toBe(kind);
  });

  it('keeps AWS text on one line, without terminal escapes', () => {
    const d = describeAwsError(
      { name: 'AccessDenied', message: 'no\u001b[31m\nway', $metadata: { httpStatusCode: 403 } },
      { action: 'xray:BatchGetTraces' },
    );
    expect(d.message).toBe(
      "AccessDenied calling xray:BatchGetTraces: add xray:BatchGetTraces to the tool's policy",
    );
    expect(d.hint).toContain('AWS said: no way');
  });
});
