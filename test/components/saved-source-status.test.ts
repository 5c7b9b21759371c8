// A TUI session keeps how each source ended, and every output it saves (and export writes)
// records it: a partial source is never passed off as a complete answer.
import { describe, expect, it } from 'vitest';
import { gatheredEvents } from '../../components/gathered.js';
import { sessionModel } from '../../components/review/model.js';
import { sessionReview } from '../../sessions/summary.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderTerraform } from '../../src/render/terraform.js';
import { demoEvidence, newHandle } from './support.js';

describe('source status in a session', () => {
  it('is kept from the gather and written into the Markdown and Terraform a save produces', async () => {
    const demo = await demoEvidence('notes-app-api-prod-delete-us-east-1-lambdaRole');
    const handle = newHandle({ role: demo.role, roleDetail: demo.detail, screen: 'review' });
    const results = [
      {
        id: 'xray' as const,
        label: 'X-Ray traces',
        state: 'done' as const,
        status: 'ok' as const,
        evidence: 3,
      },
      {
        id: 'cloudtrail' as const,
        label: 'CloudTrail events',
        state: 'done' as const,
        status: 'partial' as const,
        message: '1 of 3 files could not be read: a.json.gz is cut short',
        fix: 'Copy the file again from the trail bucket.',
        evidence: 9,
      },
    ];
    handle.dispatch({
      type: 'setSources',
      sources: results.map((r) => ({ id: r.id, label: r.label })),
    });
    for (const e of gatheredEvents(handle.session, { evidence: demo.evidence, results }, new Date()))
      handle.dispatch(e);
    expect(handle.session.sources.find((s) => s.id === 'cloudtrail')).toMatchObject({
      status: 'partial',
      fix: 'Copy the file again from the trail bucket.',
    });
    const { candidates } = sessionReview(handle.session);
    const model = sessionModel(handle.session, candidates);
    expect(model.sourceStatus?.map((s) => s.status)).toEqual(['ok', 'partial']);
    const md = renderMarkdown(model);
    expect(md).toContain('## Sources');
    expect(md).toMatch(/CloudTrail events: \*\*partial\*\*: 1 of 3 files could not be read/);
    expect(renderTerraform(model)).toMatch(/# Status: .*partial/i);
  });
});
