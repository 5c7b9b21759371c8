// Why a live source gave nothing, for scan and compare: the same check and the same
// line doctor prints for that source. Each source is explained once per run.
import type { AwsClients } from '../aws/clients.js';
import { isAbortError } from '../aws/errors.js';
import type { RoleRef, SourceId } from '../core/types.js';
import type { LiveConfig } from '../sources/config.js';
import { formatCheckLine } from './render.js';
import { checkSource } from './run.js';
import { DOCTOR_SOURCES, type DoctorSource } from './types.js';

export interface EmptySource {
  id: SourceId;
  label: string;
}

const isDoctorSource = (id: SourceId): id is DoctorSource =>
  (DOCTOR_SOURCES as readonly string[]).includes(id);

export async function explainEmptySources(
  clients: AwsClients,
  live: LiveConfig,
  role: RoleRef,
  empty: EmptySource[],
  write: (text: string) => unknown,
  explained: Set<string> = new Set(),
): Promise<void> {
  const todo = empty.filter((s) => isDoctorSource(s.id) && !explained.has(s.id));
  if (todo.length === 0) return;
  const ctx = {
    region: (await clients.sts.config.region()) ?? '',
    account: role.account,
    partition: role.partition,
    profile: clients.settings.profile,
    now: Date.now,
  };
  const opts = {
    role,
    xrayFilter: live.xrayFilter,
    accessRole: live.analyzerAccessRole,
    athena: live.athena,
    lake: live.lake,
  };
  for (const s of todo) {
    explained.add(s.id);
    try {
      const line = await checkSource(clients, ctx, s.id as DoctorSource, opts);
      write(`iam-refine: ${s.label} gave nothing. doctor says: ${formatCheckLine(line)}\n`);
    } catch (err) {
      if (isAbortError(err)) throw err;
      // The explanation is a courtesy: a check that cannot run must not fail the scan.
    }
  }
}
