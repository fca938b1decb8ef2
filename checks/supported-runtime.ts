import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import { compareCycles, cycleStatus, EOL_DATA, WARN_MONTHS, type Runtime } from './lib/eol.js';
import { findRuntimeDeclarations, RUNTIME_WANTS, type RuntimeDeclaration } from './lib/runtimes.js';

type MessageId =
  | 'supported'
  | 'newer'
  | 'eolSoon'
  | 'eol'
  | 'eolUnlisted'
  | 'eolRange'
  | 'eolAdmitted'
  | 'excludesLts'
  | 'unknownCycle'
  | 'noneDeclared';

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

export default defineCheck<MessageId>({
  meta: {
    id: 'supported-runtime',
    criterion: 'tcop-12',
    level: 'standard',
    title: 'Runtimes are within their supported life',
    description:
      'A runtime past its end of life gets no security fixes, and moving off it later costs more than keeping up. TCoP 12 asks for technology that stays supported and maintained over the life of the service. The check reads every declared runtime — package.json engines, .nvmrc, .node-version, .tool-versions, .python-version, runtime.txt, .ruby-version, requires-python, Dockerfile FROM lines of every stage, Java release in pom.xml and Gradle builds, .NET target frameworks, Gemfile/gemspec Ruby, composer PHP, the go.mod go directive, toolchains in Gradle convention plugins, and AWS Lambda runtimes in Terraform, SAM/CloudFormation, Serverless and CDK — and compares every release each admits with end-of-life dates from endoflife.date, shipped with the audit and dated.',
    wants: RUNTIME_WANTS,
    messages: {
      supported: '{{runtime}} {{cycle}} ({{source}} `{{declared}}`) is supported {{until}}.',
      newer:
        '{{runtime}} {{cycle}} ({{source}} `{{declared}}`) is newer than the end-of-life data (retrieved {{retrieved}}).',
      eolSoon:
        '{{runtime}} {{cycle}} ({{source}} `{{declared}}`) reaches end of life on {{eol}}, within {{months}} months.',
      eol: '{{runtime}} {{cycle}} ({{source}} `{{declared}}`) reached end of life {{when}}.',
      eolUnlisted:
        '{{runtime}} {{cycle}} ({{source}} `{{declared}}`) is past end of life: it is older than {{runtime}} {{after}}, whose support ended {{when}}.',
      eolRange:
        '{{runtime}} {{ended}} ({{source}} `{{declared}}`): every release the range admits is past end of life, the last since {{eol}}.',
      eolAdmitted:
        '{{runtime}} {{ended}} ({{source}} `{{declared}}`) is past end of life (since {{eol}}), though the range also admits {{supported}}.',
      excludesLts:
        '{{runtime}} {{cycle}} ({{source}} `{{declared}}`) is supported, but the range admits nothing newer than {{runtime}} {{highest}}: not {{lts}}, the current long-term-support release.',
      unknownCycle:
        '{{runtime}} {{cycle}} ({{source}} `{{declared}}`) is not in the end-of-life data (retrieved {{retrieved}}).',
      noneDeclared:
        'No runtime version is declared (engines, version files, Dockerfile FROM tags, requires-python, Java release, .NET target framework, go directive).',
    },
    remediation: {
      eol: 'Move {{path}} to a supported {{runtime}} release (see https://endoflife.date), and make the lowest release the project admits a supported one.',
      eolSoon: 'Plan the upgrade now: move {{path}} to a newer {{runtime}} release before {{eol}}.',
      eolUnlisted: 'Move {{path}} to a supported {{runtime}} release (see https://endoflife.date).',
      eolRange:
        'Move {{path}} to a supported {{runtime}} release (see https://endoflife.date): every release `{{declared}}` admits is out of support.',
      eolAdmitted:
        'Drop {{ended}} from the range in {{path}}, so that the lowest release the project admits is a supported one.',
      excludesLts:
        'Widen the range in {{path}} to admit {{runtime}} {{lts}}, and test on it: the releases it admits now leave support first.',
      unknownCycle:
        'Check that {{runtime}} {{cycle}} is a real release and when its support ends (https://endoflife.date); the end-of-life data this audit used was retrieved on {{retrieved}}.',
      noneDeclared:
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
    if (declarations.length === 0) return [{ status: 'info', messageId: 'noneDeclared' }];
    return declarations.map((d) => judge(d, snapshot.now));
  },
});

type Finding = CheckFinding<MessageId>;

const whenEnded = (eol: string | true): string =>
  eol === true ? 'on a date the data does not record' : `on ${eol}`;

/** The current long-term-support release: the newest LTS cycle still supported on `now`. */
function currentLts(runtime: Runtime, now: Date): string | undefined {
  const lts = (EOL_DATA.products[runtime]?.cycles ?? [])
    .filter((c) => c.lts === true)
    .filter((c) => {
      const s = cycleStatus(runtime, c.cycle, now);
      return s.kind === 'supported' || s.kind === 'ending';
    })
    .map((c) => c.cycle)
    .sort(compareCycles);
  return lts.at(-1);
}

function judge(d: RuntimeDeclaration, now: Date): Finding {
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
  const evidence: Record<string, unknown> = {
    runtime: d.runtime,
    cycle: d.cycle,
    declared: d.declared,
    dataRetrieved: EOL_DATA.retrieved,
  };
  // Every release a range admits is judged; one the data does not know never hides one it does.
  const members = (d.members ?? [d.cycle]).map((cycle) => ({
    cycle,
    status: cycleStatus(d.runtime, cycle, now),
  }));
  const known = members.filter((m) => m.status.kind !== 'unknown');
  if (d.members !== undefined)
    evidence.members = members.map((m) => ({ cycle: m.cycle, status: m.status.kind }));
  const isEnded = (m: (typeof members)[number]): boolean =>
    m.status.kind === 'ended' || m.status.kind === 'unlisted-ended';
  const lowest = known[0] ?? members[0];
  if (lowest === undefined) throw new Error('a runtime declaration without a release');
  if (known.length > 1 && isEnded(lowest)) {
    const ended = known.filter(isEnded);
    const open = known.filter((m) => !isEnded(m));
    const dates = ended
      .map((m) => ('eol' in m.status ? m.status.eol : true))
      .filter((e): e is string => typeof e === 'string');
    const last = dates.sort().at(-1);
    return {
      status: 'fail',
      messageId: open.length === 0 ? 'eolRange' : 'eolAdmitted',
      data: {
        ...data,
        cycle: lowest.cycle,
        ended: ended.map((m) => m.cycle).join(' and '),
        supported: open.map((m) => m.cycle).join(' and '),
        eol: last ?? 'an unrecorded date',
      },
      location,
      evidence,
    };
  }
  const status = lowest.status;
  const cycleData = { ...data, cycle: lowest.cycle };
  switch (status.kind) {
    case 'ended':
      return {
        status: 'fail',
        messageId: 'eol',
        data: {
          ...cycleData,
          eol: status.eol === true ? 'an unrecorded date' : status.eol,
          when: whenEnded(status.eol),
        },
        location,
        evidence: { ...evidence, eol: status.eol },
      };
    case 'unlisted-ended':
      return {
        status: 'fail',
        messageId: 'eolUnlisted',
        data: { ...cycleData, after: status.after, when: whenEnded(status.eol) },
        location,
        evidence: { ...evidence, eol: status.eol },
      };
    case 'ending':
      return {
        status: 'warn',
        messageId: 'eolSoon',
        data: { ...cycleData, eol: status.eol },
        location,
        evidence: { ...evidence, eol: status.eol },
      };
    case 'supported':
    case 'newer': {
      const lts = d.highestMajor === undefined ? undefined : currentLts(d.runtime, now);
      if (lts !== undefined && d.highestMajor !== undefined && Number(lts) > d.highestMajor)
        return {
          status: 'warn',
          messageId: 'excludesLts',
          data: { ...cycleData, highest: d.highestMajor, lts },
          location,
          evidence: { ...evidence, highestMajor: d.highestMajor, currentLts: lts },
        };
      if (status.kind === 'newer')
        return { status: 'pass', messageId: 'newer', data: cycleData, location, evidence };
      return {
        status: 'pass',
        messageId: 'supported',
        data: {
          ...cycleData,
          eol: status.eol === false ? 'no announced date' : status.eol,
          until: status.eol === false ? 'with no end of life announced' : `until ${status.eol}`,
        },
        location,
        evidence: { ...evidence, eol: status.eol },
      };
    }
    case 'unknown':
      return { status: 'info', messageId: 'unknownCycle', data: cycleData, location, evidence };
  }
}
