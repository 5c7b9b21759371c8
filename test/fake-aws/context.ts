// What every service handler sees: the scenario, the mutable account state, the faults.
import type { Faults } from './faults.js';
import type { Params } from './protocols.js';
import type { FakePolicyGenerationJob, Scenario } from './scenario.js';

export interface FakeState {
  accessAdvisorJobs: Map<string, { arn: string; polls: number; read?: boolean }>;
  /** Access Advisor jobs generated and not yet read to their last page: now, and the most at once. */
  accessAdvisorOpen: number;
  accessAdvisorPeak: number;
  generationJobs: FakePolicyGenerationJob[];
  /** Arrival times of LookupEvents calls (for the 2-per-second limit). */
  lookupStamps: number[];
  nextId: number;
  /** Athena query executions (services/athena.ts). */
  athenaQueries: unknown[];
  /** CloudTrail Lake queries (services/cloudtrail-lake.ts). */
  lakeQueries: unknown[];
  /** Logs Insights queries (services/logs.ts). */
  logsQueries: unknown[];
}

export interface HandlerContext {
  /** The account the request's credentials belong to (a member after AssumeRole). */
  scenario: Scenario;
  /** The scenario the fake was started with (the organization's management account). */
  root?: Scenario;
  state: FakeState;
  faults: Faults;
  now: () => number;
  /** The region in the request's credential scope. */
  region: string;
  newId: (prefix: string) => string;
}

export type Handler = (params: Params, ctx: HandlerContext) => unknown;
export type ServiceHandlers = Record<string, Handler>;

export function newState(s: Scenario): FakeState {
  return {
    accessAdvisorJobs: new Map(),
    accessAdvisorOpen: 0,
    accessAdvisorPeak: 0,
    generationJobs: (s.policyGenerations ?? []).map((j) => ({ ...j })),
    lookupStamps: [],
    nextId: 1,
    athenaQueries: [],
    lakeQueries: [],
    logsQueries: [],
  };
}
