import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { MANIFEST_GLOBS } from './lib/manifests.js';
import { TCOP4_REFERENCES } from './lib/references.js';
import { specGenerators } from './lib/service-interface.js';
import { dirOf } from './lib/specs/documents.js';
import { discoverInterfaceSpecs, SPEC_CANDIDATE_GLOBS, type InterfaceSpec } from './lib/specs/index.js';

type MessageId = 'runtimeOnly' | 'committed' | 'noGenerator' | 'unreadSpec';

/** The committed OpenAPI document nearest to the manifest: in its directory tree first, else anywhere. */
function committedSpecFor(manifestPath: string, specs: readonly InterfaceSpec[]): InterfaceSpec | undefined {
  const openapi = specs.filter((s) => s.format === 'openapi' || s.format === 'swagger');
  const dir = dirOf(manifestPath);
  return openapi.find((s) => dir === '' || s.path.startsWith(`${dir}/`)) ?? openapi[0];
}

export default defineCheck({
  meta: {
    id: 'runtime-generated-spec',
    criterion: 'tcop-4',
    level: 'standard',
    title: 'An API whose specification is generated at runtime also has it committed',
    description:
      'Libraries such as Swashbuckle, NSwag, springdoc, FastAPI, @nestjs/swagger, drf-spectacular and tsoa build the OpenAPI document while the service runs. Then nobody can read the interface without running the service, and a change to it never shows in a pull request. The check looks for these libraries among runtime dependencies and warns when no OpenAPI document is committed, saying how to export one with that library.',
    wants: [...SPEC_CANDIDATE_GLOBS, ...MANIFEST_GLOBS],
    messages: {
      runtimeOnly: '{{name}} ({{package}}) generates the OpenAPI document at runtime, and none is committed.',
      committed: '{{name}} generates the OpenAPI document at runtime, and {{specPath}} is committed.',
      noGenerator: 'No library that generates an OpenAPI document at runtime.',
      unreadSpec:
        '{{name}} generates the OpenAPI document at runtime; {{specPath}} may be it, but it could not be read ({{reason}}).',
    },
    remediation: {
      runtimeOnly:
        'Export the document in CI and commit it: {{export}}. A CI step that fails when the export differs from the committed file keeps them in step. See {{docs}}.',
      unreadSpec:
        'Raise maxFileBytes in .github/tcop.yml above the size of {{specPath}} so that it can be read, or split it into files joined by $ref.',
    },
    references: [TCOP4_REFERENCES.openapi3, TCOP4_REFERENCES.apiStandards, TCOP4_REFERENCES.techUkCharter],
  },
  async run(snapshot) {
    const generators = specGenerators(snapshot);
    if (generators.length === 0) return [{ status: 'info', messageId: 'noGenerator' }];
    const { specs, unread } = await discoverInterfaceSpecs(snapshot);
    // A generated document is often large: one too large to read may be the committed export.
    const unreadOpenapi = unread.find((u) => /(openapi|swagger)[^/]*$/i.test(u.path));
    return generators.map((generator): CheckFinding<MessageId> => {
      const location = { path: generator.path, startLine: generator.line };
      const evidence = {
        generator: generator.id,
        package: generator.packageName,
        manifest: generator.path,
        line: generator.line,
      };
      const committed = committedSpecFor(generator.path, specs);
      if (committed) {
        return {
          status: 'pass',
          messageId: 'committed',
          data: { name: generator.name, specPath: committed.path },
          location,
          evidence: { ...evidence, spec: committed.path },
        };
      }
      if (unreadOpenapi)
        return {
          status: 'unknown',
          messageId: 'unreadSpec',
          data: { name: generator.name, specPath: unreadOpenapi.path, reason: unreadOpenapi.reason },
          location,
          evidence: { ...evidence, unread: unreadOpenapi.path },
        };
      return {
        status: 'warn',
        messageId: 'runtimeOnly',
        data: {
          name: generator.name,
          package: generator.packageName,
          export: generator.export,
          docs: generator.docs,
        },
        location,
        evidence,
      };
    });
  },
});
