import { defineCheck } from '../src/engine/check.js';
import { cycleStatus, EOL_DATA, WARN_MONTHS, type Runtime } from './lib/eol.js';
import { findRuntimeDeclarations, RUNTIME_WANTS } from './lib/runtimes.js';

const RUNTIME_NAMES: Record<Runtime, string> = {
  nodejs: 'Node.js',
  python: 'Python',
  java: 'Java',
  dotnet: '.NET',
  dotnetfx: '.NET Framework',
  ruby: 'Ruby',
  go: 'Go',
  php: 'PHP',
};

export default defineCheck({
  meta: {
    id: 'supported-runtime',
    criterion: 'tcop-12',
    level: 'standard',
    title: 'Runtimes are within their supported life',
    description:
      'A runtime past its end of life gets no security fixes, and moving off it later costs more than keeping up. TCoP 12 asks for technology that stays supported and maintained over the life of the service. The check reads every declared runtime — package.json engines, .nvmrc, .node-version, .tool-versions, .python-version, runtime.txt, .ruby-version, requires-python, Dockerfile FROM lines of every stage, Java release in pom.xml and Gradle builds, .NET target frameworks, Gemfile/gemspec Ruby, composer PHP and the go.mod go directive — and compares the lowest release each admits with end-of-life dates from endoflife.date, shipped in checks/data/eol.json.',
    wants: RUNTIME_WANTS,
    messages: {
      supported: '{{runtime}} {{cycle}} ({{source}} `{{declared}}`) is supported until {{eol}}.',
      newer:
        '{{runtime}} {{cycle}} ({{source}} `{{declared}}`) is newer than the end-of-life data (retrieved {{retrieved}}).',
      'eol-soon':
        '{{runtime}} {{cycle}} ({{source}} `{{declared}}`) reaches end of life on {{eol}}, within {{months}} months.',
      eol: '{{runtime}} {{cycle}} ({{source}} `{{declared}}`) reached end of life on {{eol}}.',
      'unknown-cycle':
        '{{runtime}} {{cycle}} ({{source}} `{{declared}}`) is not in the end-of-life data (retrieved {{retrieved}}).',
      'none-declared':
        'No runtime version is declared (engines, version files, Dockerfile FROM tags, requires-python, Java release, .NET target framework, go directive).',
    },
    remediation: {
      eol: 'Move {{path}} to a supported {{runtime}} release (see https://endoflife.date), and make the lowest release the project admits a supported one.',
      'eol-soon': 'Plan the upgrade now: move {{path}} to a newer {{runtime}} release before {{eol}}.',
      'unknown-cycle':
        'Check that {{runtime}} {{cycle}} is a real release; if it is, refresh checks/data/eol.json with scripts/refresh-eol.ts.',
      'none-declared':
        'Declare the runtime you run on (e.g. "engines" in package.json, .nvmrc, requires-python, a tagged Dockerfile FROM image) so that upgrades can be planned and checked.',
    },
    references: [
      {
        title: 'Technology Code of Practice: make your technology sustainable',
        url: 'https://www.gov.uk/guidance/make-your-technology-sustainable',
      },
      { title: 'endoflife.date', url: 'https://endoflife.date' },
      {
        title: 'The GDS Way: programming languages',
        url: 'https://gds-way.digital.cabinet-office.gov.uk/standards/programming-languages.html',
      },
    ],
  },
  run(snapshot) {
    const declarations = findRuntimeDeclarations(snapshot);
    if (declarations.length === 0) return [{ status: 'info', messageId: 'none-declared' }];
    return declarations.map((d) => {
      const status = cycleStatus(d.runtime, d.cycle, snapshot.now);
      const data = {
        runtime: RUNTIME_NAMES[d.runtime],
        cycle: d.cycle,
        declared: d.declared,
        source: d.source,
        path: d.path,
        retrieved: EOL_DATA.retrieved,
        months: WARN_MONTHS,
      };
      const location = { path: d.path, startLine: d.line };
      const evidence = {
        runtime: d.runtime,
        cycle: d.cycle,
        declared: d.declared,
        dataRetrieved: EOL_DATA.retrieved,
      };
      switch (status.kind) {
        case 'ended':
          return {
            status: 'fail' as const,
            messageId: 'eol' as const,
            data: { ...data, eol: status.eol === true ? 'an unrecorded date' : status.eol },
            location,
            evidence: { ...evidence, eol: status.eol },
          };
        case 'ending':
          return {
            status: 'warn' as const,
            messageId: 'eol-soon' as const,
            data: { ...data, eol: status.eol },
            location,
            evidence: { ...evidence, eol: status.eol },
          };
        case 'supported':
          return {
            status: 'pass' as const,
            messageId: 'supported' as const,
            data: { ...data, eol: status.eol === false ? 'no announced date' : status.eol },
            location,
            evidence: { ...evidence, eol: status.eol },
          };
        case 'newer':
          return { status: 'pass' as const, messageId: 'newer' as const, data, location, evidence };
        case 'unknown':
          return { status: 'info' as const, messageId: 'unknown-cycle' as const, data, location, evidence };
      }
    });
  },
});
