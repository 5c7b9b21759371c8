// Which documents of a trace speak for the role. With Lambda functions given: the
// function segments (origin AWS::Lambda::Function) of the functions whose execution
// role is the role. With a service name: the segments of that name. With neither:
// every document of the trace.
import type { RoleRef } from '../../core/types.js';
import { functionsOfRole, type LambdaFunctionInfo } from './lambda-functions.js';
import { rec, str, type SegmentDoc } from './segments.js';

export interface TraceSelection {
  role: RoleRef;
  /** Keep only segments with this name (`--xray-service`). */
  service?: string;
  /** `aws lambda list-functions` entries: keep the role's function segments. */
  lambdaFunctions?: LambdaFunctionInfo[];
}

const FUNCTION_ORIGIN = 'AWS::Lambda::Function';

/** `arn:aws:lambda:r:a:function:name[:qualifier]` → `arn:aws:lambda:r:a:function:name`. */
function unqualified(arn: string): string {
  const m = /^(arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+)/.exec(arn);
  return (m?.[1] ?? arn).toLowerCase();
}

function isFunctionOf(doc: SegmentDoc, functions: LambdaFunctionInfo[]): boolean {
  if (str(doc.origin) !== FUNCTION_ORIGIN) return false;
  const arn = str(rec(doc.aws).function_arn) ?? str(doc.resource_arn);
  if (arn) return functions.some((f) => unqualified(f.arn) === unqualified(arn));
  return functions.some((f) => f.name === str(doc.name));
}

/**
 * The documents whose calls count for the role; empty when the trace is not the
 * role's. Inferred segments (the called service's view of a call) count only when the
 * whole trace counts and the caller's subsegment is missing, so no call counts twice.
 */
export function selectDocuments(docs: SegmentDoc[], sel: TraceSelection): SegmentDoc[] {
  const functions = sel.lambdaFunctions ? functionsOfRole(sel.lambdaFunctions, sel.role.arn) : undefined;
  if (!functions && !sel.service) return docs;
  return docs.filter(
    (d) =>
      d.inferred !== true &&
      (!functions || isFunctionOf(d, functions)) &&
      (!sel.service || str(d.name) === sel.service),
  );
}

/** Whether a selection can match anything at all (no function has the role: say so). */
export function selectionIsEmpty(sel: TraceSelection): boolean {
  return !!sel.lambdaFunctions && functionsOfRole(sel.lambdaFunctions, sel.role.arn).length === 0;
}
