// The whole wizard on the bundled demo: role → window → sources → gathering → review →
// rationale → preview → save Terraform, through keys only.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { cleanup, render } from '../helpers/ink.js';
import { demoEngine, tempDir } from './support.js';

const require = createRequire(import.meta.url);
const hcl = require('hcl2-parser') as { parseToObject: (text: string) => [unknown, unknown] };

afterEach(cleanup);

describe('the whole flow on the demo account', () => {
  it('picks the deployer, reviews, writes a rationale and saves Terraform that parses', async () => {
    const sessions = tempDir();
    const out = tempDir();
    const r = render(<App engine={demoEngine()} sessionsDir={sessions} cwd={out} color={false} />);
    await r.waitFor(/Choose a role[\s\S]*of \d+/);
    expect(r.frame()).toContain('Demo account 123456789012');

    await r.type('deployer');
    await r.waitFor('› /serverless-deployer');
    await r.press('enter');

    await r.waitFor('Time window');
    await r.press('down');
    await r.waitFor('› 30d');
    await r.press('enter');

    await r.waitFor('Sources of evidence');
    await r.press('enter');
    await r.waitFor('Press enter to review', 15_000);
    await r.press('enter');

    const review = await r.waitFor(/✓ \d+ accepted/);
    expect(review).toMatch(/▾ cloudformation/);
    // The session exists on disk from the role choice on.
    const files = readdirSync(sessions).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    // Each source keeps where its evidence came from, so resume can gather again without flags.
    const stored = JSON.parse(readFileSync(path.join(sessions, files[0]!), 'utf8')) as {
      sources: { id: string; settings: Record<string, unknown> }[];
    };
    expect(stored.sources.length).toBeGreaterThan(0);
    for (const s of stored.sources) expect(s.settings, s.id).toMatchObject({ origin: 'demo' });

    await r.type('/');
    await r.type('svc:cloudformation');
    await r.press('enter');
    await r.waitFor('filter: svc:cloudformation');
    await r.press('down');
    await r.waitFor(/› +\[✓\] /);
    await r.type('c');
    await r.waitFor('Rationale for statement');
    await r.type('Deploys the notes app stack.');
    await r.press('enter');
    await r.type('Reviewed with the platform team.');
    await r.press('ctrlS');
    await r.waitFor('Deploys the notes app stack.');

    await r.type('v');
    await r.waitFor('Preview · Terraform');
    await r.type('s');
    const asked = await r.waitFor(/Save anyway\?|wrote /);
    if (asked.includes('Save anyway?')) await r.type('y');
    const saved = await r.waitFor('wrote ');
    const file = /wrote (\S+\.tf)/.exec(saved)?.[1];
    expect(file && path.dirname(file)).toBe(out);
    const tf = readFileSync(file!, 'utf8');
    expect(tf).toContain('# Deploys the notes app stack.');
    expect(tf).toContain('# Reviewed with the platform team.');
    const [parsed, error] = hcl.parseToObject(tf);
    expect(error).toBeNull();
    expect(JSON.stringify(parsed)).toContain('aws_iam_policy_document');
  });
});
