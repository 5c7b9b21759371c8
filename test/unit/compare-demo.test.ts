import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface Report {
  excess: { action: string; status: string }[];
  unknown: { actions: string[] }[];
  used: { action: string; reason: string }[];
}

describe('compare on the demo account', () => {
  it('reports only dynamodb:GetItem for the delete function role, exit 3', async () => {
    const r = await runCli([
      'compare',
      '--demo',
      '--role',
      'notes-app-api-prod-delete-us-east-1-lambdaRole',
      '--json',
    ]);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.excess.map((e) => `${e.status} ${e.action}`)).toEqual(['unused dynamodb:GetItem']);
    // Lambda writes its logs and reads the notes stream with the role; no source sees those calls,
    // but the function's configuration and event source mapping say they are needed: used, not excess.
    const needed = (a: string) => report.used.find((u) => u.action === a)?.reason;
    expect(needed('logs:PutLogEvents')).toMatch(
      /^platform need: function notes-app-api-prod-delete writes its logs/,
    );
    expect(needed('dynamodb:GetRecords')).toMatch(
      /^platform need: event source mapping \S+ makes Lambda read/,
    );
    expect(report.unknown).toEqual([]);
  });

  it.each(['create', 'get', 'list', 'update'])(
    'finds nothing excessive for the %s function role',
    async (fn) => {
      const r = await runCli([
        'compare',
        '--demo',
        '--role',
        `notes-app-api-prod-${fn}-us-east-1-lambdaRole`,
        '--json',
      ]);
      expect((JSON.parse(r.stdout) as Report).excess).toEqual([]);
      expect(r.code).toBe(0);
    },
  );

  it('accepts a log-group grant ending in :* for the log streams Lambda creates', async () => {
    const r = await runCli([
      'compare',
      '--demo',
      '--role',
      'notes-app-api-prod-delete-us-east-1-lambdaRole',
      '--json',
    ]);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.excess.find((e) => e.action === 'logs:CreateLogStream')).toBeUndefined();
  });
});
