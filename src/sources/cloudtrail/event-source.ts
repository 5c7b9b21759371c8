// CloudTrail `eventSource` (`s3.amazonaws.com`) → IAM service prefix. Most sources are
// `<prefix>.amazonaws.com`; these are the ones that are not (AWS-REFERENCE.md,
// "CloudTrail eventSource → IAM prefix exceptions"). Every prefix is checked against
// the catalogue, so a source we do not know comes back unknown instead of invented.
import { serviceExists } from '../../catalog/catalog.js';

/** Host part of the event source (before `.amazonaws.com`) → IAM prefix. */
export const EVENT_SOURCE_EXCEPTIONS: Readonly<Record<string, string>> = {
  monitoring: 'cloudwatch',
  email: 'ses',
  pinpoint: 'mobiletargeting',
  amazonmq: 'mq',
  pricelist: 'pricing',
  rdsdata: 'rds-data',
  migrationhub: 'mgh',
  qconnect: 'wisdom',
  opensearchservice: 'es',
  cloudcontrolapi: 'cloudformation',
  tagging: 'tag',
  'streams.dynamodb': 'dynamodb',
  'models.lex': 'lex',
  'runtime.lex': 'lex',
  'mturk-requester': 'mechanicalturk',
  appstream2: 'appstream',
  billingconsole: 'billing',
  'contact-lens': 'connect',
  'participant-connect': 'connect',
  'servicecatalog-appregistry': 'servicecatalog',
  transcribestreaming: 'transcribe',
};

export interface EventSourcePrefix {
  /** IAM prefix, or the event source's host part when the catalogue has no such service. */
  prefix: string;
  known: boolean;
}

const SUFFIX = /\.amazonaws\.com(?:\.cn)?$/i;

const cache = new Map<string, EventSourcePrefix>();

export function prefixForEventSource(eventSource: string): EventSourcePrefix {
  const hit = cache.get(eventSource);
  if (hit) return hit;
  const host = eventSource.trim().toLowerCase().replace(SUFFIX, '');
  // hasOwn: a host such as `__proto__` must not reach the object's prototype.
  const prefix = Object.hasOwn(EVENT_SOURCE_EXCEPTIONS, host) ? EVENT_SOURCE_EXCEPTIONS[host]! : host;
  const result = { prefix, known: serviceExists(prefix) };
  if (cache.size < 10_000) cache.set(eventSource, result);
  return result;
}
