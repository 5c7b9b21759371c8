// CloudTrail event names carry the API version for some services: Lambda logs
// `GetFunction20150331v2` and `CreateFunction20150331`, CloudFront
// `GetDistribution2020_05_31`. The operation is the name without that suffix.

const VERSION_SUFFIX = /^(.*?[A-Za-z])(?:\d{8}|\d{4}_\d{2}_\d{2})(?:v\d+)?$/;

export function stripApiVersion(eventName: string): string {
  return VERSION_SUFFIX.exec(eventName)?.[1] ?? eventName;
}
