// SSE-KMS needs in the review (test/fixtures/sse-kms): a need the policy grants starts
// accepted, one it does not grant is a pending suggestion; both marked sse-kms, with the fact.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { engineFromConfig } from '../../components/engine.js';
import { gatheredEvents } from '../../components/gathered.js';
import { roleRefFromArn } from '../../src/core/arn.js';
import { readAccountFolder } from '../../src/sources/account-folder.js';
import { cleanup, render } from '../helpers/ink.js';
import { fakeEngine, newHandle, tempDir } from './support.js';

afterEach(cleanup);

const DIR = path.join(import.meta.dirname, '../fixtures/sse-kms');

async function mount(roleName: string) {
  const engine = engineFromConfig(readAccountFolder(DIR, 'folder'), { banner: 'SSE-KMS fixture' });
  const detail = (await engine.listRoles()).find((r) => r.name === roleName)!;
  const role = roleRefFromArn(detail.arn)!;
  const result = await engine.gather(await engine.planSources(role), { role });
  const h = newHandle({ role, roleDetail: detail, screen: 'review' });
  h.dispatch({ type: 'setSources', sources: [{ id: 'cloudtrail', label: 'CloudTrail events' }] });
  for (const e of gatheredEvents(h.session, result, new Date('2026-11-04T00:00:00Z'))) h.dispatch(e);
  return render(
    <App engine={fakeEngine({})} sessionsDir={h.dir} session={h} cwd={tempDir()} color={false} />,
    { columns: 200, rows: 40 },
  );
}

describe('SSE-KMS needs in the review', () => {
  it('granted today: accepted, marked sse-kms, the call and key in the detail', async () => {
    const r = await mount('reports-writer');
    const f = await r.waitFor('▾ kms');
    expect(f).toMatch(/\[✓\] GenerateDataKey .*CT .*sse-kms/);
    await r.type('/');
    await r.type('is:sse-kms');
    await r.waitFor((x) => x.includes('] GenerateDataKey') && !x.includes('] PutObject'));
    await r.press('enter');
    await r.press('down');
    const detail = await r.waitFor('SSE-KMS: s3:PutObject on bucket reports');
    expect(detail).toContain('key/0987dcba-09fe-87dc-65ba-ab0987654321');
  });

  it('not granted today: a pending suggestion', async () => {
    const r = await mount('archive-writer');
    const f = await r.waitFor('▾ kms');
    expect(f).toMatch(/\[ \] GenerateDataKey .*sse-kms/);
    expect(f).toMatch(/\[✓\] PutObject/);
  });
});
