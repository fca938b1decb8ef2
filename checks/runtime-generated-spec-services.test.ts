import { describe, it } from 'vitest';
import { expectFindings, runCheck } from '../test/support/check-harness.js';
import runtimeGeneratedSpec from './runtime-generated-spec.js';

const springdoc = (module: string): string =>
  `plugins { id("org.springframework.boot") version "3.5.3" }\n\ndependencies {\n    implementation("org.springframework.boot:spring-boot-starter-web")\n    implementation("org.springdoc:springdoc-openapi-starter-webmvc-ui:2.8.9")\n    implementation("org.springdoc:springdoc-openapi-starter-common:2.8.9")\n}\n// ${module}\n`;
const SPEC = (title: string): string => `openapi: 3.0.1\ninfo: {title: ${title}, version: "1"}\npaths: {}\n`;

describe('runtime-generated-spec: one finding per generator, judged per service', () => {
  it('says once that springdoc generates the document in six modules, not six times', async () => {
    const modules = ['cases', 'documents', 'audit', 'search', 'notify', 'workflow'];
    const findings = await runCheck(runtimeGeneratedSpec, {
      files: Object.fromEntries(modules.map((m) => [`${m}/build.gradle.kts`, springdoc(m)])),
    });

    expectFindings(findings, [
      {
        status: 'warn',
        messageId: 'runtimeOnly',
        path: 'audit/build.gradle.kts',
        startLine: 5,
        data: {
          name: 'springdoc-openapi',
          where: '6 modules (audit/build.gradle.kts, cases/build.gradle.kts, documents/build.gradle.kts, …)',
        },
        evidence: {
          packages: [
            'org.springdoc:springdoc-openapi-starter-webmvc-ui',
            'org.springdoc:springdoc-openapi-starter-common',
          ],
        },
      },
    ]);
  });

  it('does not take another service’s committed document for this one’s', async () => {
    const findings = await runCheck(runtimeGeneratedSpec, {
      files: {
        'casework/build.gradle.kts': springdoc('casework'),
        'info-service/build.gradle.kts': springdoc('info-service'),
        'info-service/openapi.yaml': SPEC('Info service'),
      },
    });

    expectFindings(findings, [
      {
        status: 'warn',
        messageId: 'runtimeOnly',
        path: 'casework/build.gradle.kts',
        data: { where: 'casework/build.gradle.kts' },
      },
    ]);
  });

  it('does not take a client spec for the committed export', async () => {
    const findings = await runCheck(runtimeGeneratedSpec, {
      files: {
        'build.gradle.kts': `${springdoc('root')}\nopenApiGenerate {\n    generatorName.set("kotlin")\n    inputSpec.set("$rootDir/clients/prison-api.yaml")\n}\n`,
        'clients/prison-api.yaml': SPEC('Prison API'),
      },
    });

    expectFindings(findings, [{ status: 'warn', messageId: 'runtimeOnly', path: 'build.gradle.kts' }]);
  });

  it('passes a single service whose export is committed under docs/', async () => {
    const findings = await runCheck(runtimeGeneratedSpec, {
      files: { 'service/build.gradle.kts': springdoc('service'), 'docs/openapi.yaml': SPEC('Case service') },
    });

    expectFindings(findings, [
      {
        status: 'pass',
        messageId: 'committed',
        path: 'service/build.gradle.kts',
        data: { specPath: 'docs/openapi.yaml' },
      },
    ]);
  });
});
