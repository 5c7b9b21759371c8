// The X-Ray source: offline trace files and the pure document → evidence function.
export { evidenceFromSegmentDocuments, evidenceFromTrace, type XrayEvidenceOptions } from './evidence.js';
export { parseXrayFile, type TraceInput } from './files.js';
export {
  functionsOfRole,
  parseLambdaFunctions,
  readLambdaFunctions,
  type LambdaFunctionInfo,
} from './lambda-functions.js';
export { readXrayTraceFiles, type XrayReadOptions } from './read.js';
export { selectionIsEmpty, type TraceSelection } from './select.js';
