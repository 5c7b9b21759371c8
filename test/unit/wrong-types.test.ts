// Every field of the X-Ray, IAM and Access Analyzer files, set to each wrong type in
// turn (a number, a string, null, a boolean, a list, an object, "__proto__"): the
// readers give evidence or a UserError that names the file, never a raw TypeError.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/core/errors.js';
import { expandPolicies } from '../../src/core/expand-policy.js';
import type { RoleRef } from '../../src/core/types.js';
import {
  evidenceFromFindings,
  evidenceFromGeneratedPolicy,
} from '../../src/sources/access-analyzer/index.js';
import { authorizationDetailsFrom } from '../../src/sources/iam/authorization-details.js';
import { evidenceFromTrace, parseLambdaFunctions, parseXrayFile } from '../../src/sources/xray/index.js';
import { runCli } from '../helpers/cli.js';
import { tmpDir } from '../helpers/hostile.js';

const WRONG: unknown[] = [7, 'x', null, true, [], {}, '__proto__', [1, 'a'], { a: 1 }];
const WHERE = 'file.json';

function role(name: string): RoleRef {
  return { arn: `arn:aws:iam::123456789012:role/${name}`, name, account: '123456789012', partition: 'aws' };
}

/** Each path into the value (objects and arrays), with the value set there. */
function* mutations(value: unknown, limit = 80): Generator<[string, unknown]> {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, at: (string | number)[]) => {
    if (at.length) paths.push(at);
    if (Array.isArray(v)) v.slice(0, 3).forEach((x, i) => walk(x, [...at, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
  };
  walk(value, []);
  const step = Math.max(1, Math.floor(paths.length / limit));
  for (let p = 0; p < paths.length; p += step) {
    const at = paths[p]!;
    for (const wrong of WRONG) {
      const copy = structuredClone(value) as Record<string | number, unknown>;
      let parent: Record<string | number, unknown> = copy;
      for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      parent[at.at(-1)!] = wrong;
      yield [`${at.join('.')} = ${JSON.stringify(wrong)}`, copy];
    }
  }
}

/** Segment documents as objects, so their fields are mutated too. */
function xrayWithObjects(file: string): unknown {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { Traces: { Segments: { Document: string }[] }[] };
  for (const t of data.Traces) for (const s of t.Segments) s.Document = JSON.parse(s.Document) as never;
  return data;
}

function expectOnlyUserErrors(name: string, run: (value: unknown) => unknown, value: unknown): void {
  const raw: string[] = [];
  for (const [what, mutated] of mutations(value)) {
    try {
      run(mutated);
    } catch (e) {
      if (!isUserError(e)) raw.push(`${what}: ${(e as Error).stack?.split('\n').slice(0, 2).join(' ')}`);
      else expect(`${e.where ?? ''}`).toContain(WHERE);
    }
  }
  expect(raw, `${name}: raw errors`).toEqual([]);
}

describe('wrong field types', () => {
  it('X-Ray trace files', () => {
    const lambdas = parseLambdaFunctions('l', JSON.parse(readFileSync('demo/lambda-functions.json', 'utf8')));
    const r = role('notes-app-api-prod-delete-us-east-1-lambdaRole');
    expectOnlyUserErrors(
      'xray',
      (v) => {
        for (const t of parseXrayFile(WHERE, JSON.stringify(v)))
          evidenceFromTrace(t.id, t.documents, { role: r, lambdaFunctions: lambdas });
        for (const t of parseXrayFile(WHERE, JSON.stringify(v)))
          evidenceFromTrace(t.id, t.documents, { role: r });
      },
      xrayWithObjects('demo/xray/notes-app-api-prod-delete.json'),
    );
  });

  it('lambda list-functions files', () => {
    expectOnlyUserErrors(
      'lambda',
      (v) => parseLambdaFunctions(WHERE, v),
      JSON.parse(readFileSync('demo/lambda-functions.json', 'utf8')),
    );
  });

  it('authorization details', () => {
    expectOnlyUserErrors(
      'authz',
      (v) => {
        // And what compare and scan do with the roles next.
        for (const r of authorizationDetailsFrom(v, WHERE).roles) expandPolicies(r.policies);
      },
      JSON.parse(readFileSync('demo/authorization-details.json', 'utf8')),
    );
  });

  it('generated policies', () => {
    expectOnlyUserErrors(
      'generated policy',
      (v) => evidenceFromGeneratedPolicy(v, WHERE, { role: role('serverless-deployer') }),
      JSON.parse(readFileSync('demo/access-analyzer/generated-policy-serverless-deployer.json', 'utf8')),
    );
  });

  it('unused-access findings', () => {
    expectOnlyUserErrors(
      'findings',
      (v) =>
        evidenceFromFindings([v], WHERE, { role: role('notes-app-api-prod-delete-us-east-1-lambdaRole') }),
      JSON.parse(readFileSync('demo/access-analyzer/findings-notes-app-api-prod-delete.json', 'utf8')),
    );
  });
});

describe('wrong field types through the CLI', () => {
  const ROLE = 'notes-app-api-prod-delete-us-east-1-lambdaRole';
  const AUTHZ = 'demo/authorization-details.json';

  it('an X-Ray call named __proto__ is an unmapped call, not a crash', async () => {
    const data = xrayWithObjects('demo/xray/notes-app-api-prod-delete.json') as {
      Traces: { Segments: { Document: { subsegments?: { subsegments?: { aws?: object }[] }[] } }[] }[];
    };
    for (const t of data.Traces)
      for (const s of t.Segments)
        for (const sub of s.Document.subsegments ?? [])
          for (const call of sub.subsegments ?? [])
            if (call.aws) Object.assign(call.aws, { operation: '__proto__' });
    const file = path.join(tmpDir('types-'), 'traces.json');
    writeFileSync(file, JSON.stringify(data));
    const r = await runCli([
      'compare',
      '--role',
      ROLE,
      '--authorization-details',
      AUTHZ,
      '--xray-traces',
      file,
    ]);
    expect(r.stderr).not.toMatch(/TypeError|\n\s+at /);
    expect([0, 3]).toContain(r.code);
  });

  it.each([
    [
      'a segment document that is a number',
      { Traces: [{ Id: '1-a', Segments: [{ Id: 's', Document: 5 }] }] },
      'trace 1-a segment #1 is not a segment document',
    ],
    [
      'Segments that is a string',
      { Traces: [{ Id: '1-a', Segments: 'x' }] },
      'trace #1 has no Segments list',
    ],
  ])('X-Ray: %s names the file and the record', async (_n, content, message) => {
    const file = path.join(tmpDir('types-'), 'traces.json');
    writeFileSync(file, JSON.stringify(content));
    const r = await runCli(['scan', '--role', ROLE, '--authorization-details', AUTHZ, '--xray-traces', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/TypeError|\n\s+at /);
  });

  it('authorization details with a role list that is an object name the file', async () => {
    const file = path.join(tmpDir('types-'), 'authz.json');
    writeFileSync(file, JSON.stringify({ RoleDetailList: { a: 1 }, Policies: 7 }));
    const r = await runCli(['compare', '--role', ROLE, '--authorization-details', file, '--demo']);
    expect(r.stderr).not.toMatch(/TypeError|\n\s+at /);
    expect(r.stderr).toContain(file);
    expect(r.code).toBe(1);
  });
});
