export {
  authorizationDetailsFrom,
  isoDate,
  readAuthorizationDetails,
  type AuthorizationDetails,
} from './authorization-details.js';
export { decodePolicyDocument, type DecodedDocument } from './policy-document.js';
export { describeJson, readJsonDocuments, readJsonFile } from './read-json.js';
