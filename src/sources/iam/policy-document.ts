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
  if (!parsed.success) {
    const has = typeof value === 'object' && value !== null && 'Statement' in value;
    // Statement-level rules are the parser's (src/core/policy-document.ts); here only the shape.
    return {
      ok: false,
      reason: has
        ? 'its Statement is neither a statement object nor a list of statement objects'
        : 'the document has no Statement',
    };
  }
  return { ok: true, document: parsed.data };
}
