// Hostile text from AWS or files: stripped of controls and invisible characters
// wherever a person reads it, escaped in Markdown, exact in JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeLine, stripControl } from '../../src/core/sanitize.js';
import { markdownCode, markdownText } from '../../src/render/markdown-text.js';
import { runCli } from '../helpers/cli.js';
import { escapeIamLiteral } from '../../src/core/iam-literal.js';
import { BUCKET, DELETE_ROLE, HIDDEN, MARKUP_KEY, s3Record, tmpDir, writeTrail } from '../helpers/hostile.js';

const ALL_HIDDEN = Object.values(HIDDEN).join('');
// Anything a terminal or a bidi-aware viewer acts on.
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

describe('stripControl and safeLine', () => {
  it.each([
    ['bidi override (U+202E)', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['bidi embeddings and pops', 'a\u202Ab\u202Bc\u202Cd\u202De', 'abcde'],
    ['bidi isolates', 'a\u2066b\u2067c\u2068d\u2069e', 'abcde'],
    ['zero-width space, joiners and marks', 'a\u200Bb\u200Cc\u200Dd\u200Ee\u200Ff', 'abcdef'],
    ['word joiner and BOM', '\uFEFFa\u2060b', 'ab'],
    ['Arabic letter mark', 'a\u061Cb', 'ab'],
    ['C1 controls', 'a\u0085b\u0090c\u009Fd', 'abcd'],
    ['C1 CSI with its parameters', 'a\u009B2Jb', 'ab'],
    ['OSC ended by C1 ST', 'a\u001B]0;title\u009Cb', 'ab'],
  ])('removes %s', (_name, input, expected) => {
    expect(stripControl(input)).toBe(expected);
  });

  it('keeps ordinary non-ASCII text', () => {
    expect(stripControl('Zürich 東京 ñ — “q”')).toBe('Zürich 東京 ñ — “q”');
  });

  it('folds line and paragraph separators in one line', () => {
    expect(safeLine('a\u2028b\u2029c')).toBe('a b c');
  });
});

describe('Markdown text', () => {
  it('escapes HTML and inline markup', () => {
    expect(markdownText('<img src=x>')).toBe('&lt;img src=x&gt;');
    expect(markdownText('| ** [x](y)')).toBe('\\| \\*\\* \\[x\\](y)');
    expect(markdownText('~~gone~~ `code` \\')).toBe('\\~\\~gone\\~\\~ \\`code\\` \\\\');
    expect(markdownText('_em_ but EMPTY_OBJECT_PATH')).toBe('\\_em\\_ but EMPTY_OBJECT_PATH');
  });

  it('escapes a leading heading or list marker, not a version number', () => {
    expect(markdownText('# big')).toBe('\\# big');
    expect(markdownText('- item')).toBe('\\- item');
    expect(markdownText('1. first')).toBe('1\\. first');
    expect(markdownText('0.1.0')).toBe('0.1.0');
  });

  it('keeps a code span closed whatever backticks and pipes the value holds', () => {
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('a|b', { inTable: true })).toBe('`a\\|b`');
    expect(markdownCode(`a${ALL_HIDDEN}\nb`)).toBe('`a b`');
  });
});

function hostileAuthz(dir: string): string {
  const demo = JSON.parse(readFileSync('demo/authorization-details.json', 'utf8')) as {
    RoleDetailList: { RoleName: string; RolePolicyList: unknown[] }[];
  };
  const role = demo.RoleDetailList.find((r) => r.RoleName === DELETE_ROLE)!;
  role.RolePolicyList.push({
    PolicyName: `<script>x</script>| **bold** [a](b)${HIDDEN.bidi}`,
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:PutObject'],
          Resource: [`arn:aws:s3:::${BUCKET}/${MARKUP_KEY}${HIDDEN.zeroWidth}${HIDDEN.csi}`],
        },
      ],
    },
  });
  const file = path.join(dir, 'authz.json');
  writeFileSync(file, JSON.stringify(demo));
  return file;
}

describe('hostile data through the CLI', () => {
  const key = `private/${MARKUP_KEY}${ALL_HIDDEN}.png`;

  it('scan: the Markdown document and stderr hold no active text; the JSON keeps the exact key', async () => {
    const dir = tmpDir();
    const trail = writeTrail(dir, [s3Record('GetObject', key), s3Record('DeleteObject', key)]);
    const out = path.join(dir, 'policy.json');
    const r = await runCli([
      'scan',
      ...['--cloudtrail', trail, '--authorization-details', 'demo/authorization-details.json'],
      ...['--role', DELETE_ROLE, '--exact-resources', '--out', out],
    ]);
    expect(r.stderr).not.toMatch(ACTIVE);
    expect(r.code).toBe(0);
    const policy = JSON.parse(readFileSync(out, 'utf8')) as { Statement: { Resource: string[] }[] };
    // Exact, with the key's `*` written as IAM's literal escape `${*}` (never a wildcard).
    expect(policy.Statement.flatMap((s) => s.Resource)).toContain(
      `arn:aws:s3:::${BUCKET}/${escapeIamLiteral(key)}`,
    );
    const md = readFileSync(path.join(dir, 'policy.md'), 'utf8');
    expect(md).not.toMatch(ACTIVE);
    // The key sits in a code span, where neither HTML nor Markdown is read.
    expect(md).toContain(`\`arn:aws:s3:::${BUCKET}/private/${escapeIamLiteral(MARKUP_KEY)}.png\``);
  });

  it('compare: the table and --markdown escape HTML and Markdown in policy names and resources', async () => {
    const dir = tmpDir();
    const trail = writeTrail(dir, [s3Record('GetObject', key)]);
    const mdFile = path.join(dir, 'report.md');
    const r = await runCli([
      'compare',
      ...['--cloudtrail', trail, '--authorization-details', hostileAuthz(dir)],
      ...['--role', DELETE_ROLE, '--markdown', mdFile, '--report', path.join(dir, 'report.json')],
    ]);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).not.toMatch(ACTIVE);
    const md = readFileSync(mdFile, 'utf8');
    expect(md).not.toMatch(ACTIVE);
    expect(md).not.toContain('<script>');
    const row = md.split('\n').find((l) => l.includes('s3:PutObject'))!;
    // Inside a code span HTML and Markdown are literal; only the pipe needs its escape.
    expect(row).toContain(`\`arn:aws:s3:::${BUCKET}/<img src=x>\\| ** [x](y) _u_\``);
    expect(row).toContain('&lt;script&gt;x&lt;/script&gt;\\| \\*\\*bold\\*\\* \\[a\\](b)');
    // Six cells: no pipe from the data split the row.
    expect(row.split(/(?<!\\)\|/).length).toBe(8);
    // The JSON report keeps the exact policy name and resource.
    const report = readFileSync(path.join(dir, 'report.json'), 'utf8');
    expect(JSON.parse(report).excess.map((e: { resource: string }) => e.resource)).toContain(
      `arn:aws:s3:::${BUCKET}/${MARKUP_KEY}${HIDDEN.zeroWidth}${HIDDEN.csi}`,
    );
  });
});
