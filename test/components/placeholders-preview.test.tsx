// Placeholders, preview and save on the demo's deployer (CloudTrail + Access Analyzer).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { gatheredEvents } from '../../components/gathered.js';
import type { Screen } from '../../sessions/schema.js';
import type { Evidence, RoleDetail, RoleRef } from '../../src/core/types.js';
import { cleanup, render } from '../helpers/ink.js';
import { demoEvidence, fakeEngine, newHandle, tempDir } from './support.js';

afterEach(cleanup);

let demo: { role: RoleRef; detail?: RoleDetail; evidence: Evidence[] };
beforeAll(async () => {
  demo = await demoEvidence('serverless-deployer');
});

function mount(screen: Screen) {
  const handle = newHandle({ role: demo.role, roleDetail: demo.detail, screen });
  const result = { evidence: demo.evidence, results: [] };
  for (const e of gatheredEvents(handle.session, result, new Date('2026-11-21T00:00:00Z')))
    handle.dispatch(e);
  const out = tempDir();
  const r = render(
    <App engine={fakeEngine({})} sessionsDir={handle.dir} session={handle} cwd={out} color={false} />,
    { columns: 150, rows: 40 },
  );
  return { r, handle, out };
}

describe('placeholders screen', () => {
  it('lists each ${Name} left, fills it from an observed value, and counts down', async () => {
    const { r, handle } = mount('placeholders');
    const f = await r.waitFor(/(\d+) of \1 left to fill/);
    const total = Number(/(\d+) of \d+ left to fill/.exec(f)![1]);
    const name = /› \$\{(\w+)\}/.exec(f)![1]!;
    expect(f).toContain('used by ');
    const seen = /seen here: ([^,\n]+)/.exec(f)?.[1];
    expect(seen).toBeDefined();
    await r.press('enter');
    await r.waitFor(`\${${name}}`);
    await r.press('enter');
    await r.waitFor(total > 1 ? `${total - 1} of ${total} left to fill` : `0 of ${total} left to fill`);
    // Enter fills this ARN only (issue 13): the value lands on the occurrence, not the name.
    const [key, value] = Object.entries(handle.session.fillsByArn ?? {})[0]!;
    expect(key.startsWith(`${name}@`)).toBe(true);
    expect(value).toBe(seen!.trim());
    expect(handle.session.fills[name]).toBeUndefined();
  });

  it('esc cancels an edit; a typed value replaces the suggestion', async () => {
    const { r, handle } = mount('placeholders');
    const f = await r.waitFor('left to fill');
    const name = /› \$\{(\w+)\}/.exec(f)![1]!;
    await r.press('enter');
    await r.waitFor('enter keep');
    await r.press('escape');
    await r.waitFor('enter fill');
    await r.press('enter');
    await r.waitFor('enter keep');
    await r.type('\u0015'); // ctrl+u clears the field
    await r.type('my-value');
    await r.press('enter');
    await r.waitFor('= my-value');
    expect(Object.entries(handle.session.fillsByArn ?? {})).toEqual([
      [expect.stringMatching(new RegExp(`^${name}@`)), 'my-value'],
    ]);
  });
});

describe('preview and save', () => {
  it('switches format, asks before saving with placeholders left, writes and lists the files', async () => {
    const { r, out } = mount('preview');
    await r.waitFor('Preview · Terraform');
    // The Terraform opens with its proof: the replay, the calls waiting on placeholders.
    expect(r.frame()).toContain('# Replay (local evaluator): allows');
    await r.type('f');
    await r.waitFor('Preview · policy JSON + Markdown');
    expect(r.frame()).toContain('"Version": "2012-10-17"');
    const json = path.join(out, 'serverless-deployer-policy.json');
    expect(r.frame()).toContain(`path: ${json} + `);
    expect(r.frame()).toMatch(/[\d,]+ of 6,144 characters/);

    await r.type('s');
    await r.waitFor(/placeholder\(s\) left .*Save anyway\? \(y\/n\)/);
    await r.type('n');
    await r.waitFor('Not saved.');
    expect(existsSync(json)).toBe(false);

    await r.type('s');
    await r.waitFor('Save anyway?');
    await r.type('y');
    await r.waitFor(`wrote ${path.join(out, 'serverless-deployer-policy.md')}`);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { Statement: { Sid: string }[] };
    expect(doc.Statement.length).toBeGreaterThan(3);
  });

  it('f goes through every format; the session keeps the choice and the save writes it', async () => {
    const { r, handle, out } = mount('preview');
    await r.waitFor('Preview · Terraform');
    for (const label of [
      'policy JSON + Markdown',
      'CloudFormation',
      'Serverless Framework',
      'CDK (TypeScript)',
    ]) {
      await r.type('f');
      await r.waitFor(`Preview · ${label}`);
    }
    expect(handle.session.output.format).toBe('cdk');
    expect(r.frame()).toContain('// Least-privilege policy for role serverless-deployer');
    const ts = path.join(out, 'serverless-deployer-policy.ts');
    expect(r.frame()).toContain(`path: ${ts}`);
    await r.type('s');
    await r.waitFor('Save anyway?');
    await r.type('y');
    await r.waitFor(`wrote ${ts}`);
    expect(readFileSync(ts, 'utf8')).toContain("import * as iam from 'aws-cdk-lib/aws-iam';");
    await r.type('f');
    await r.waitFor('Preview · Terraform');
  });

  it('refuses to overwrite without a yes', async () => {
    const { r, out } = mount('preview');
    const tf = path.join(out, 'serverless-deployer-policy.tf');
    writeFileSync(tf, 'keep me\n');
    await r.waitFor('Preview · Terraform');
    await r.type('s');
    await r.waitFor('Save anyway?');
    await r.type('y');
    await r.waitFor(`Overwrite ${tf}? (y/n)`);
    await r.type('n');
    await r.waitFor('Not saved: the files are left as they are.');
    expect(readFileSync(tf, 'utf8')).toBe('keep me\n');
    await r.type('s');
    await r.type('y');
    await r.waitFor('Overwrite');
    await r.type('y');
    await r.waitFor(`wrote ${tf}`);
    expect(readFileSync(tf, 'utf8')).toContain('data "aws_iam_policy_document"');
  });

  it('p goes to the placeholders the preview lists', async () => {
    const { r } = mount('preview');
    await r.waitFor(/placeholders left: .*\(p fills them\)/);
    await r.type('p');
    await r.waitFor('left to fill');
  });

  it('o edits the output path', async () => {
    const { r, out, handle } = mount('preview');
    await r.waitFor('Preview · Terraform');
    await r.type('o');
    await r.waitFor('enter keep');
    await r.type('\u0015');
    const target = path.join(out, 'infra', 'deployer.tf');
    await r.paste(target);
    await r.press('enter');
    await r.waitFor(`path: ${target}`);
    expect(handle.session.output.path).toBe(target);
  });
});
