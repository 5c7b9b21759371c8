import { describe, expect, it } from 'vitest';
import { compareRole } from '../../src/core/compare.js';
import {
  renderCompareJson,
  renderCompareMarkdown,
  renderCompareMarkdownAll,
  renderCompareTable,
} from '../../src/render/compare-report.js';
import { TABLE, deleteEvidence, deleteRole, ev, inline, role } from './compare-helpers.js';

const WINDOW = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-20T23:59:59.000Z' };

function deleteReport() {
  const r = deleteRole();
  return compareRole({ role: r, policies: r.policies, evidence: deleteEvidence() }, { window: WINDOW });
}

describe('compare report: JSON', () => {
  it('round-trips to the report, one entry per line', () => {
    const report = deleteReport();
    const text = renderCompareJson(report);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    const lines = text.split('\n');
    expect(lines.filter((l) => l.includes('"action":"dynamodb:GetItem"'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('    {"actions":["logs:'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('    {"action":"dynamodb:DeleteItem"'))).toHaveLength(1);
  });

  it('leaves out fields that have no value', () => {
    const [entry] = JSON.parse(renderCompareJson(deleteReport())).excess;
    expect(Object.keys(entry)).toEqual([
      'action',
      'resource',
      'policy',
      'sid',
      'statement',
      'accessLevel',
      'status',
      'reason',
      'sources',
      'failing',
    ]);
  });
});

describe('compare report: table', () => {
  it('shows the excess row, unknown by service and the exit code', () => {
    const text = renderCompareTable(deleteReport());
    expect(text).toContain('Window   2026-11-02T00:00:00.000Z → 2026-11-20T23:59:59.000Z');
    expect(text).toMatch(
      /^unused {2}dynamodb:GetItem {2}Read {3}arn:aws:dynamodb:.*table\/notes {2}notes-app-api-prod-delete-lambda \/ #2/m,
    );
    expect(text).toContain('  logs: 2 actions: no source could observe it');
    expect(text).toContain('→ exit 3');
  });

  it('caps the rows, riskiest first, and points at the JSON report', () => {
    const admin = role(
      'admin',
      inline('AdministratorAccess', { Effect: 'Allow', Action: 'iam:*', Resource: '*' }),
    );
    const report = compareRole({
      role: admin,
      policies: admin.policies,
      evidence: [ev('xray', 'iam:GetRole')],
    });
    const text = renderCompareTable(report, { maxRows: 5 });
    expect(text).toContain(
      `… and ${report.excess.length - 5} more in the JSON report (excess by access level: Permissions management`,
    );
    const rows = text.split('\n').filter((l) => l.startsWith('unused  '));
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toContain('Permissions management');
    expect(report.excess[0]?.accessLevel).not.toBe('Permissions management'); // the JSON stays alphabetical
  });

  it('strips terminal control sequences that came from a policy', () => {
    const evil = role(
      'r',
      inline('p\u001b[2J\u001b]0;owned\u0007', {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: TABLE,
      }),
    );
    const report = compareRole({
      role: evil,
      policies: evil.policies,
      evidence: [ev('xray', 'dynamodb:PutItem')],
    });
    expect(renderCompareTable(report)).not.toMatch(/\u001b/);
  });
});

describe('compare report: Markdown', () => {
  it('writes a job summary with the excess table', () => {
    const text = renderCompareMarkdown(deleteReport());
    expect(text).toContain('## iam-refine compare: `notes-app-api-prod-delete-us-east-1-lambdaRole`');
    expect(text).toContain('**1 failing excess grant**');
    expect(text).toContain('| unused | `dynamodb:GetItem` | Read |');
    expect(text).toContain('| `logs` | 2 |');
  });

  it('keeps a pipe in a policy name from breaking the table', () => {
    const r = role('r', inline('a|b', { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE }));
    const report = compareRole({ role: r, policies: r.policies, evidence: [ev('xray', 'dynamodb:PutItem')] });
    const row = renderCompareMarkdown(report)
      .split('\n')
      .find((l) => l.startsWith('| unused'))!;
    expect(row.split(/(?<!\\)\|/)).toHaveLength(8);
  });

  it('summarises several roles, then details those with excess', () => {
    const clean = role(
      'clean',
      inline('p', { Effect: 'Allow', Action: 'dynamodb:DeleteItem', Resource: TABLE }),
    );
    const reports = [
      deleteReport(),
      compareRole({
        role: clean,
        policies: clean.policies,
        evidence: [ev('xray', 'dynamodb:DeleteItem', { resource: TABLE })],
      }),
    ];
    const text = renderCompareMarkdownAll(reports);
    expect(text).toContain('**1 of 2 roles have failing excess grants.**');
    expect(text).toContain('| `clean` | 1 | 1 | 0 | 0 | 0 | 0 |');
    expect(text).toContain('### iam-refine compare: `notes-app-api-prod-delete-us-east-1-lambdaRole`');
    expect(text).not.toContain('### iam-refine compare: `clean`');
  });
});
