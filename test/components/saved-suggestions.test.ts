// What a TUI save writes about the suggestions the review left pending (issue 13): the
// deployer's actions seen only as AccessDenied are listed, with their evidence, until decided.
import { describe, expect, it } from 'vitest';
import { gatheredEvents } from '../../components/gathered.js';
import { sessionModel } from '../../components/review/model.js';
import { sessionReview } from '../../sessions/summary.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { demoEvidence, newHandle } from './support.js';

describe('pending suggestions in a saved Markdown document', () => {
  it('lists them while pending; a rejected one moves to the change, an accepted one to the policy', async () => {
    const demo = await demoEvidence('serverless-deployer');
    const handle = newHandle({ role: demo.role, roleDetail: demo.detail, screen: 'review' });
    const results = { evidence: demo.evidence, results: [] };
    for (const e of gatheredEvents(handle.session, results, new Date('2026-11-21T00:00:00Z')))
      handle.dispatch(e);
    const saved = () =>
      renderMarkdown(sessionModel(handle.session, sessionReview(handle.session).candidates));
    const section = (md: string) => md.slice(md.indexOf('## Suggested, not accepted'));
    expect(section(saved())).toMatch(
      /^- `iam:CreatePolicy`: seen only as AccessDenied: CloudTrail: 0 events, 2 denied/m,
    );
    expect(section(saved())).toMatch(
      /^- `iam:PassRole`: inferred, not observed: lambda:CreateFunction passed this role/m,
    );
    handle.dispatch({ type: 'decide', action: 'iam:CreatePolicy', decision: 'rejected' });
    handle.dispatch({ type: 'decide', action: 'iam:PassRole', decision: 'accepted' });
    const md = saved();
    expect(section(md)).not.toContain('iam:CreatePolicy');
    expect(section(md)).not.toContain('iam:PassRole');
    expect(md).toMatch(/### Rejected in the review\n[\s\S]*\| `iam:CreatePolicy` \|/);
    expect(section(md)).toContain('`organizations:DescribeOrganization`');
  });
});
