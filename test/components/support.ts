// Shared pieces of the component tests: a fake engine (scripted sources), sessions in a
// temporary folder through the real SessionHandle, and the demo account's evidence.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Engine, GatherOptions, GatherResult, SourcePlan } from '../../components/engine.js';
import { engineFromConfig } from '../../components/engine.js';
import { gather } from '../../src/sources/gather.js';
import { demoFolder, readAccountFolder } from '../../src/sources/account-folder.js';
import { roleRefFromArn } from '../../src/core/arn.js';
import type { Evidence, RoleDetail, RoleRef } from '../../src/core/types.js';
import { SessionHandle } from '../../sessions/handle.js';
import type { NewSessionInput } from '../../sessions/handle.js';
import type { SessionEvent } from '../../sessions/events.js';

export function tempDir(prefix = 'iam-refine-tui-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export const DEMO_CLOCK = new Date('2026-11-20T23:59:59Z');
export const DEPLOYER = roleRefFromArn('arn:aws:iam::123456789012:role/serverless-deployer')!;

export function demoEngine(): Engine {
  return engineFromConfig(readAccountFolder(demoFolder(), 'demo'), { banner: 'Demo account 123456789012' });
}

/** Evidence the demo gives a role over its whole recording, and the role's details. */
export async function demoEvidence(
  roleName: string,
): Promise<{ role: RoleRef; detail?: RoleDetail; evidence: Evidence[] }> {
  const engine = demoEngine();
  const detail = (await engine.listRoles()).find((r) => r.name === roleName);
  const role = roleRefFromArn(detail?.arn ?? `arn:aws:iam::123456789012:role/${roleName}`)!;
  const plans = await engine.planSources(role);
  const result = await engine.gather(plans, { role });
  return { role, detail, evidence: result.evidence };
}

export function newHandle(input: NewSessionInput, events: SessionEvent[] = []): SessionHandle {
  const h = SessionHandle.create(tempDir('iam-refine-sessions-'), input, { write: { durable: false } });
  for (const e of events) h.dispatch(e);
  return h;
}

export interface ScriptedSource {
  plan: Omit<SourcePlan, 'run'>;
  /** Progress steps then the evidence; `fail` throws instead; `hang` waits for cancel. */
  steps?: number;
  evidence?: Evidence[];
  fail?: string;
  hang?: boolean;
  /** Problems reported before finishing (the source ends partial). */
  problems?: { message: string; fix?: string }[];
}

/** An engine whose sources follow a script; gathering goes through the real gather(). */
export function fakeEngine(opts: {
  roles?: RoleDetail[];
  sources?: ScriptedSource[];
  mode?: Engine['mode'];
  now?: Date;
  banner?: string;
}): Engine & { gathers: GatherOptions[] } {
  const gathers: GatherOptions[] = [];
  const plans: SourcePlan[] = (opts.sources ?? []).map((s) => ({
    ...s.plan,
    run: async (ctx) => {
      const total = s.steps ?? 0;
      for (let i = 1; i <= total; i++) {
        ctx.onProgress({
          source: s.plan.id,
          label: s.plan.label,
          state: 'running',
          done: i,
          total,
          unit: 'traces',
        });
        await new Promise((r) => setImmediate(r));
      }
      for (const p of s.problems ?? []) ctx.onProblem?.(p);
      if (s.fail) throw new Error(s.fail);
      if (s.hang) {
        await new Promise<void>((resolve) =>
          ctx.signal.addEventListener('abort', () => resolve(), { once: true }),
        );
      }
      return s.evidence ?? [];
    },
  }));
  return {
    gathers,
    mode: opts.mode ?? 'files',
    banner: opts.banner,
    now: () => opts.now ?? DEMO_CLOCK,
    listRoles: async () => opts.roles ?? [],
    planSources: async () => plans,
    gather: (p: SourcePlan[], g: GatherOptions): Promise<GatherResult> => {
      gathers.push(g);
      return gather(p, g);
    },
  };
}

export function evidence(action: string, extra: Partial<Evidence> = {}): Evidence {
  return { source: 'xray', action, count: 1, denied: 0, samples: [], ...extra };
}

/**
 * The demo role without the statement that lets Lambda read the notes stream, for tests that
 * walk the dynamodb group row by row (DeleteItem, then GetItem).
 */
export function withoutStreamReads(detail?: RoleDetail): RoleDetail | undefined {
  if (!detail) return detail;
  const reads = (s: Record<string, unknown>) => JSON.stringify(s.Action).includes('dynamodb:GetRecords');
  return {
    ...detail,
    policies: detail.policies.map((p) => {
      const st = p.document.Statement;
      return Array.isArray(st)
        ? { ...p, document: { ...p.document, Statement: st.filter((s) => !reads(s)) } }
        : p;
    }),
  };
}
