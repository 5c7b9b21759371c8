// The normalisation that matches an API request member to an ARN template variable
// (scripts/generate-operation-params.ts builds the committed table with it):
//   1. same name, ignoring case and punctuation: `tableName` → `${TableName}`;
//      a list member is matched by its singular (`names` → name, `resourceIdList` → resourceId),
//      and `...WithoutLeadingSlash` / `...WithPath` suffixes of the variable are dropped
//      (`name` of SSM → `${ParameterNameWithoutLeadingSlash}`, IAM `userName` → `${UserNameWithPath}`);
//   2. a bare `name` / `id` / `identifier` is the resource type's own: `name` of a trail →
//      `${TrailName}`, CloudFront `id` of a distribution → `${DistributionId}`; a one-word
//      member names its `...Name` (S3 `Bucket` → `${BucketName}`, `Key` → `${ObjectName}`;
//      top-level members only);
//   3. a two-word member that ends the variable, whose missing words belong to the
//      resource type's name: `groupId` of a security-group → `${SecurityGroupId}`,
//      `streamName` of a log-stream → `${LogStreamName}`; or the same stem named by id or
//      name (`DBInstanceIdentifier` → `${DbInstanceName}`).
// A bare `name`/`id` several resource types of one operation could take goes to the type
// the operation is named after (`GetDatabase {Name}` is the database's, not the catalog's).
// Rank 1 beats 2 beats 3; 0 is no match.

const CONTEXT = new Set(['Partition', 'Region', 'Account']);

const variablesCache = new Map<string, string[]>();

/** The non-context variables of an ARN template (cached: a handful of templates, read per record). */
export function templateVariables(template: string): string[] {
  let vars = variablesCache.get(template);
  if (!vars) {
    vars = [...template.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!).filter((v) => !CONTEXT.has(v));
    variablesCache.set(template, vars);
  }
  return [...vars];
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function singular(member: string): string {
  if (/list$/i.test(member)) return member.slice(0, -4);
  if (/ies$/.test(member)) return `${member.slice(0, -3)}y`;
  if (/(ss|us)$/.test(member)) return member;
  return member.replace(/s$/, '');
}

const BARE = new Set(['name', 'id', 'identifier']);

export function matchMember(
  member: string,
  list: boolean,
  variable: string,
  resourceType: string,
  topLevel = true,
): number {
  const m = squash(list ? singular(member) : member);
  const whole = squash(member);
  const v = squash(variable.replace(/(WithoutLeadingSlash|WithPath)$/, ''));
  const rt = squash(resourceType);
  if (m === v || whole === v) return 1;
  // A bare name only at the top level: `iamInstanceProfile.name` is no placement group's.
  const bare = m === 'identifier' ? 'id' : m;
  // `name` of a rule-on-custom-event-bus is its `${RuleName}`: the type's first word.
  const head = squash(resourceType.split(/[-_]/)[0] ?? '');
  if (topLevel && BARE.has(m) && (v === rt + bare || (head.length >= 3 && v === head + bare))) return 2;
  // S3 `Bucket` is the bucket type's `${BucketName}` (CloudTrail logs it as `bucketName`).
  if (topLevel && (v === `${m}name` || v === `${m}id`)) return 2;
  // S3 `Key` is the object's `${ObjectName}`.
  if (topLevel && m === 'key' && v === 'objectname') return 2;
  // `DBInstanceIdentifier` → `${DbInstanceName}`: the same stem, named by id or by name.
  const stem = (x: string) => x.replace(/(identifier|name|id)$/, '');
  if (topLevel && stem(m).length >= 4 && stem(m) === stem(v) && stem(m) !== m && stem(v) !== v) return 3;
  const words = (list ? singular(member) : member).split(/(?=[A-Z])/).length;
  if (words >= 2 && m.length >= 5 && v.endsWith(m) && v !== m && rt.includes(v.slice(0, v.length - m.length)))
    return 3;
  return 0;
}
