// `compare --all-roles` reads CloudTrail once and splits it by role (issue 14): each role's
// evidence equals what readCloudTrail gives that role alone, on the demo trail's roles and
// the invictus dataset's, with and without a window, including roles never seen.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RoleRef } from '../../src/core/types.js';
import { readCloudTrailByRole } from '../../src/sources/cloudtrail/by-role.js';
import { readCloudTrail } from '../../src/sources/cloudtrail/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEMO = path.join(ROOT, 'demo');
const INVICTUS = path.join(ROOT, 'test/fixtures/invictus-ir+aws_dataset/CloudTrail');

function ref(arn: string): RoleRef {
  return { arn, name: arn.split('/').pop()!, account: arn.split(':')[4]!, partition: 'aws' };
}

const demoRoles = (
  JSON.parse(readFileSync(path.join(DEMO, 'authorization-details.json'), 'utf8')) as {
    RoleDetailList: { Arn: string }[];
  }
).RoleDetailList.map((r) => ref(r.Arn));

describe('one CloudTrail pass split by role', () => {
  it.each([
    { name: 'the demo trail, every demo role', paths: [path.join(DEMO, 'cloudtrail')], roles: demoRoles },
    {
      name: 'invictus, its roles and one never seen',
      paths: [INVICTUS],
      roles: [
        ref('arn:aws:iam::123837392027:role/stratus-red-team-ec2-steal-credentials-role'),
        ref('arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role'),
        ref('arn:aws:iam::123837392027:role/nobody'),
      ],
    },
    {
      name: 'invictus inside a window',
      paths: [INVICTUS],
      roles: [ref('arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role')],
      window: { start: '2023-07-10T11:00:00Z', end: '2023-07-10T12:20:00Z' },
    },
  ])('$name', async ({ paths, roles, window }) => {
    const split = await readCloudTrailByRole(paths, roles, { window });
    let seen = 0;
    for (const role of roles) {
      const alone = await readCloudTrail(paths, { role, window, workers: 1 });
      expect(split.get(role.arn)).toEqual(alone);
      if (alone.length) seen++;
    }
    expect(seen).toBeGreaterThan(0);
  });
});
