import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, MigrationError, type Migration } from '../../sessions/migrations.js';
import { SCHEMA_VERSION } from '../../sessions/schema.js';
import { parseSessionText } from '../../sessions/store.js';

const V1 = join(import.meta.dirname, '../fixtures/sessions/v1-notes-app-delete.json');

describe('session migrations', () => {
  it('the schema has moved on from version 1', () => {
    expect(SCHEMA_VERSION).toBeGreaterThan(1);
  });

  it('a version-1 file loads with every decision, fill, comment and piece of evidence', () => {
    const s = parseSessionText(readFileSync(V1, 'utf8'), V1);
    expect(s.schemaVersion).toBe(SCHEMA_VERSION);
    expect(s.role).toEqual({
      arn: 'arn:aws:iam::123456789012:role/notes-app-api-prod-delete-us-east-1-lambdaRole',
      name: 'notes-app-api-prod-delete-us-east-1-lambdaRole',
      account: '123456789012',
      partition: 'aws',
    });
    expect(s.tool).toEqual({ name: 'iam-refine', version: '0.0.9' });
    expect(s.decisions).toEqual({
      'dynamodb:DeleteItem': 'accepted',
      's3:DeleteObject': 'accepted',
      'dynamodb:GetItem': 'rejected',
    });
    expect(s.fills).toEqual({ UserId: '*' });
    expect(s.comments.byAction['dynamodb:GetItem']).toMatch(/never used/);
    expect(s.comments.byStatement).toEqual({ DynamoDBNotesTable: 'Note rows owned by the delete handler' });
    expect(s.evidence.map((e) => e.action)).toEqual([
      'dynamodb:DeleteItem',
      's3:DeleteObject',
      'dynamodb:GetItem',
    ]);
    expect(s.sources).toEqual([
      {
        id: 'xray',
        label: 'X-Ray traces',
        files: ['demo/xray/traces.json'],
        settings: { xrayService: 'notes-app-api-prod-delete' },
        state: 'done',
      },
      {
        id: 'unused-findings',
        label: 'Unused-access findings',
        files: ['demo/access-analyzer/findings-unused.json'],
        settings: {},
        state: 'done',
      },
    ]);
    expect(s.output).toEqual({ format: 'terraform', path: 'infra/notes-delete-policy.tf' });
    expect(s.ui).toEqual({ screen: 'review' });
    expect(s.history).toEqual([]);
    expect(s.updatedAt).toBe('2026-11-20T10:31:47.000Z');
  });

  it('a version-1 file with a role that is not a role ARN is refused, naming it', () => {
    const raw = {
      ...(JSON.parse(readFileSync(V1, 'utf8')) as object),
      roleArn: 'arn:aws:iam::123456789012:user/bob',
    };
    expect(() => parseSessionText(JSON.stringify(raw), V1)).toThrow(/user\/bob" is not an IAM role ARN/);
  });

  it('runs the chain in order, one step per version', () => {
    const steps: string[] = [];
    const chain: Record<number, Migration> = {
      1: (r) => (steps.push('1→2'), { ...r, schemaVersion: 2, a: 1 }),
      2: (r) => (steps.push('2→3'), { ...r, schemaVersion: 3, b: (r.a as number) + 1 }),
    };
    expect(migrate({ schemaVersion: 1 }, chain, 3)).toEqual({
      from: 1,
      data: { schemaVersion: 3, a: 1, b: 2 },
    });
    expect(steps).toEqual(['1→2', '2→3']);
    expect(migrate({ schemaVersion: 3, x: 1 }, chain, 3)).toEqual({
      from: 3,
      data: { schemaVersion: 3, x: 1 },
    });
  });

  it.each([
    [null, /no JSON object/],
    [{ schemaVersion: 0 }, /positive integer/],
    [{ schemaVersion: '2' }, /positive integer/],
    [{ schemaVersion: 7 }, /newer iam-refine/],
  ])('refuses %j as a user-facing problem', (raw, message) => {
    expect(() => migrate(raw)).toThrow(MigrationError);
    expect(() => migrate(raw)).toThrow(message);
  });

  it('a migration that forgets to bump the version is a programming error', () => {
    expect(() => migrate({ schemaVersion: 1 }, { 1: (r) => r }, 2)).toThrow(/did not set schemaVersion/);
  });
});
