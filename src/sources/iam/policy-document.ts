// Policy documents as IAM hands them out: objects when the AWS CLI printed them,
// URL-encoded JSON strings (RFC 3986) when they come straight from the API or SDK.
import { PolicyDocumentSchema, type PolicyDocument } from '../../core/types.js';

export type DecodedDocument = { ok: true; document: PolicyDocument } | { ok: false; reason: string };

export function decodePolicyDocument(raw: unknown): DecodedDocument {
  let value = raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    try {
      value = JSON.parse(text.startsWith('{') ? text : decodeURIComponent(text));
    } catch (e) {
      return {
        ok: false,
        reason: `the document is neither JSON nor URL-encoded JSON (${(e as Error).message})`,
      };
    }
  }
  const parsed = PolicyDocumentSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'the document has no Statement' };
  return { ok: true, document: parsed.data };
}
