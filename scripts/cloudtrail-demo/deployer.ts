// What `serverless deploy` / `serverless remove` do in CloudTrail, run as the
// serverless-deployer role: the framework's own calls from the laptop, and the calls
// CloudFormation makes with the same session to create the stack's resources
// (`invokedBy: cloudformation.amazonaws.com`). Two denials come from an SCP.
import { s3Resources, type Call } from './records.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const DEPLOY_BUCKET = 'notes-app-serverlessdeploymentbucket-1a2b3c4d';
export const FUNCTIONS = ['create', 'get', 'list', 'update', 'delete'] as const;
const CFN = 'cloudformation.amazonaws.com';
const CAPS = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'];

/** Seconds after `start`, as CloudTrail writes times (no milliseconds). */
export function at(start: string, seconds: number): string {
  return new Date(Date.parse(start) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

type Extra = Partial<Omit<Call, 'time' | 'source' | 'name' | 'params'>>;
const READS = /^(Get|Describe|List|Validate|Head)/;

/** A call without its time; the session's clock stamps it. */
function call(
  service: string,
  name: string,
  params: Call['params'] = null,
  extra: Extra = {},
): Omit<Call, 'time'> {
  return { source: `${service}.amazonaws.com`, name, params, readOnly: READS.test(name), ...extra };
}
const viaCfn = (service: string, name: string, params: Call['params'], extra: Extra = {}) =>
  call(service, name, params, { invokedBy: CFN, ...extra });
const s3Data = (name: string, key: string | undefined, params: Record<string, unknown>, extra: Extra = {}) =>
  call(
    's3',
    name,
    { bucketName: DEPLOY_BUCKET, ...(key ? { key } : {}), ...params },
    {
      data: true,
      resources: s3Resources(ACCOUNT, DEPLOY_BUCKET, key),
      ...extra,
    },
  );

const stackArn = (stack: string, id: string) =>
  `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${stack}/${id}`;
const roleName = (stack: string, fn: string) => `${stack}-${fn}-${REGION}-lambdaRole`;
const fnArn = (stack: string, fn: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${stack}-${fn}`;
const stage = (stack: string) => stack.split('-').pop()!;

const denied = (action: string, session: string, resource: string) => ({
  code: action.startsWith('iam:') ? 'AccessDenied' : 'AccessDeniedException',
  message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/serverless-deployer/${session} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in a service control policy`,
});

export interface Session {
  start: string;
  session: string;
  calls: Call[];
}

/** Collects a session's calls, each a few seconds after the previous one. */
class Recorder {
  readonly calls: Call[] = [];
  private s = 0;
  constructor(readonly start: string) {}
  add(step: number, ...calls: Omit<Call, 'time'>[]): this {
    for (const c of calls) {
      this.s += step;
      this.calls.push({ ...c, time: at(this.start, this.s) });
    }
    return this;
  }
  /** Mark the last call as failed. */
  fails(error: Call['error']): this {
    this.calls[this.calls.length - 1]!.error = error;
    return this;
  }
}

function artifactKeys(stack: string, start: string): [template: string, zip: string] {
  const dir = `serverless/notes-app-api/${stage(stack)}/${Date.parse(start)}-${start.replace('Z', '.000Z')}`;
  return [`${dir}/compiled-cloudformation-template.json`, `${dir}/notes-app-api.zip`];
}

function begin(r: Recorder, stack: string, session: string, orgDenied: boolean): Recorder {
  r.add(1, call('sts', 'GetCallerIdentity'));
  if (orgDenied) {
    r.add(1, call('organizations', 'DescribeOrganization')).fails(
      denied('organizations:DescribeOrganization', session, '*'),
    );
  }
  return r.add(1, call('cloudformation', 'DescribeStacks', { stackName: stack }));
}

function upload(r: Recorder, stack: string): void {
  const [template, zip] = artifactKeys(stack, r.start);
  r.add(
    2,
    s3Data('ListObjects', undefined, {
      prefix: `serverless/notes-app-api/${stage(stack)}`,
      'list-type': '2',
    }),
  );
  for (const key of [template, zip]) {
    r.add(
      3,
      s3Data(
        'PutObject',
        key,
        { 'x-amz-server-side-encryption': 'AES256' },
        {
          response: { 'x-amz-server-side-encryption': 'AES256' },
          additional: { bytesTransferredIn: key.endsWith('.zip') ? 48213 : 18544 },
        },
      ),
    );
  }
  const templateURL = `https://s3.amazonaws.com/${DEPLOY_BUCKET}/${template}`;
  r.add(1, call('cloudformation', 'ValidateTemplate', { templateURL }));
}

function updateStack(r: Recorder, stack: string, id: string): void {
  const templateURL = `https://s3.amazonaws.com/${DEPLOY_BUCKET}/${artifactKeys(stack, r.start)[0]}`;
  r.add(
    1,
    call(
      'cloudformation',
      'UpdateStack',
      { stackName: stack, templateURL, capabilities: CAPS },
      {
        response: { stackId: stackArn(stack, id) },
      },
    ),
  );
}

function poll(r: Recorder, stack: string, id: string, times: number): Recorder {
  for (let i = 0; i < times; i++)
    r.add(5, call('cloudformation', 'DescribeStackEvents', { stackName: stackArn(stack, id) }));
  return r.add(2, call('cloudformation', 'DescribeStacks', { stackName: stack }));
}

function createFunction(r: Recorder, stack: string, fn: string): void {
  const role = roleName(stack, fn);
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/${role}`;
  const trust =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com"]},"Action":["sts:AssumeRole"]}]}';
  r.add(
    1,
    viaCfn(
      'iam',
      'CreateRole',
      { path: '/', roleName: role, assumeRolePolicyDocument: trust },
      {
        response: { role: { path: '/', roleName: role, arn: roleArn } },
      },
    ),
    viaCfn('iam', 'PutRolePolicy', {
      roleName: role,
      policyName: `${stack}-lambda`,
      policyDocument: '{"Version":"2012-10-17","Statement":[]}',
    }),
    viaCfn('iam', 'GetRole', { roleName: role }),
    viaCfn('logs', 'CreateLogGroup', { logGroupName: `/aws/lambda/${stack}-${fn}` }),
  );
  const code = { s3Bucket: DEPLOY_BUCKET, s3Key: artifactKeys(stack, r.start)[1] };
  r.add(
    4,
    viaCfn(
      'lambda',
      'CreateFunction20150331',
      {
        functionName: `${stack}-${fn}`,
        runtime: 'nodejs20.x',
        role: roleArn,
        handler: `src/handlers/${fn}.handler`,
        code,
        timeout: 6,
        memorySize: 1024,
        tracingConfig: { mode: 'Active' },
        architectures: ['arm64'],
      },
      { response: { functionName: `${stack}-${fn}`, functionArn: fnArn(stack, fn), role: roleArn } },
    ),
  );
  r.add(
    2,
    viaCfn('lambda', 'AddPermission20150331v2', {
      functionName: fnArn(stack, fn),
      statementId: `${stack}-${fn}-LambdaPermissionApiGateway`,
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:k3t9x2a1bc/*/*`,
    }),
  );
}

/** First `serverless deploy`: a stack (with the deployment bucket for prod), then the functions. */
export function firstDeploy(
  start: string,
  session: string,
  stack: string,
  id: string,
  fns: readonly string[],
  bucket: boolean,
): Session {
  const r = begin(new Recorder(start), stack, session, true);
  r.fails({ code: 'ValidationError', message: `Stack with id ${stack} does not exist` });
  const templateBody =
    '{"AWSTemplateFormatVersion":"2010-09-09","Description":"The AWS CloudFormation template for this Serverless application"}';
  r.add(
    2,
    call(
      'cloudformation',
      'CreateStack',
      {
        stackName: stack,
        templateBody,
        capabilities: CAPS,
        onFailure: 'DELETE',
        tags: [{ key: 'STAGE', value: stage(stack) }],
      },
      {
        response: { stackId: stackArn(stack, id) },
      },
    ),
  );
  if (bucket) {
    const res = { resources: s3Resources(ACCOUNT, DEPLOY_BUCKET) };
    r.add(3, viaCfn('s3', 'CreateBucket', { bucketName: DEPLOY_BUCKET }, res));
    r.add(2, viaCfn('s3', 'PutBucketEncryption', { bucketName: DEPLOY_BUCKET, encryption: '' }, res));
  }
  poll(r, stack, id, 3);
  upload(r, stack);
  updateStack(r, stack, id);
  for (const fn of fns) createFunction(r, stack, fn);
  r.add(
    2,
    viaCfn(
      'apigateway',
      'CreateRestApi',
      { name: stack, endpointConfiguration: { types: ['EDGE'] } },
      { readOnly: false },
    ),
  );
  r.add(3, viaCfn('apigateway', 'CreateDeployment', { restApiId: 'k3t9x2a1bc', stageName: stage(stack) }));
  poll(r, stack, id, 4);
  return { start, session, calls: r.calls };
}

/** `serverless deploy` of new code: upload, UpdateStack, CloudFormation updates each function. */
export function updateDeploy(
  start: string,
  session: string,
  stack: string,
  id: string,
  opts: { createPolicy?: boolean },
): Session {
  const r = begin(new Recorder(start), stack, session, true);
  const previous = `serverless/notes-app-api/${stage(stack)}/previous/compiled-cloudformation-template.json`;
  r.add(1, s3Data('GetObject', previous, {}, { additional: { bytesTransferredOut: 18544 } }));
  for (const fn of FUNCTIONS)
    r.add(1, call('lambda', 'GetFunction20150331v2', { functionName: `${stack}-${fn}` }));
  if (opts.createPolicy) {
    // A plugin tries to create a managed policy; an SCP forbids it, so the team kept inline policies.
    const doc = '{"Version":"2012-10-17","Statement":[]}';
    r.add(
      1,
      call('iam', 'CreatePolicy', { policyName: `${stack}-invoke`, path: '/', policyDocument: doc }),
    ).fails(denied('iam:CreatePolicy', session, `policy ${stack}-invoke`));
  }
  upload(r, stack);
  updateStack(r, stack, id);
  const [, zip] = artifactKeys(stack, start);
  for (const fn of FUNCTIONS) {
    r.add(
      2,
      viaCfn(
        'lambda',
        'UpdateFunctionCode20150331v2',
        {
          functionName: fnArn(stack, fn),
          s3Bucket: DEPLOY_BUCKET,
          s3Key: zip,
          publish: false,
          dryRun: false,
        },
        {
          response: { functionName: `${stack}-${fn}`, functionArn: fnArn(stack, fn) },
        },
      ),
    );
  }
  poll(r, stack, id, 3);
  return { start, session, calls: r.calls };
}

/** `serverless remove`: empty the stage's folder of the bucket, DeleteStack, CloudFormation deletes. */
export function remove(
  start: string,
  session: string,
  stack: string,
  id: string,
  fns: readonly string[],
  deployedAt: string,
): Session {
  const r = begin(new Recorder(start), stack, session, false);
  r.add(
    1,
    s3Data('ListObjects', undefined, {
      prefix: `serverless/notes-app-api/${stage(stack)}`,
      'list-type': '2',
    }),
  );
  for (const key of artifactKeys(stack, deployedAt)) r.add(1, s3Data('DeleteObject', key, {}));
  r.add(1, call('cloudformation', 'DeleteStack', { stackName: stack }));
  for (const fn of fns) {
    r.add(2, viaCfn('lambda', 'DeleteFunction20150331', { functionName: `${stack}-${fn}` }));
    r.add(
      1,
      viaCfn('logs', 'DeleteLogGroup', { logGroupName: `/aws/lambda/${stack}-${fn}` }),
      viaCfn('iam', 'DeleteRolePolicy', { roleName: roleName(stack, fn), policyName: `${stack}-lambda` }),
      viaCfn('iam', 'DeleteRole', { roleName: roleName(stack, fn) }),
    );
  }
  r.add(2, viaCfn('apigateway', 'DeleteRestApi', { restApiId: 'p8w2m4r7qz' }));
  poll(r, stack, id, 2).fails({ code: 'ValidationError', message: `Stack with id ${stack} does not exist` });
  return { start, session, calls: r.calls };
}

/** `serverless info`: read-only. */
export function info(start: string, session: string, stack: string): Session {
  const r = new Recorder(start).add(
    1,
    call('sts', 'GetCallerIdentity'),
    call('cloudformation', 'DescribeStackResources', { stackName: stack }),
    call('cloudformation', 'DescribeStacks', { stackName: stack }),
  );
  return { start, session, calls: r.calls };
}
