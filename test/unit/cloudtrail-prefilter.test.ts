// The raw-bytes prefilter inside the splitter: items a chunk-wide search rejects are
// counted but never returned, and the items returned are exactly those whose own bytes
// pass the prefilter, however the stream is cut into chunks (items across chunk borders
// take the whole-item path).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prefilterFor } from '../../src/sources/cloudtrail/prefilter.js';
import { principalOf, type Principal } from '../../src/sources/cloudtrail/principal.js';
import { JsonItemSplitter, type RawItem } from '../../src/sources/cloudtrail/splitter.js';

const FILE = path.join(
  import.meta.dirname,
  '..',
  'fixtures',
  'invictus-ir+aws_dataset/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json',
);
const bytes = readFileSync(FILE);

function who(arn: string, extra: Partial<Principal> = {}): Principal {
  return { ...principalOf({ arn, name: arn.split('/').pop()!, account: '', partition: 'aws' }), ...extra };
}

function split(size: number, filter?: ReturnType<typeof prefilterFor>) {
  const splitter = new JsonItemSplitter({ filter });
  const items: RawItem[] = [];
  for (let i = 0; i < bytes.length; i += size) items.push(...splitter.push(bytes.subarray(i, i + size)));
  splitter.end();
  return { items, count: splitter.itemCount };
}

const all = split(bytes.length).items;

describe('prefilter in the splitter', () => {
  it.each([
    [
      'a role by exact name',
      who('arn:aws:iam::218007301253:role/stratus-red-team-ec2-steal-credentials-role'),
    ],
    [
      'a role given in another case',
      who('arn:aws:iam::218007301253:role/Stratus-Red-Team-EC2-Steal-Credentials-Role'),
    ],
    ['an IAM user in another case', who('arn:aws:iam::218007301253:user/Bert-Jan')],
    ['a name found nowhere', who('arn:aws:iam::218007301253:role/nobody-here')],
  ])('%s: the items returned are the first and those passing the whole-item test', (_, principal) => {
    const filter = prefilterFor(principal);
    const expected = all.filter((item) => item.index === 0 || filter(item.bytes)).map((i) => i.index);
    for (const size of [bytes.length, 65_536, 4_096, 333]) {
      const got = split(size, prefilterFor(principal));
      expect(got.items.map((i) => i.index)).toEqual(expected);
      expect(got.count).toBe(all.length);
    }
  });

  it('finds records by case-folded name, and by the role id alone', () => {
    const exact = all.filter((i) =>
      prefilterFor(who('arn:aws:iam::1:role/stratus-red-team-ec2-steal-credentials-role'))(i.bytes),
    );
    const folded = all.filter((i) =>
      prefilterFor(who('arn:aws:iam::1:role/STRATUS-red-team-ec2-steal-credentials-role'))(i.bytes),
    );
    expect(exact.length).toBeGreaterThan(5);
    // Folding compares at the `assumed-role/` anchors, which every record by the role has.
    const sessions = exact.filter((i) =>
      i.bytes.includes('assumed-role/stratus-red-team-ec2-steal-credentials-role/'),
    );
    expect(sessions.length).toBeGreaterThan(5);
    expect(folded.map((i) => i.index)).toEqual(sessions.map((i) => i.index));
    // With the spelling read from IAM, a differently cased name is not searched for.
    const strict = prefilterFor(
      who('arn:aws:iam::1:role/STRATUS-red-team-ec2-steal-credentials-role', { exactCase: true }),
    );
    expect(all.filter((i) => strict(i.bytes))).toEqual([]);
    const id = /"principalId":\s*"(AROA[A-Z0-9]+):/.exec(sessions[0]!.bytes.toString('utf8'))![1]!;
    const byId = prefilterFor(who('arn:aws:iam::1:role/renamed', { roleId: id, exactCase: true }));
    expect(all.filter((i) => byId(i.bytes)).map((i) => i.index)).toEqual(sessions.map((i) => i.index));
  });
});
