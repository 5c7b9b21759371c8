import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface Report {
  excess: { action: string; status: string }[];
  unknown: { actions: string[] }[];
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
    // Lambda writes its logs with the role: CloudTrail cannot see PutLogEvents, so it is unknown, not excess.
    expect(report.unknown.flatMap((u) => u.actions)).toContain('logs:PutLogEvents');
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
