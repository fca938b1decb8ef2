import { defineCheck, type CheckFinding } from '../src/engine/check.js';
import {
  compareCycles,
  cycleStatus,
  EOL_DATA,
  WARN_MONTHS,
  type CycleStatus,
  type Runtime,
} from './lib/eol.js';
import { isInTestOrExampleDirectory } from './lib/paths.js';
import {
  cycleOf,
  findRuntimeDeclarations,
  RUNTIME_WANTS,
  type RuntimeDeclaration,
  type VersionBounds,
} from './lib/runtimes.js';

type MessageId =
  | 'supported'
  | 'admitsSupported'
  | 'newer'
  | 'eolSoon'
  | 'eol'
  | 'eolUnlisted'
  | 'eolRange'
  | 'eolAdmitted'
  | 'excludesLts'
  | 'unknownCycle'
  | 'noneDeclared'
  | 'exampleSetAside';

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
      admitsSupported:
        '{{source}} `{{declared}}` admits supported {{runtime}} releases ({{supported}}); the older ones it also admits ({{ended}}) are past end of life, but nothing holds the project to them.',
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
      exampleSetAside:
        '{{count}} runtime declaration(s) under example, sample, sandbox or test directories were not judged as the repository’s runtime: {{paths}}.',
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
        'Drop {{ended}} from the range in {{path}}: every release that alternative admits is out of support.',
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
    const all = findRuntimeDeclarations(snapshot);
    // An example app or a test harness pins the runtime it demonstrates, not the one the repository runs on.
    const aside = all.filter((d) => isInTestOrExampleDirectory(d.path));
    const declarations = all.filter((d) => !isInTestOrExampleDirectory(d.path));
    const findings: Finding[] = declarations.map((d) => judge(d, snapshot.now));
    if (aside.length > 0) {
      const paths = [...new Set(aside.map((d) => d.path))];
      findings.push({
        status: 'info',
        messageId: 'exampleSetAside',
        data: {
          count: aside.length,
          paths: paths.slice(0, 5).join(', ') + (paths.length > 5 ? ` and ${paths.length - 5} more` : ''),
        },
        evidence: { paths },
      });
    }
    if (declarations.length === 0) findings.unshift({ status: 'info', messageId: 'noneDeclared' });
    return findings;
  },
});

type Finding = CheckFinding<MessageId>;

interface Member {
  cycle: string;
  status: CycleStatus;
}

const isEnded = (m: Member): boolean => m.status.kind === 'ended' || m.status.kind === 'unlisted-ended';

/**
 * The releases of the data one alternative of a range admits, lowest first (its lower bound too when
 * the data does not list it), and whether it is open-ended, so that it also admits every later release.
 */
function admitted(runtime: Runtime, bounds: VersionBounds, now: Date): { members: Member[]; open: boolean } {
  const lower = cycleOf(runtime, bounds.lower) ?? bounds.lower;
  const upper = bounds.upper;
  const top = upper === undefined ? undefined : (cycleOf(runtime, upper.version) ?? upper.version);
  const within = (cycle: string): boolean =>
    compareCycles(cycle, lower) >= 0 &&
    (upper === undefined ||
      (upper.inclusive ? compareCycles(cycle, top as string) : compareCycles(cycle, upper.version)) <
        (upper.inclusive ? 1 : 0));
  const cycles = (EOL_DATA.products[runtime]?.cycles ?? []).map((c) => c.cycle).filter(within);
  if (!cycles.some((c) => compareCycles(c, lower) === 0) && within(lower)) cycles.push(lower);
  return {
    members: cycles.sort(compareCycles).map((cycle) => ({ cycle, status: cycleStatus(runtime, cycle, now) })),
    open: upper === undefined,
  };
}

/** `16 and 18`, `16, 18 and 20`, `4 to 21`: releases named briefly. */
function releases(members: readonly Member[]): string {
  const cycles = members.map((m) => m.cycle);
  if (cycles.length > 3) return `${cycles[0] as string} to ${cycles.at(-1) as string}`;
  return cycles.length < 2
    ? (cycles[0] ?? '')
    : `${cycles.slice(0, -1).join(', ')} and ${cycles.at(-1) as string}`;
}

const lastEol = (members: readonly Member[]): string =>
  members
    .map((m) => ('eol' in m.status ? m.status.eol : true))
    .filter((e): e is string => typeof e === 'string')
    .sort()
    .at(-1) ?? 'an unrecorded date';

/**
 * A requirement is judged by every release it admits, not only its lowest: an open-ended floor such
 * as `>=18` or `>=3.10,<4` states compatibility and admits supported releases, so it is no failure.
 * An alternative that admits only ended releases (`^16 || >=22`) warns; so does an upper bound that
 * leaves out the current LTS release or admits nothing beyond a release ending soon. Undefined when the
 * single-release judgement says it all (one release, or none the data knows).
 */
function judgeRange(
  d: RuntimeDeclaration,
  range: readonly VersionBounds[],
  now: Date,
  data: Record<string, unknown>,
  location: { path: string; startLine: number },
  evidence: Record<string, unknown>,
): Finding | undefined {
  const alternatives = range.map((b) => admitted(d.runtime, b, now));
  const byCycle = new Map(alternatives.flatMap((a) => a.members).map((m) => [m.cycle, m]));
  const members = [...byCycle.values()].sort((a, b) => compareCycles(a.cycle, b.cycle));
  const known = members.filter((m) => m.status.kind !== 'unknown');
  const open = alternatives.some((a) => a.open);
  const live = known.filter((m) => !isEnded(m));
  const withMembers = {
    ...evidence,
    members: members.map((m) => ({ cycle: m.cycle, status: m.status.kind })),
  };
  if (live.length === 0) {
    const ended = known;
    if (ended.length < 2) return undefined;
    return {
      status: 'fail',
      messageId: 'eolRange',
      data: { ...data, cycle: (ended[0] as Member).cycle, ended: releases(ended), eol: lastEol(ended) },
      location,
      evidence: withMembers,
    };
  }
  const lowestLive = live[0] as Member;
  const newest = live.at(-1) as Member;
  // Only the releases below the supported ones: an ended odd-numbered Node.js release between two
  // supported ones holds nobody back.
  const ended = known.filter((m) => isEnded(m) && compareCycles(m.cycle, lowestLive.cycle) < 0);
  const dead = alternatives.filter((a) => !a.open && a.members.length > 0 && a.members.every(isEnded));
  if (dead.length > 0) {
    const deadMembers = [...new Map(dead.flatMap((a) => a.members).map((m) => [m.cycle, m])).values()];
    return {
      status: 'warn',
      messageId: 'eolAdmitted',
      data: {
        ...data,
        cycle: (deadMembers[0] as Member).cycle,
        ended: releases(deadMembers),
        supported: releases(live),
        eol: lastEol(deadMembers),
      },
      location,
      evidence: withMembers,
    };
  }
  if (!open && newest.status.kind === 'ending')
    return {
      status: 'warn',
      messageId: 'eolSoon',
      data: { ...data, cycle: newest.cycle, eol: newest.status.eol },
      location,
      evidence: { ...withMembers, eol: newest.status.eol },
    };
  // A pinned release (`17`, `=3.4.1`) is a release, not a range: only a range can leave the LTS out.
  const pinned = range.every(
    (b) => b.upper?.inclusive === true && compareCycles(b.upper.version, b.lower) === 0,
  );
  const lts = open || pinned ? undefined : currentLts(d.runtime, now);
  if (lts !== undefined && compareCycles(lts, newest.cycle) > 0)
    return {
      status: 'warn',
      messageId: 'excludesLts',
      data: { ...data, cycle: newest.cycle, highest: newest.cycle, lts },
      location,
      evidence: { ...withMembers, highest: newest.cycle, currentLts: lts },
    };
  if (ended.length > 0)
    return {
      status: 'pass',
      messageId: 'admitsSupported',
      data: { ...data, cycle: lowestLive.cycle, supported: releases(live), ended: releases(ended) },
      location,
      evidence: withMembers,
    };
  if (live.length === 1 && members.length === 1) return undefined;
  // The lowest release it admits ends soon, but the range admits later ones: it holds nothing back.
  if (lowestLive.status.kind === 'ending')
    return {
      status: 'pass',
      messageId: 'supported',
      data: {
        ...data,
        cycle: lowestLive.cycle,
        eol: lowestLive.status.eol,
        until: `until ${lowestLive.status.eol}`,
      },
      location,
      evidence: { ...withMembers, eol: lowestLive.status.eol },
    };
  return undefined;
}

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
  if (d.range !== undefined) {
    const ranged = judgeRange(d, d.range, now, data, location, evidence);
    if (ranged !== undefined) return ranged;
  }
  const lowest = { cycle: d.cycle, status: cycleStatus(d.runtime, d.cycle, now) };
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
