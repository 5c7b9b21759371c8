// CloudTrail source: log files (S3 layout, .json/.json.gz, folders), JSON arrays of
// records, `aws cloudtrail lookup-events` output and EventBridge envelopes → Evidence.
export { readCloudTrail, type CloudTrailReadOptions } from './reader.js';
export { CappedAccumulator, MAX_RESOURCES_PER_ACTION } from './capped-accumulator.js';
export { prefilterFor, type Prefilter } from './prefilter.js';
export { evidenceFromRecord, evidenceForPrincipal, isApiCall } from './record-evidence.js';
export { recordFromItem, isRecord, type CloudTrailRecord } from './record.js';
export { prefixForEventSource, EVENT_SOURCE_EXCEPTIONS } from './event-source.js';
export { stripApiVersion } from './event-name.js';
export { isDenied, deniedActionFromMessage, DENIAL_CODES } from './denial.js';
export { principalOf, identityMatches, type Principal } from './principal.js';
export { listCloudTrailFiles } from './files.js';
export { scanCloudTrailFile } from './file-reader.js';
