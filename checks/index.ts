import type { AnyCheck } from '../src/engine/check.js';
import codeOfConduct from './code-of-conduct.js';
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
import openDocumentFormats from './open-document-formats.js';
import openStandards from './open-standards.js';
import publicRepository from './public-repository.js';
import publiccodeYml from './publiccode-yml.js';
import readme from './readme.js';
import reuseCompliance from './reuse-compliance.js';
import runtimeGeneratedSpec from './runtime-generated-spec.js';
import supportedRuntime from './supported-runtime.js';

/** THE registry: one line per check, sorted by id. Adding a check = one file + one line here. */
export const CHECKS: readonly AnyCheck[] = [
  codeOfConduct,
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
  openDocumentFormats,
  openStandards,
  publicRepository,
  publiccodeYml,
  readme,
  reuseCompliance,
  runtimeGeneratedSpec,
  supportedRuntime,
];
