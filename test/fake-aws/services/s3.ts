// S3 (REST-XML): ListObjectsV2 with prefix, delimiter and continuation tokens; GetObject bytes.
import type { ServiceHandlers, HandlerContext } from '../context.js';
import { clampInt, page } from '../paging.js';
import { FakeAwsError } from '../protocols.js';

function bucket(ctx: HandlerContext, name: unknown): Record<string, Buffer> {
  const b = ctx.scenario.buckets?.[String(name)];
  if (!b) throw new FakeAwsError(404, 'NoSuchBucket', 'The specified bucket does not exist');
  return b;
}

export const s3Handlers: ServiceHandlers = {
  ListObjectsV2(p, ctx) {
    const objects = bucket(ctx, p.Bucket);
    const prefix = String(p.prefix ?? '');
    const delimiter = p.delimiter ? String(p.delimiter) : undefined;
    const startAfter = String(p['start-after'] ?? '');
    const keys = Object.keys(objects)
      .filter((k) => k.startsWith(prefix) && k > startAfter)
      .sort();
    // With a delimiter, keys that share the next path segment collapse into one CommonPrefix.
    const entries: { key?: string; prefix?: string }[] = [];
    const seen = new Set<string>();
    for (const k of keys) {
      const cut = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
      if (cut < 0) entries.push({ key: k });
      else {
        const cp = k.slice(0, cut + delimiter!.length);
        if (!seen.has(cp)) entries.push({ prefix: cp });
        seen.add(cp);
      }
    }
    const maxKeys = clampInt(p['max-keys'], 1000, 1, 1000, 'MaxKeys');
    const pg = page(
      entries,
      p['continuation-token'],
      maxKeys,
      { b: p.Bucket, prefix, delimiter },
      'InvalidArgument',
    );
    return {
      ListBucketResult: {
        Name: p.Bucket,
        Prefix: prefix,
        Delimiter: delimiter,
        MaxKeys: maxKeys,
        KeyCount: pg.items.length,
        IsTruncated: !!pg.next,
        ContinuationToken: p['continuation-token'],
        NextContinuationToken: pg.next,
        Contents: pg.items
          .filter((e) => e.key)
          .map((e) => ({
            Key: e.key,
            LastModified: '2026-11-21T00:00:00.000Z',
            ETag: '"0"',
            Size: objects[e.key!]!.length,
            StorageClass: 'STANDARD',
          })),
        CommonPrefixes: pg.items.filter((e) => e.prefix).map((e) => ({ Prefix: e.prefix })),
      },
    };
  },
  GetObject(p, ctx) {
    const body = bucket(ctx, p.Bucket)[String(p.Key)];
    if (!body) throw new FakeAwsError(404, 'NoSuchKey', 'The specified key does not exist.');
    return { raw: body, headers: { 'content-length': String(body.length), etag: '"0"' } };
  },
  HeadBucket(p, ctx) {
    bucket(ctx, p.Bucket);
    return { raw: Buffer.alloc(0) };
  },
  GetBucketLocation(p, ctx) {
    bucket(ctx, p.Bucket);
    return { LocationConstraint: {} };
  },
};
