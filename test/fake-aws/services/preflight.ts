// What `iam-refine doctor` reads besides the sources' own calls: IAM's
// SimulatePrincipalPolicy (the caller's policy allows all but `scenario.callerDenied`),
// CloudTrail Lake's GetEventDataStore, Athena's GetWorkGroup and GetTableMetadata.
import type { ServiceHandlers } from '../context.js';
import { FakeAwsError } from '../protocols.js';
import { roleArn } from '../scenario.js';
import { memberList } from './proof.js';

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');

export const iamPreflightHandlers: ServiceHandlers = {
  SimulatePrincipalPolicy(p, { scenario }) {
    const source = String(p.PolicySourceArn ?? '');
    const known =
      (scenario.roles ?? []).some((r) => roleArn(scenario, r) === source) || /:user\//.test(source);
    if (!known) throw new FakeAwsError(404, 'NoSuchEntity', `Entity ${source} does not exist.`);
    const actions = memberList(p, 'ActionNames');
    if (actions.length === 0) throw new FakeAwsError(400, 'InvalidInput', 'ActionNames is required');
    const resources = memberList(p, 'ResourceArns');
    const denied = (scenario.callerDenied ?? []).map(glob);
    return {
      EvaluationResults: actions.flatMap((a) =>
        (resources.length ? resources : ['*']).map((r) => ({
          EvalActionName: a,
          EvalResourceName: r,
          EvalDecision: denied.some((d) => d.test(a)) ? 'implicitDeny' : 'allowed',
        })),
      ),
      IsTruncated: false,
    };
  },
};

export const cloudtrailPreflightHandlers: ServiceHandlers = {
  GetEventDataStore(p, { scenario, region }) {
    const lake = scenario.lake;
    const id = String(p.EventDataStore ?? '')
      .split('/')
      .pop();
    if (!lake || lake.eventDataStore !== id)
      throw new FakeAwsError(
        400,
        'EventDataStoreNotFoundException',
        `The event data store ${String(id)} was not found.`,
      );
    return {
      EventDataStoreArn: `arn:aws:cloudtrail:${region}:${scenario.account}:eventdatastore/${id}`,
      Name: 'management-events-store',
      Status: lake.status ?? 'ENABLED',
      MultiRegionEnabled: true,
      OrganizationEnabled: false,
      RetentionPeriod: 366,
    };
  },
};

export const athenaPreflightHandlers: ServiceHandlers = {
  GetWorkGroup(p, { scenario }) {
    const name = String(p.WorkGroup ?? '');
    const wg = (scenario.athena?.workgroups ?? { primary: {} })[name];
    if (!wg) throw new FakeAwsError(400, 'InvalidRequestException', `WorkGroup ${name} is not found.`);
    return {
      WorkGroup: {
        Name: name,
        State: wg.state ?? 'ENABLED',
        Configuration: wg.outputLocation
          ? { ResultConfiguration: { OutputLocation: wg.outputLocation } }
          : {},
      },
    };
  },
  GetTableMetadata(p, { scenario }) {
    const table = `${String(p.DatabaseName)}.${String(p.TableName)}`;
    const tables = scenario.athena?.tables;
    if (tables && !tables.includes(table))
      throw new FakeAwsError(
        400,
        'MetadataException',
        `EntityNotFoundException: Table ${String(p.TableName)} not found`,
      );
    const meta = scenario.athena?.tableMetadata?.[table];
    if (meta)
      return {
        TableMetadata: {
          Name: p.TableName,
          TableType: 'EXTERNAL_TABLE',
          Columns: [{ Name: 'eventtime', Type: 'string' }],
          PartitionKeys: meta.partitionKeys.map((Name) => ({ Name, Type: 'string' })),
          Parameters: meta.parameters,
        },
      };
    return {
      TableMetadata: {
        Name: p.TableName,
        TableType: 'EXTERNAL_TABLE',
        Columns: [{ Name: 'eventtime', Type: 'string' }],
        Parameters: { location: 's3://notes-app-cloudtrail-logs/trail/AWSLogs/123456789012/CloudTrail/' },
      },
    };
  },
};
