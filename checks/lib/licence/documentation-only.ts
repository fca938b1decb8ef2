import { memoise, type Snapshot } from '../../../src/snapshot/snapshot.js';

/**
 * Source file extensions. A repository with none of them holds documentation, content or data,
 * for which the GDS Way recommends the Open Government Licence rather than a software licence
 * (https://gds-way.digital.cabinet-office.gov.uk/manuals/licensing.html).
 */
export const SOURCE_EXTENSIONS: readonly string[] = [
  'c',
  'cc',
  'cpp',
  'cxx',
  'h',
  'hpp',
  'cs',
  'fs',
  'vb',
  'java',
  'kt',
  'kts',
  'scala',
  'groovy',
  'clj',
  'go',
  'rs',
  'swift',
  'm',
  'mm',
  'js',
  'jsx',
  'mjs',
  'cjs',
  'ts',
  'tsx',
  'vue',
  'svelte',
  'py',
  'rb',
  'php',
  'pl',
  'pm',
  'r',
  'jl',
  'lua',
  'dart',
  'ex',
  'exs',
  'erl',
  'hs',
  'ml',
  'sh',
  'bash',
  'ps1',
  'sql',
  'tf',
  'hcl',
  'gradle',
  'sbt',
];

const SOURCE_EXTENSION = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')}|ipynb)$`, 'i');

/** Whether a path is a source file, by extension. */
export const isSourcePath = (path: string): boolean => SOURCE_EXTENSION.test(path);

/** Build and package files that mean code even when no source file is listed. */
const CODE_MANIFEST =
  /(^|\/)(package\.json|pyproject\.toml|setup\.py|Cargo\.toml|pom\.xml|go\.mod|Gemfile|composer\.json|Dockerfile|Makefile)$/;

/** Paths that say nothing about what the repository publishes (CI, editor and tool settings). */
const TOOLING = /^(\.github|\.gitlab|\.circleci|\.vscode|\.idea|\.devcontainer)\//;

/** Whether the repository holds no source code: documentation, guidance, content or data only. */
export const isDocumentationOnly = memoise((snapshot: Snapshot): boolean =>
  snapshot.files.every(
    (f) => TOOLING.test(f.path) || !(SOURCE_EXTENSION.test(f.path) || CODE_MANIFEST.test(f.path)),
  ),
);
