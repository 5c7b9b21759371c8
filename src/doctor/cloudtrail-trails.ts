// Pure reading of DescribeTrails / GetTrailStatus / GetEventSelectors: which trail covers
// the region, what it logs and where. Kept apart from the calls so it is tested as data.
import type { AdvancedEventSelector, EventSelector, Trail } from '@aws-sdk/client-cloudtrail';

export interface TrailFacts {
  trail: Trail;
  logging: boolean;
  selectors: EventSelector[];
  advanced: AdvancedEventSelector[];
}

export interface TrailLogging {
  management: string | undefined;
  dataTypes: string[];
}

/** Trails whose events include the region: multi-region ones, or ones homed there. */
export function trailsCovering(trails: Trail[], region: string): Trail[] {
  const covering = trails.filter((t) => t.IsMultiRegionTrail || t.HomeRegion === region);
  // Multi-region and organization trails first: they are what long windows read.
  return covering.sort((a, b) => Number(!!b.IsMultiRegionTrail) - Number(!!a.IsMultiRegionTrail));
}

/** What the selectors log: management events (All / ReadOnly / WriteOnly) and data event types. */
export function loggedEvents(facts: Pick<TrailFacts, 'selectors' | 'advanced'>): TrailLogging {
  let management: string | undefined;
  const dataTypes = new Set<string>();
  for (const s of facts.selectors) {
    if (s.IncludeManagementEvents !== false) management ??= s.ReadWriteType ?? 'All';
    for (const d of s.DataResources ?? []) if (d.Type) dataTypes.add(d.Type);
  }
  for (const a of facts.advanced) {
    const field = (name: string) => a.FieldSelectors?.find((f) => f.Field === name);
    const category = field('eventCategory')?.Equals ?? [];
    const readOnly = field('readOnly')?.Equals?.[0];
    const rw = readOnly === 'true' ? 'ReadOnly' : readOnly === 'false' ? 'WriteOnly' : 'All';
    if (category.includes('Management')) management ??= rw;
    if (category.includes('Data'))
      for (const t of field('resources.type')?.Equals ?? ['data']) dataTypes.add(t);
  }
  return { management, dataTypes: [...dataTypes].sort() };
}

export function logsLocation(trail: Trail, partition: string): string {
  const prefix = trail.S3KeyPrefix ? `${trail.S3KeyPrefix.replace(/\/+$/, '')}/` : '';
  const where = trail.S3BucketName ? [`s3://${trail.S3BucketName}/${prefix}AWSLogs/`] : [];
  if (trail.CloudWatchLogsLogGroupArn) where.push(`CloudWatch Logs ${trail.CloudWatchLogsLogGroupArn}`);
  return where.join(' and ') || `no S3 bucket (${partition})`;
}

export function createTrailFix(region: string, account: string): string {
  return [
    `Create a trail (console: CloudTrail > Trails > Create trail), or:`,
    `  aws s3api create-bucket --bucket cloudtrail-${account}-${region} --region ${region}   (plus the bucket policy CloudTrail needs: see "Amazon S3 bucket policy for CloudTrail")`,
    `  aws cloudtrail create-trail --name management-events --s3-bucket-name cloudtrail-${account}-${region} --is-multi-region-trail --region ${region}`,
    `  aws cloudtrail start-logging --name management-events --region ${region}`,
  ].join('\n');
}

export const DATA_EVENTS_TIP = (name: string, region: string) =>
  `Data events (S3 objects, DynamoDB items, Lambda invokes) are not logged; to add S3 object events (billed per event): ` +
  `aws cloudtrail put-event-selectors --trail-name ${name} --region ${region} --advanced-event-selectors ` +
  `'[{"Name":"Management","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},` +
  `{"Name":"S3 objects","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]'`;
