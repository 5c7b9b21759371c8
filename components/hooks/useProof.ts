// Proof before save (issue 7) for the preview: the local replay of every observed call
// through the policy as it will be written, and the AWS checks when the engine can run
// them (live credentials). The saved files carry the same proof scan writes.
import { useMemo, useState } from 'react';
import { replayPolicy, type OnlineProof } from '../../src/core/replay.js';
import type { Evidence, PolicyModel, RoleDetail } from '../../src/core/types.js';
import { renderPolicyJson } from '../../src/render/json.js';
import type { Engine } from '../engine.js';

type Online =
  | { state: 'running'; policyJson: string }
  | { state: 'done'; policyJson: string; proof: OnlineProof }
  | { state: 'failed'; policyJson: string; message: string };

export function useProof(
  model: PolicyModel,
  evidence: Evidence[],
  role: RoleDetail | undefined,
  engine?: Engine,
) {
  const policyJson = useMemo(() => renderPolicyJson(model), [model]);
  const replay = useMemo(
    () => replayPolicy(evidence, policyJson, { filled: model.filled }),
    [evidence, policyJson, model.filled],
  );
  const [online, setOnline] = useState<Online>();
  // AWS checked another policy: a decision changed since, so its answer no longer applies.
  const current = online?.policyJson === policyJson ? online : undefined;
  const proved = useMemo<PolicyModel>(
    () => ({
      ...model,
      proof: { replay, ...(current?.state === 'done' ? { online: current.proof } : {}) },
    }),
    [model, replay, current],
  );
  const canCheck = Boolean(engine?.proveOnline);
  return {
    replay,
    proved,
    online: current,
    canCheck,
    /** Run the AWS checks on the policy as it is now; false when the engine cannot. */
    check(): boolean {
      const prove = engine?.proveOnline;
      if (!prove || current?.state === 'running') return Boolean(prove);
      setOnline({ state: 'running', policyJson });
      prove({ policyJson, replay, current: role }).then(
        (proof) =>
          setOnline((o) => (o?.policyJson === policyJson ? { state: 'done', policyJson, proof } : o)),
        (e: unknown) =>
          setOnline((o) =>
            o?.policyJson === policyJson
              ? { state: 'failed', policyJson, message: e instanceof Error ? e.message : String(e) }
              : o,
          ),
      );
      return true;
    },
  };
}
