export { isSameRole, type AccessAnalyzerReadOptions } from './common.js';
export { evidenceFromGeneratedPolicy, readGeneratedPolicies } from './generated-policy.js';
export { evidenceFromFindings, readUnusedFindings } from './unused-findings.js';
