// Minimal XML writer for the two XML dialects the fake speaks: the query protocol
// (IAM, STS: lists as <member> children) and S3 REST-XML (lists as repeated elements).

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`,
  );
}

function scalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return escapeXml(String(value));
}

/** Query protocol: arrays become `<member>` children, objects nest, undefined is skipped. */
export function queryXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => `<member>${queryXml(v)}</member>`).join('');
  if (typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${queryXml(v)}</${k}>`)
      .join('');
  }
  return scalar(value);
}

/** S3 REST-XML: arrays are flattened into repeated elements named after the key. */
export function flatXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) =>
        Array.isArray(v)
          ? v.map((item) => `<${k}>${flatXml(item)}</${k}>`).join('')
          : `<${k}>${flatXml(v)}</${k}>`,
      )
      .join('');
  }
  return scalar(value);
}

/** RFC 3986 encoding, as IAM returns policy documents (encodeURIComponent leaves !'()* alone). */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
