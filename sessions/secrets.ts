// No credential, token or environment value may reach a session file. Source settings
// are the only free-form part, so they are filtered by key and by value shape.
import type { SettingValue } from './schema.js';

const SECRET_KEY =
  /secret|token|passw|credential|private.?key|access.?key|session.?key|api.?key|authorization|cookie|^env$|environment/i;

// AWS access key ids, and the 40-character shape of secret access keys.
const SECRET_VALUE = /\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b|^[A-Za-z0-9/+]{40}$/;

function safeValue(value: SettingValue): SettingValue | undefined {
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? undefined : value;
  if (Array.isArray(value)) return value.filter((v) => !SECRET_VALUE.test(v));
  return value;
}

export function scrubSettings(settings: Record<string, SettingValue>): Record<string, SettingValue> {
  const out: Record<string, SettingValue> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (SECRET_KEY.test(key)) continue;
    const safe = safeValue(value);
    if (safe !== undefined) out[key] = safe;
  }
  return out;
}
