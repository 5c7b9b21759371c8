// CloudTrail read through a configured store: the Lake event data store is enabled, or
// the Athena workgroup has a result location and the trail table exists.
import { GetWorkGroupCommand, GetTableMetadataCommand } from '@aws-sdk/client-athena';
import { GetEventDataStoreCommand } from '@aws-sdk/client-cloudtrail';
import type { AwsClients } from '../aws/clients.js';
import { classifyAwsError } from '../aws/errors.js';
import { safeLine } from '../core/sanitize.js';
import type { AthenaSettings } from '../sources/cloudtrail/athena.js';
import { eventDataStoreRef } from '../sources/cloudtrail/lake-sql.js';
import type { LakeSettings } from '../sources/cloudtrail/lake.js';
import { attempt, failedCall } from './outcome.js';
import type { CheckContext, CheckLine } from './types.js';

const notFound = (err: unknown, codes: string[]) =>
  classifyAwsError(err) === 'not-found' ||
  codes.includes((err as { name?: string }).name ?? '') ||
  /not (be )?found|does not exist/i.test((err as { message?: string }).message ?? '');

export async function checkLake(
  clients: AwsClients,
  ctx: CheckContext,
  lake: LakeSettings,
): Promise<CheckLine> {
  const label = 'CloudTrail Lake';
  const store = eventDataStoreRef(lake.eventDataStore);
  const action = 'cloudtrail:GetEventDataStore';
  const line = (state: CheckLine['state'], detail: string, fix?: string): CheckLine => ({
    source: 'cloudtrail',
    label,
    state,
    detail,
    fix,
  });
  try {
    const out = await clients.cloudtrail.send(
      new GetEventDataStoreCommand({ EventDataStore: lake.eventDataStore }),
    );
    const status = out.Status ?? 'unknown';
    const name = safeLine(out.Name ?? store.id);
    if (status !== 'ENABLED')
      return line(
        'missing',
        `event data store ${name} is ${safeLine(status)}, not ENABLED`,
        status === 'STOPPED_INGESTION'
          ? `aws cloudtrail start-event-data-store-ingestion --event-data-store ${store.id} --region ${ctx.region}`
          : `Wait until it is ENABLED (aws cloudtrail get-event-data-store --event-data-store ${store.id}), or pick another: aws cloudtrail list-event-data-stores --region ${ctx.region}`,
      );
    return line(
      'ok',
      `event data store ${name} is ENABLED${out.MultiRegionEnabled ? ' (all regions)' : ''}${out.RetentionPeriod ? `, keeps ${out.RetentionPeriod} days` : ''}`,
    );
  } catch (err) {
    if (notFound(err, ['EventDataStoreNotFoundException']))
      return line(
        'missing',
        `no event data store ${safeLine(store.id)} in ${ctx.region}`,
        `List the stores with aws cloudtrail list-event-data-stores --region ${ctx.region} and pass one with --lake-event-data-store (its ARN carries the region).`,
      );
    return failedCall('cloudtrail', label, action, err, clients.settings.profile);
  }
}

export async function checkAthena(
  clients: AwsClients,
  ctx: CheckContext,
  athena: AthenaSettings,
): Promise<CheckLine> {
  const label = 'CloudTrail through Athena';
  const workgroup = athena.workgroup ?? 'primary';
  const line = (state: CheckLine['state'], detail: string, fix?: string): CheckLine => ({
    source: 'cloudtrail',
    label,
    state,
    detail,
    fix,
  });
  const fail = (action: string, err: unknown) =>
    notFound(err, [])
      ? line(
          'missing',
          action === 'athena:GetWorkGroup'
            ? `no Athena workgroup ${safeLine(workgroup)} in ${ctx.region}`
            : `no table ${safeLine(athena.table)} in the AwsDataCatalog of ${ctx.region}`,
          action === 'athena:GetWorkGroup'
            ? `aws athena list-work-groups --region ${ctx.region} lists them; pass one with --athena-workgroup.`
            : 'Create it with the CREATE EXTERNAL TABLE statement in the README ("CloudTrail through Athena"), or pass --athena-table DB.TABLE of an existing one.',
        )
      : failedCall('cloudtrail', label, action, err, clients.settings.profile);
  const wg = await attempt(fail, 'athena:GetWorkGroup', () =>
    clients.athena.send(new GetWorkGroupCommand({ WorkGroup: workgroup })),
  );
  if ('line' in wg) return wg.line;
  const group = wg.value.WorkGroup;
  if (group?.State && group.State !== 'ENABLED')
    return line(
      'missing',
      `Athena workgroup ${safeLine(workgroup)} is ${safeLine(group.State)}`,
      `aws athena update-work-group --work-group ${workgroup} --state ENABLED --region ${ctx.region}`,
    );
  const output = athena.output ?? group?.Configuration?.ResultConfiguration?.OutputLocation;
  if (!output)
    return line(
      'missing',
      `Athena workgroup ${safeLine(workgroup)} has no query result location`,
      `Pass --athena-output s3://BUCKET/PREFIX/, or set one: aws athena update-work-group --work-group ${workgroup} --region ${ctx.region} --configuration-updates 'ResultConfigurationUpdates={OutputLocation=s3://BUCKET/PREFIX/}'`,
    );
  const [database = '', table = ''] = athena.table.split('.');
  const meta = await attempt(fail, 'athena:GetTableMetadata', () =>
    clients.athena.send(
      new GetTableMetadataCommand({
        CatalogName: 'AwsDataCatalog',
        DatabaseName: database,
        TableName: table,
        WorkGroup: workgroup,
      }),
    ),
  );
  if ('line' in meta) return meta.line;
  const location = meta.value.TableMetadata?.Parameters?.location;
  return line(
    'ok',
    `table ${safeLine(athena.table)}${location ? ` over ${safeLine(location)}` : ''}, workgroup ${safeLine(workgroup)}, results to ${safeLine(output)}`,
  );
}
