// The preflight: who the caller is, which tool actions it may use, and whether each
// source asked for can give evidence. Every call is a read; nothing is started or changed.
import { checkCredentials, type AwsClients, type CallerIdentity } from '../aws/clients.js';
import { resolveRole } from '../core/arn.js';
import type { RoleRef, TimeWindow } from '../core/types.js';
import type { AthenaSettings } from '../sources/cloudtrail/athena.js';
import { eventDataStoreRef } from '../sources/cloudtrail/lake-sql.js';
import type { LakeSettings } from '../sources/cloudtrail/lake.js';
import { checkPolicyGeneration, checkUnusedAnalyzer } from './access-analyzer.js';
import { checkCloudTrail, coveringTrailBucket, type CloudTrailCheck } from './cloudtrail.js';
import { checkOrgTable, orgAccountIds } from './cloudtrail-org.js';
import { failedCall } from './outcome.js';
import { checkAthena, checkLake } from './cloudtrail-stores.js';
import {
  principalOf,
  simulateToolPolicy,
  type KnownResources,
  type PermissionsResult,
} from './permissions.js';
import { policyFix } from './tool-policy.js';
import { checkXray } from './xray.js';
import { DOCTOR_SOURCES, type CheckContext, type CheckLine, type DoctorSource } from './types.js';

export interface DoctorOptions {
  /** A role ref, or what --role said (a name resolves in the caller's account). */
  role?: RoleRef | string;
  xrayFilter?: string;
  accessRole?: string;
  athena?: AthenaSettings;
  lake?: LakeSettings;
  /**
   * The organization sweep's CloudTrail table (with `athena`): the accounts named by
   * --accounts, or none to list them (--org), and the window the sweep would read.
   */
  org?: { accounts?: string[]; window: TimeWindow };
  /** The sources asked for (default: all). */
  sources?: DoctorSource[];
  now?: () => number;
}

export interface DoctorReport {
  identity: CallerIdentity;
  permissions: PermissionsResult;
  lines: CheckLine[];
  asked: DoctorSource[];
  /** Every source asked for can work. */
  ok: boolean;
}

/** The tool-policy statements each source needs (as the live source calls them). */
export function statementsOf(source: DoctorSource, opts: Pick<DoctorOptions, 'athena' | 'lake'>): string[] {
  switch (source) {
    case 'cloudtrail':
      if (opts.lake) return ['CloudTrailLakeQuery'];
      if (opts.athena) return [];
      return ['CloudTrailLookupEvents', 'CloudTrailFindTrail', 'CloudTrailLogBucket', 'CloudTrailLogFiles'];
    case 'xray':
      return ['XRayTracesOfTheRole'];
    case 'access-analyzer':
      return ['AccessAnalyzerPolicyGeneration', 'AccessAnalyzerPassAccessRole', 'CloudTrailFindTrail'];
    case 'unused-findings':
      return ['AccessAnalyzerUnusedFindings'];
  }
}

/** A source line that works but whose statements the caller lacks becomes denied. */
export function withSimulation(line: CheckLine, sids: string[], permissions: PermissionsResult): CheckLine {
  if (line.state === 'denied' || line.state === 'error') return line;
  const lacking = permissions.statements.filter((s) => sids.includes(s.sid) && s.denied.length);
  if (lacking.length === 0) return line;
  const actions = lacking.flatMap((s) => s.denied);
  const resource = lacking.find((s) => s.resource !== '*')?.resource;
  return {
    ...line,
    state: 'denied',
    detail: `${line.detail}; the tool may not call ${actions.join(', ')}`,
    fix: [line.state === 'missing' ? line.fix : undefined, policyFix(actions, resource, sids)]
      .filter(Boolean)
      .join('\n'),
  };
}

function lakeArn(lake: LakeSettings, ctx: CheckContext): string {
  const ref = eventDataStoreRef(lake.eventDataStore);
  return `arn:${ctx.partition}:cloudtrail:${ref.region ?? ctx.region}:${ref.account ?? ctx.account}:eventdatastore/${ref.id}`;
}

/** One source's check (scan and compare call it for a source that gave nothing). */
export async function checkSource(
  clients: AwsClients,
  ctx: CheckContext,
  source: DoctorSource,
  opts: DoctorOptions,
  trail?: CloudTrailCheck,
): Promise<CheckLine> {
  switch (source) {
    case 'cloudtrail':
      if (opts.lake) return checkLake(clients, ctx, opts.lake);
      if (opts.athena) return checkAthena(clients, ctx, opts.athena);
      return (trail ?? (await checkCloudTrail(clients, ctx))).line;
    case 'xray':
      return checkXray(clients, ctx, {
        role: typeof opts.role === 'string' ? resolveRole(opts.role, [], ctx.account) : opts.role,
        xrayFilter: opts.xrayFilter,
      });
    case 'access-analyzer': {
      // Without an access role nothing else matters yet: no call (scan's explanation stays cheap).
      if (!opts.accessRole) return checkPolicyGeneration(clients, ctx, { trailBucket: trail?.bucket });
      const bucket = trail
        ? { value: trail.bucket }
        : await coveringTrailBucket(clients, ctx, (action, err) =>
            failedCall('access-analyzer', 'Access Analyzer policy generation', action, err, ctx.profile),
          );
      if ('line' in bucket) return bucket.line;
      return checkPolicyGeneration(clients, ctx, { accessRole: opts.accessRole, trailBucket: bucket.value });
    }
    case 'unused-findings':
      return checkUnusedAnalyzer(clients, ctx);
  }
}

/** With --org/--accounts and --athena-table: the workgroup, then the organization table's checks. */
async function checkOrgCloudTrail(
  clients: AwsClients,
  ctx: CheckContext,
  athena: AthenaSettings,
  org: NonNullable<DoctorOptions['org']>,
): Promise<CheckLine[]> {
  const [store, accounts] = await Promise.all([
    checkAthena(clients, ctx, athena),
    org.accounts ? { value: org.accounts } : orgAccountIds(clients, ctx),
  ]);
  if ('line' in accounts) return [store, accounts.line];
  // A missing table is said once, by the organization line with the organization table's DDL.
  const storeLines = store.state === 'missing' && store.detail.startsWith('no table ') ? [] : [store];
  return [
    ...storeLines,
    ...(await checkOrgTable(clients, ctx, { athena, accounts: accounts.value, window: org.window })),
  ];
}

export async function runDoctor(clients: AwsClients, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const identity = await checkCredentials(clients);
  const ctx: CheckContext = {
    region: identity.region,
    account: identity.account,
    partition: identity.partition,
    profile: clients.settings.profile,
    now: opts.now ?? Date.now,
  };
  if (typeof opts.role === 'string') opts = { ...opts, role: resolveRole(opts.role, [], identity.account) };
  const asked = opts.sources?.length ? opts.sources : [...DOCTOR_SOURCES];
  const needsTrail =
    asked.includes('access-analyzer') || (asked.includes('cloudtrail') && !opts.lake && !opts.athena);
  const trail = needsTrail ? await checkCloudTrail(clients, ctx) : undefined;
  const known: KnownResources = {
    trailBucket: trail?.bucket,
    logsPrefix: trail?.logsPrefix,
    accessRole: opts.accessRole,
    eventDataStoreArn: opts.lake ? lakeArn(opts.lake, ctx) : undefined,
  };
  const simulate = async (): Promise<PermissionsResult> => {
    const principal = await principalOf(clients, identity.arn);
    if (!principal.arn) return { state: 'skipped', detail: principal.why ?? 'not simulated', statements: [] };
    return simulateToolPolicy(clients, principal.arn, known);
  };
  const [permissions, ...lines] = await Promise.all([
    simulate(),
    ...asked.map((s) =>
      s === 'cloudtrail' && opts.org && opts.athena
        ? checkOrgCloudTrail(clients, ctx, opts.athena, opts.org)
        : checkSource(clients, ctx, s, opts, trail),
    ),
  ]);
  const merged = lines.flat().map((l) => withSimulation(l, statementsOf(l.source, opts), permissions));
  return { identity, permissions, lines: merged, asked, ok: merged.every((l) => l.state === 'ok') };
}
