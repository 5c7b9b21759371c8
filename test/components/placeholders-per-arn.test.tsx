// Placeholders filled per ARN (issue 13) on the demo's deployer: its two stacks' `${Id}`s.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { gatheredEvents } from '../../components/gathered.js';
import type { Evidence, RoleDetail, RoleRef } from '../../src/core/types.js';
import { sessionModel } from '../../components/review/model.js';
import { sessionReview } from '../../sessions/summary.js';
import { cleanup, render } from '../helpers/ink.js';
import { demoEvidence, fakeEngine, newHandle, tempDir } from './support.js';

afterEach(cleanup);

let demo: { role: RoleRef; detail?: RoleDetail; evidence: Evidence[] };
beforeAll(async () => {
  demo = await demoEvidence('serverless-deployer');
});

function mount() {
  const handle = newHandle({ role: demo.role, roleDetail: demo.detail, screen: 'placeholders' });
  const result = { evidence: demo.evidence, results: [] };
  for (const e of gatheredEvents(handle.session, result, new Date('2026-11-21T00:00:00Z')))
    handle.dispatch(e);
  const r = render(
    <App engine={fakeEngine({})} sessionsDir={handle.dir} session={handle} cwd={tempDir()} color={false} />,
    { columns: 160, rows: 44 },
  );
  return { r, handle };
}

const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/';
const PR42 = `${STACK}notes-app-api-pr42/\${Id}`;
const PROD = `${STACK}notes-app-api-prod/\${Id}`;
const BOTH = `${STACK}\${StackName}/\${Id}`;
const PR42_ID = '0b7c1d90-c2f4-11f0-a1c3-12f9e4d6a8b3';
const PROD_ID = '6f0e2a30-b87c-11f0-9d41-0e8a3c5f7b21';

/** Move the cursor to the row of `${name}` in the ARN whose resource part is `resource`. */
async function goTo(r: ReturnType<typeof mount>['r'], name: string, resource: string) {
  const row = new RegExp(`› \\$\\{${name}\\} +=.* in ${resource.replace(/[$/{}]/g, '\\$&')}\\s*$`, 'm');
  for (let i = 0; i < 6 && !row.test(r.frame()); i++) await r.press('down');
  return r.waitFor(row);
}

describe('placeholders per ARN', () => {
  it('fills the two stacks` ${Id}s separately, each suggested from its own stack', async () => {
    const { r, handle } = mount();
    await r.waitFor('4 of 4 left to fill');
    let f = await goTo(r, 'Id', 'stack/notes-app-api-pr42/${Id}');
    // Only pr42's own id fits the rest of this ARN: never the prod stack's.
    expect(f).toContain(`seen here: ${PR42_ID}\n`);
    await r.press('enter');
    await r.waitFor('${Id} in stack/notes-app-api-pr42/${Id} only');
    await r.press('enter');
    await r.waitFor('3 of 4 left to fill');

    f = await goTo(r, 'Id', 'stack/notes-app-api-prod/${Id}');
    expect(f).toContain(`seen here: ${PROD_ID}\n`);
    await r.press('enter');
    await r.waitFor('only');
    await r.press('enter');
    await r.waitFor('2 of 4 left to fill');
    expect(handle.session.fillsByArn).toEqual({ [`Id@${PR42}`]: PR42_ID, [`Id@${PROD}`]: PROD_ID });
    expect(handle.session.fills).toEqual({});
    expect(r.frame()).toContain(`= ${PR42_ID} in stack/notes-app-api-pr42/`);
    expect(r.frame()).toContain(`= ${PROD_ID} in stack/notes-app-api-prod/`);

    // The policy carries each stack's own id, never the other's.
    const resources = sessionModel(
      handle.session,
      sessionReview(handle.session).candidates,
    ).statements.flatMap((st) => st.resources);
    expect(resources).toContain(`${STACK}notes-app-api-pr42/${PR42_ID}`);
    expect(resources).toContain(`${STACK}notes-app-api-prod/${PROD_ID}`);
    expect(resources).not.toContain(`${STACK}notes-app-api-pr42/${PROD_ID}`);
  });

  it('picks a suggestion with Tab, and takes a typed value of its own', async () => {
    const { r, handle } = mount();
    await r.waitFor('4 of 4 left to fill');
    await goTo(r, 'Id', 'stack/${StackName}/${Id}');
    await r.press('enter');
    // Two stacks fit this ARN: the first is proposed, Tab takes the next.
    await r.waitFor(`seen for this ARN: [${PR42_ID}]  ${PROD_ID}`);
    await r.press('tab');
    await r.waitFor(`seen for this ARN: ${PR42_ID}  [${PROD_ID}]`);
    await r.press('enter');
    await r.waitFor('3 of 4 left to fill');
    expect(handle.session.fillsByArn).toEqual({ [`Id@${BOTH}`]: PROD_ID });

    await goTo(r, 'StackName', 'stack/${StackName}/${Id}');
    await r.press('enter');
    await r.waitFor('only');
    await r.type('\u0015'); // ctrl+u clears the field
    await r.type('my-stack');
    await r.press('enter');
    await r.waitFor('= my-stack in stack/');
    expect(handle.session.fillsByArn?.[`StackName@${BOTH}`]).toBe('my-stack');
  });

  it('e gives ${Id} one value in every ARN, replacing the per-ARN ones', async () => {
    const { r, handle } = mount();
    await r.waitFor('4 of 4 left to fill');
    await goTo(r, 'Id', 'stack/notes-app-api-pr42/${Id}');
    await r.press('enter');
    await r.press('enter');
    await r.waitFor('3 of 4 left to fill');
    await r.type('?');
    await r.waitFor('one value for this ${Name} in every ARN');
    await r.press('escape');
    await r.waitFor('e same everywhere');
    await r.type('e');
    await r.waitFor('${Id} everywhere (3 ARNs)');
    await r.type('\u0015');
    await r.type('shared-id');
    await r.press('enter');
    await r.waitFor('1 of 4 left to fill');
    expect(handle.session.fills).toEqual({ Id: 'shared-id' });
    expect(handle.session.fillsByArn).toBeUndefined();
    expect(r.frame().match(/= shared-id {2}\(everywhere\)/g)).toHaveLength(3);

    // The preview's replay flags the filled stacks the records contradict.
    await r.type('v');
    const f = await r.waitFor(
      /Replay \(u lists \d+ uncovered\): .*3 FILLED ARNs match no resource the records named/,
    );
    expect(f).toContain(
      `${STACK}notes-app-api-pr42/shared-id: filled ARN matches none of the 2 observed stacks`,
    );
  });
});
