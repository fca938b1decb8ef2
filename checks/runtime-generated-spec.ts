import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { MANIFEST_GLOBS } from './lib/manifests.js';
import { TCOP4_REFERENCES } from './lib/references.js';
import { specGenerators, type SpecGenerator } from './lib/service-interface.js';
import { dirOf } from './lib/specs/documents.js';
import { discoverInterfaceSpecs, SPEC_CANDIDATE_GLOBS, type InterfaceSpec } from './lib/specs/index.js';

type MessageId = 'runtimeOnly' | 'committed' | 'noGenerator' | 'unreadSpec';

/** Where a repository with one service keeps the exported document, away from the build file. */
const SHARED_SPEC_DIR = /^(?:docs?|api|apis|openapi|swagger|specs?|specifications?|contracts?|schemas?)\//i;

/**
 * The committed OpenAPI document of the service a manifest builds: one in the manifest's own
 * directory tree, or, when the repository builds one service only, one in a top-level docs, api
 * or spec directory. Another service's document, or a client spec, is not this service's.
 */
function committedSpecFor(
  manifestPath: string,
  specs: readonly InterfaceSpec[],
  oneService: boolean,
): InterfaceSpec | undefined {
  const openapi = specs.filter((s) => s.format === 'openapi' || s.format === 'swagger');
  const dir = dirOf(manifestPath);
  return (
    openapi.find((s) => dir === '' || s.path.startsWith(`${dir}/`)) ??
    (oneService ? openapi.find((s) => SHARED_SPEC_DIR.test(s.path)) : undefined)
  );
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
      runtimeOnly:
        '{{name}} ({{package}}) generates the OpenAPI document at runtime in {{where}}, and none is committed there.',
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
    const found = specGenerators(snapshot);
    if (found.length === 0) return [{ status: 'info', messageId: 'noGenerator' }];
    const { specs, unread } = await discoverInterfaceSpecs(snapshot);
    // A generated document is often large: one too large to read may be the committed export.
    const unreadOpenapi = unread.find((u) => /(openapi|swagger)[^/]*$/i.test(u.path));
    const oneService = new Set(found.map((g) => dirOf(g.path))).size === 1;
    // One finding per generator: the same library in several modules, or in several of its
    // packages (springfox-swagger2 and springfox-swagger-ui), is one library to export from.
    const byGenerator = new Map<string, SpecGenerator[]>();
    for (const g of found) byGenerator.set(g.id, [...(byGenerator.get(g.id) ?? []), g]);
    return [...byGenerator.values()].map((uses): CheckFinding<MessageId> => {
      const manifests = [...new Set(uses.map((u) => u.path))];
      const withoutSpec = manifests.filter((m) => !committedSpecFor(m, specs, oneService));
      const generator = uses.find((u) => u.path === withoutSpec[0]) ?? (uses[0] as SpecGenerator);
      const location = { path: generator.path, startLine: generator.line };
      const evidence = {
        generator: generator.id,
        packages: [...new Set(uses.map((u) => u.packageName))],
        manifests,
        line: generator.line,
      };
      if (withoutSpec.length === 0) {
        const committed = committedSpecFor(generator.path, specs, oneService) as InterfaceSpec;
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
      const where =
        withoutSpec.length === 1
          ? (withoutSpec[0] as string)
          : `${withoutSpec.length} modules (${withoutSpec.slice(0, 3).join(', ')}${withoutSpec.length > 3 ? ', …' : ''})`;
      return {
        status: 'warn',
        messageId: 'runtimeOnly',
        data: {
          name: generator.name,
          package: generator.packageName,
          where,
          export: generator.export,
          docs: generator.docs,
        },
        location,
        evidence: { ...evidence, withoutSpec },
      };
    });
  },
});
