// CloudTrail: event history (LookupEvents) answers, a trail covers the region and is
// logging, what it logs (management and data events) and where its logs are. With
// --lake-event-data-store or --athena-table the check is of that store instead.
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  LookupEventsCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { classifyAwsError } from '../aws/errors.js';
import type { AwsClients } from '../aws/clients.js';
import { safeLine } from '../core/sanitize.js';
import { attempt, failedCall } from './outcome.js';
import {
  DATA_EVENTS_TIP,
  createTrailFix,
  loggedEvents,
  logsLocation,
  trailsCovering,
  type TrailFacts,
} from './cloudtrail-trails.js';
import type { CheckContext, CheckLine } from './types.js';

export interface CloudTrailCheck {
  line: CheckLine;
  /** The covering trail's bucket and logs prefix, when one was found (policy generation and the simulation use it). */
  bucket?: string;
  logsPrefix?: string;
}

const LABEL = 'CloudTrail';

const logsPrefixOf = (t: Trail) =>
  t.S3KeyPrefix ? `${t.S3KeyPrefix.replace(/\/+$/, '')}/AWSLogs/` : 'AWSLogs/';

/** The bucket of the trail covering the region, from DescribeTrails alone (policy generation reads it). */
export async function coveringTrailBucket(
  clients: AwsClients,
  ctx: CheckContext,
  fail: (action: string, err: unknown) => CheckLine,
): Promise<{ value: string | undefined } | { line: CheckLine }> {
  return attempt(fail, 'cloudtrail:DescribeTrails', async () => {
    const out = await clients.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    return trailsCovering(out.trailList ?? [], ctx.region).find((t) => t.S3BucketName)?.S3BucketName;
  });
}

export async function checkCloudTrail(clients: AwsClients, ctx: CheckContext): Promise<CloudTrailCheck> {
  const fail = (action: string, err: unknown) =>
    failedCall('cloudtrail', LABEL, action, err, clients.settings.profile);
  const ct = clients.cloudtrail;
  const lookup = await attempt(fail, 'cloudtrail:LookupEvents', () =>
    ct.send(new LookupEventsCommand({ MaxResults: 1 })),
  );
  if ('line' in lookup) return { line: lookup.line };
  const described = await attempt(fail, 'cloudtrail:DescribeTrails', () =>
    ct.send(new DescribeTrailsCommand({ includeShadowTrails: true })),
  );
  if ('line' in described) return { line: described.line };
  const covering = trailsCovering(described.value.trailList ?? [], ctx.region);
  const history =
    'event history (LookupEvents) still gives management events of the last 90 days, not data events';
  if (covering.length === 0)
    return {
      line: {
        source: 'cloudtrail',
        label: LABEL,
        state: 'missing',
        detail: `no trail logs ${ctx.region}; ${history}`,
        fix: createTrailFix(ctx.region, ctx.account),
      },
    };
  const facts: TrailFacts[] = [];
  let orgTrail: Trail | undefined;
  for (const trail of covering) {
    const name = trail.TrailARN ?? trail.Name;
    // A member account sees the organization's trail but not its status or selectors.
    const memberView = (err: unknown) => !!trail.IsOrganizationTrail && classifyAwsError(err) === 'not-found';
    let action = 'cloudtrail:GetTrailStatus';
    try {
      const status = await ct.send(new GetTrailStatusCommand({ Name: name }));
      action = 'cloudtrail:GetEventSelectors';
      const sel = await ct.send(new GetEventSelectorsCommand({ TrailName: name }));
      facts.push({
        trail,
        logging: status.IsLogging === true,
        selectors: sel.EventSelectors ?? [],
        advanced: sel.AdvancedEventSelectors ?? [],
      });
    } catch (err) {
      if (!memberView(err)) return { line: fail(action, err) };
      orgTrail ??= trail;
    }
  }
  if (facts.length === 0 && orgTrail)
    return {
      bucket: orgTrail.S3BucketName,
      logsPrefix: logsPrefixOf(orgTrail),
      line: {
        source: 'cloudtrail',
        label: LABEL,
        state: 'ok',
        detail: `organization trail ${safeLine(orgTrail.Name ?? '')} delivers to ${safeLine(logsLocation(orgTrail, ctx.partition))} (its status and event selectors are visible in the management account only)`,
      },
    };
  const logging = facts.filter((f) => f.logging);
  const best = logging.find((f) => loggedEvents(f).management) ?? logging[0];
  if (!best) {
    const t = facts[0]!.trail;
    return {
      line: {
        source: 'cloudtrail',
        label: LABEL,
        state: 'missing',
        detail: `trail ${safeLine(t.Name ?? '')} covers ${ctx.region} but is not logging; ${history}`,
        fix: `aws cloudtrail start-logging --name ${t.TrailARN ?? t.Name} --region ${t.HomeRegion ?? ctx.region}`,
      },
    };
  }
  const t = best.trail;
  const name = safeLine(t.Name ?? '');
  const { management, dataTypes } = loggedEvents(best);
  const scope = t.IsOrganizationTrail
    ? 'organization'
    : t.IsMultiRegionTrail
      ? 'multi-region'
      : `in ${t.HomeRegion}`;
  const where = safeLine(logsLocation(t, ctx.partition));
  const bucketOf = { bucket: t.S3BucketName, logsPrefix: logsPrefixOf(t) };
  if (!management && dataTypes.length === 0)
    return {
      ...bucketOf,
      line: {
        source: 'cloudtrail',
        label: LABEL,
        state: 'missing',
        detail: `trail ${name} (${scope}) logs neither management nor data events; ${history}`,
        fix: `aws cloudtrail put-event-selectors --trail-name ${t.TrailARN ?? name} --region ${t.HomeRegion ?? ctx.region} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`,
      },
    };
  const logs = [
    management ? `management events (${management})` : 'no management events',
    dataTypes.length ? `data events (${dataTypes.map(safeLine).join(', ')})` : 'no data events',
  ].join(' and ');
  return {
    ...bucketOf,
    line: {
      source: 'cloudtrail',
      label: LABEL,
      state: 'ok',
      detail: `trail ${name} (${scope}) logs ${logs} to ${where}`,
      fix: dataTypes.length ? undefined : DATA_EVENTS_TIP(t.TrailARN ?? name, t.HomeRegion ?? ctx.region),
    },
  };
}
