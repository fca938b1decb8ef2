import type { AnyCheck } from '../src/engine/check.js';
import branchProtection from './branch-protection.js';
import codeOfConduct from './code-of-conduct.js';
import codeowners from './codeowners.js';
import continuousIntegration from './continuous-integration.js';
import contributing from './contributing.js';
import dependencyUpdates from './dependency-updates.js';
import interfaceSpec from './interface-spec.js';
import interfaceSpecLinked from './interface-spec-linked.js';
import interfaceSpecValid from './interface-spec-valid.js';
import licenceFile from './licence-file.js';
import licenceManifest from './licence-manifest.js';
import licenceOsiApproved from './licence-osi-approved.js';
import lockfiles from './lockfiles.js';
import maintained from './maintained.js';
import noCommittedSecrets from './no-committed-secrets.js';
import openDocumentFormats from './open-document-formats.js';
import openStandards from './open-standards.js';
import privateVulnerabilityReporting from './private-vulnerability-reporting.js';
import publicRepository from './public-repository.js';
import publiccodeYml from './publiccode-yml.js';
import readme from './readme.js';
import reuseCompliance from './reuse-compliance.js';
import runtimeGeneratedSpec from './runtime-generated-spec.js';
import secretScanning from './secret-scanning.js';
import securityPolicy from './security-policy.js';
import securityTxt from './security-txt.js';
import supportedRuntime from './supported-runtime.js';

/** THE registry: one line per check, sorted by id. Adding a check = one file + one line here. */
export const CHECKS: readonly AnyCheck[] = [
  branchProtection,
  codeOfConduct,
  codeowners,
  continuousIntegration,
  contributing,
  dependencyUpdates,
  interfaceSpec,
  interfaceSpecLinked,
  interfaceSpecValid,
  licenceFile,
  licenceManifest,
  licenceOsiApproved,
  lockfiles,
  maintained,
  noCommittedSecrets,
  openDocumentFormats,
  openStandards,
  privateVulnerabilityReporting,
  publicRepository,
  publiccodeYml,
  readme,
  reuseCompliance,
  runtimeGeneratedSpec,
  secretScanning,
  securityPolicy,
  securityTxt,
  supportedRuntime,
];
