// `--portable`: the role's own account id, region and (optionally) stage inside ARNs
// become references of the output format, so one policy serves every account and stage.
// Pure: an ARN string → literal pieces and references; each format writes the references
// its own way. Another account's ARNs are never rewritten.
import { parseArn } from '../core/arn.js';
import type { PolicyModel } from '../core/types.js';

export type PortableRef = 'account' | 'region' | 'stage';
export type Segment = string | { ref: PortableRef };

export interface PortableRefs {
  account: string;
  region?: string;
  /** Written as the format's stage variable where a name holds it as a whole word. */
  stage?: string;
}

/** Where a stage may stand in a name: between `-`, `_`, `/`, `:` or `.`, or at an end. */
function stagePattern(stage: string): RegExp {
  const escaped = stage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<=^|[-_/:.])${escaped}(?=$|[-_/:.])`, 'g');
}

function pushLiteral(out: Segment[], text: string): void {
  if (!text) return;
  const last = out.at(-1);
  if (typeof last === 'string') out[out.length - 1] = last + text;
  else out.push(text);
}

function withStage(text: string, stage: string | undefined, out: Segment[]): void {
  if (!stage) return pushLiteral(out, text);
  let at = 0;
  for (const m of text.matchAll(stagePattern(stage))) {
    pushLiteral(out, text.slice(at, m.index));
    out.push({ ref: 'stage' });
    at = m.index + stage.length;
  }
  pushLiteral(out, text.slice(at));
}

/**
 * The pieces of `value` with the role's account, region and stage as references. Only
 * ARNs in the role's own account are rewritten (and account-less ARNs such as S3's, for
 * the stage alone); anything else comes back as one literal piece.
 */
export function portableSegments(value: string, refs: PortableRefs | undefined): Segment[] {
  const arn = refs ? parseArn(value) : undefined;
  if (!refs || !arn) return [value];
  const own = arn.account === refs.account;
  if (!own && arn.account !== '') return [value];
  const out: Segment[] = [];
  pushLiteral(out, `arn:${arn.partition}:${arn.service}:`);
  if (own && refs.region && arn.region === refs.region) out.push({ ref: 'region' });
  else pushLiteral(out, arn.region);
  pushLiteral(out, ':');
  if (own) out.push({ ref: 'account' });
  else pushLiteral(out, arn.account);
  pushLiteral(out, ':');
  withStage(arn.resource, refs.stage, out);
  return out;
}

/** The value a format's references stand for, filled back in (round-trip tests, previews). */
export function fillSegments(segments: Segment[], refs: PortableRefs): string {
  return segments
    .map((s) => (typeof s === 'string' ? s : s.ref === 'stage' ? (refs.stage ?? '') : (refs[s.ref] ?? '')))
    .join('');
}

export function usesRef(model: PolicyModel, refs: PortableRefs | undefined, ref: PortableRef): boolean {
  return model.statements.some((s) =>
    s.resources.some((r) => portableSegments(r, refs).some((p) => typeof p !== 'string' && p.ref === ref)),
  );
}

/** Stage names teams use; one of them standing as a whole word in the role name is its stage. */
const STAGE_WORDS = ['prod', 'production', 'staging', 'stage', 'dev', 'development', 'test', 'qa', 'uat'];

/**
 * `notes-app-api-prod-delete-us-east-1-lambdaRole` → `prod`: the one well-known stage word
 * in the name (Serverless names roles SERVICE-STAGE-[FUNCTION-]REGION-lambdaRole); none
 * when there is no such word or more than one.
 */
export function stageFromRoleName(name: string): string | undefined {
  const words = new Set(name.split(/[-_/.]+/));
  const found = STAGE_WORDS.filter((w) => words.has(w));
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The region the policy's own-account ARNs name most often (`--region` wins when given):
 * the region the role works in.
 */
export function dominantRegion(model: PolicyModel, account: string): string | undefined {
  const counts = new Map<string, number>();
  for (const r of model.statements.flatMap((s) => s.resources)) {
    const arn = parseArn(r);
    if (arn && arn.account === account && arn.region && !arn.region.includes('$')) {
      counts.set(arn.region, (counts.get(arn.region) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

export interface PortableOptions {
  portable?: boolean;
  region?: string;
  stage?: string;
}

/** The references `--portable` writes for this model, or undefined without it. */
export function portableRefsFor(model: PolicyModel, opts: PortableOptions): PortableRefs | undefined {
  if (!opts.portable || !model.role.account) return undefined;
  const account = model.role.account;
  const stage = opts.stage ?? stageFromRoleName(model.role.name);
  return { account, region: opts.region ?? dominantRegion(model, account), ...(stage ? { stage } : {}) };
}
