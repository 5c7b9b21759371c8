// Permissions a service checks besides the call's own action, read from the request
// (each with the documentation that says so). They are needed for the call to succeed,
// so they are evidence of the same call, carried with their reason.
type Params = Record<string, unknown>;

export interface Companion {
  action: string;
  reason: string;
}

const has = (p: Params, ...keys: string[]) =>
  keys.some((k) => {
    const v = p[k];
    return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
  });

type Rule = (params: Params) => Companion[];

const RULES: Record<string, Rule> = {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html: "you must
  // have the s3:GetObjectAttributes and s3:GetObject permissions".
  's3:getobjectattributes': () => [
    {
      action: 's3:GetObject',
      reason: 's3:GetObjectAttributes also needs s3:GetObject (GetObjectAttributes API reference).',
    },
  ],
  // ... "with a version id, s3:GetObjectVersionAttributes and s3:GetObjectVersion".
  's3:getobjectversionattributes': () => [
    {
      action: 's3:GetObjectVersion',
      reason:
        's3:GetObjectVersionAttributes also needs s3:GetObjectVersion (GetObjectAttributes API reference).',
    },
  ],
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html: an ACL on upload needs
  // s3:PutObjectAcl; tags on upload need s3:PutObjectTagging.
  's3:putobject': (p) => [
    ...(has(
      p,
      'x-amz-acl',
      'x-amz-grant-full-control',
      'x-amz-grant-read',
      'x-amz-grant-read-acp',
      'x-amz-grant-write-acp',
      'acl',
    )
      ? [
          {
            action: 's3:PutObjectAcl',
            reason: 'PutObject with an ACL also needs s3:PutObjectAcl (PutObject API reference).',
          },
        ]
      : []),
    ...(has(p, 'x-amz-tagging', 'tagging')
      ? [
          {
            action: 's3:PutObjectTagging',
            reason: 'PutObject with tags also needs s3:PutObjectTagging (PutObject API reference).',
          },
        ]
      : []),
  ],
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required
  // and id_credentials_temp_control-access_monitor.html#id_credentials_temp_control-access_monitor-perms.
  'sts:assumerole': (p) => [
    ...(has(p, 'tags', 'transitiveTagKeys')
      ? [
          {
            action: 'sts:TagSession',
            reason: 'AssumeRole with session tags also needs sts:TagSession (IAM User Guide, session tags).',
          },
        ]
      : []),
    ...(has(p, 'sourceIdentity')
      ? [
          {
            action: 'sts:SetSourceIdentity',
            reason:
              'AssumeRole with a source identity also needs sts:SetSourceIdentity (IAM User Guide, source identity).',
          },
        ]
      : []),
  ],
  // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html: "To add
  // tags to the secret, you must also have secretsmanager:TagResource".
  'secretsmanager:createsecret': (p) =>
    has(p, 'tags')
      ? [
          {
            action: 'secretsmanager:TagResource',
            reason:
              'CreateSecret with tags also needs secretsmanager:TagResource (CreateSecret API reference).',
          },
        ]
      : [],
  // https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html:
  // tagging a parameter on PutParameter needs ssm:AddTagsToResource.
  'ssm:putparameter': (p) =>
    has(p, 'tags')
      ? [
          {
            action: 'ssm:AddTagsToResource',
            reason: 'PutParameter with tags also needs ssm:AddTagsToResource (Parameter Store access guide).',
          },
        ]
      : [],
};
RULES['sts:assumerolewithsaml'] = RULES['sts:assumerole']!;
RULES['sts:assumerolewithwebidentity'] = RULES['sts:assumerole']!;

/** The companion permissions `action` needs for a call with these parameters. */
export function companionActions(action: string, params: Params): Companion[] {
  return RULES[action.toLowerCase()]?.(params) ?? [];
}
