// Deterministic ids for generated fixtures (a tiny seeded PRNG: same seed, same account).

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

export function hex(next: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(next() * 16).toString(16);
  return out;
}

export function uuid(next: () => number): string {
  const h = hex(next, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const STAGE_PREFIX = 'notes-app-api-prod';
export const TABLE = 'notes';
export const BUCKET = 'notes-app-attachments-prod';
export const TRAIL_BUCKET = 'notes-app-cloudtrail-logs';
export const DEPLOY_BUCKET = 'notes-app-serverlessdeploymentbucket-1a2b3c4d';
export const FUNCTIONS = ['create', 'get', 'list', 'update', 'delete'] as const;
export type FunctionKind = (typeof FUNCTIONS)[number];

export const functionName = (f: FunctionKind) => `${STAGE_PREFIX}-${f}`;
export const roleName = (f: FunctionKind) => `${STAGE_PREFIX}-${f}-${REGION}-lambdaRole`;
export const roleArnOf = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
export const functionArn = (f: FunctionKind) =>
  `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName(f)}`;
export const DEPLOYER = 'serverless-deployer';
export const ACCESS_ROLE = 'AccessAnalyzerTrailAccess';
