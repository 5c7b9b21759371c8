// CloudTrail (JSON 1.1): LookupEvents over management events of the called region,
// newest first, at most 50 a page, throttled beyond 2 calls a second when asked;
// DescribeTrails.
import type { ServiceHandlers } from '../context.js';
import { clampInt, page } from '../paging.js';
import { FakeAwsError } from '../protocols.js';
import type { FakeTrail, Scenario } from '../scenario.js';

type CtRecord = Record<string, unknown>;

function username(r: CtRecord): string | undefined {
  const id = r.userIdentity as { type?: string; arn?: string; userName?: string } | undefined;
  if (id?.type === 'AssumedRole') return id.arn?.split('/').pop();
  return id?.userName;
}

const ATTRIBUTE: Record<string, (r: CtRecord) => unknown> = {
  EventName: (r) => r.eventName,
  EventSource: (r) => r.eventSource,
  EventId: (r) => r.eventID,
  ReadOnly: (r) => String(r.readOnly),
  Username: username,
  AccessKeyId: (r) => (r.userIdentity as { accessKeyId?: string } | undefined)?.accessKeyId,
};

export const cloudtrailHandlers: ServiceHandlers = {
  LookupEvents(p, { scenario, state, now, region }) {
    if (scenario.enforceLookupEventsRate) {
      const t = now();
      state.lookupStamps = state.lookupStamps.filter((s) => t - s < 1000);
      state.lookupStamps.push(t);
      if (state.lookupStamps.length > 2) throw new FakeAwsError(400, 'ThrottlingException', 'Rate exceeded');
    }
    const attrs =
      (p.LookupAttributes as { AttributeKey: string; AttributeValue: string }[] | undefined) ?? [];
    if (attrs.length > 1)
      throw new FakeAwsError(
        400,
        'InvalidLookupAttributesException',
        'You can only specify one lookup attribute.',
      );
    const start = p.StartTime === undefined ? 0 : Number(p.StartTime);
    const end = p.EndTime === undefined ? now() / 1000 : Number(p.EndTime);
    const size = clampInt(p.MaxResults, 50, 1, 50, 'MaxResults');
    const events = (scenario.events ?? [])
      .filter((r) => r.managementEvent !== false && (r.eventCategory ?? 'Management') === 'Management')
      .filter((r) => r.awsRegion === region)
      .map((r) => ({ r, t: Date.parse(String(r.eventTime)) / 1000 }))
      .filter(({ t }) => t >= start && t <= end)
      .filter(({ r }) => attrs.every((a) => String(ATTRIBUTE[a.AttributeKey]?.(r)) === a.AttributeValue))
      .sort((a, b) => b.t - a.t);
    const pg = page(events, p.NextToken, size, { start, end, attrs, size });
    return {
      Events: pg.items.map(({ r, t }) => ({
        EventId: r.eventID,
        EventName: r.eventName,
        ReadOnly: String(r.readOnly ?? 'false'),
        AccessKeyId: (r.userIdentity as { accessKeyId?: string } | undefined)?.accessKeyId,
        EventTime: t,
        EventSource: r.eventSource,
        Username: username(r),
        Resources: ((r.resources as { ARN?: string; type?: string }[] | undefined) ?? []).map((x) => ({
          ResourceType: x.type,
          ResourceName: x.ARN,
        })),
        CloudTrailEvent: JSON.stringify(r),
      })),
      NextToken: pg.next,
    };
  },
  DescribeTrails(_p, { scenario }) {
    return {
      trailList: (scenario.trails ?? []).map(
        ({ IsLogging: _l, EventSelectors: _e, AdvancedEventSelectors: _a, memberView: _m, ...t }) => ({
          IncludeGlobalServiceEvents: true,
          IsMultiRegionTrail: false,
          IsOrganizationTrail: false,
          HomeRegion: t.TrailARN.split(':')[3],
          LogFileValidationEnabled: true,
          HasCustomEventSelectors: false,
          HasInsightSelectors: false,
          ...t,
        }),
      ),
    };
  },
  GetTrailStatus(p, { scenario }) {
    const t = trailOf(scenario, p.Name);
    return { IsLogging: t.IsLogging ?? true, LatestDeliveryTime: Date.parse('2026-11-20T23:55:00Z') / 1000 };
  },
  GetEventSelectors(p, { scenario }) {
    const t = trailOf(scenario, p.TrailName);
    if (t.AdvancedEventSelectors)
      return { TrailARN: t.TrailARN, AdvancedEventSelectors: t.AdvancedEventSelectors };
    return {
      TrailARN: t.TrailARN,
      EventSelectors: t.EventSelectors ?? [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [],
          ExcludeManagementEventSources: [],
        },
      ],
    };
  },
};

/** A trail by name or ARN, as GetTrailStatus and GetEventSelectors take it. */
function trailOf(scenario: Scenario, name: unknown): FakeTrail {
  const t = (scenario.trails ?? []).find((x) => x.Name === name || x.TrailARN === name);
  if (!t || t.memberView)
    throw new FakeAwsError(400, 'TrailNotFoundException', `Unknown trail: ${String(name)} for the user`);
  return t;
}
