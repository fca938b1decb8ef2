/** Package ecosystems, named as the dependency-update tools name them. */
export type Ecosystem =
  'npm' | 'pip' | 'cargo' | 'maven' | 'gradle' | 'nuget' | 'composer' | 'bundler' | 'gomod' | 'cran';

export interface ManifestDependency {
  name: string;
  /** The requirement as written (`^1.2.0`, `==2.31.0`, `>=1,<2`); absent when the manifest gives none. */
  version?: string;
  /** 1-based line of the declaration. */
  line: number;
  /** Development/test-only (devDependencies, dev groups, test scope). */
  dev: boolean;
  /**
   * What pulled the dependency in, when the manifest says: pip-compile and `uv pip compile` write
   * `# via <package>` (or `# via -r requirements.in` for a direct requirement) under each pin.
   */
  via?: string[];
}

/** A value read from a manifest, with the 1-based line it was declared on. */
export interface LocatedValue {
  value: string;
  line: number;
}

export interface Manifest {
  path: string;
  /** Directory of the manifest, '' for the root. */
  dir: string;
  ecosystem: Ecosystem;
  /** Which kind of file: 'package.json', 'pyproject.toml', 'requirements.txt', 'csproj'… */
  kind: string;
  name?: string;
  /** Declared unpublishable (package.json `private`, Python `Private ::` classifier). */
  private?: boolean;
  licence?: LocatedValue;
  dependencies: ManifestDependency[];
  /**
   * Runtime requirements keyed by runtime: node, python, java, dotnet, go, php, ruby, r.
   * Values are as written (`>=18`, `>=3.9`, `17`, `net8.0;net48`, `1.22`).
   */
  engines?: Record<string, LocatedValue>;
  /**
   * The package or build tool the manifest is written for, when it says so: poetry, uv, pdm,
   * pipenv, setuptools, npm, yarn, pnpm, bun.
   */
  tool?: string;
  /** Workspace member globs (npm/yarn/pnpm `workspaces`, Cargo `[workspace] members`). */
  workspaces?: string[];
  /** Cargo targets declared in the manifest: `[lib]`, `[[bin]]`. Cargo also infers them from src/lib.rs and src/main.rs. */
  targets?: ('lib' | 'bin')[];
  /** A FHIR package manifest (package.json with `fhirVersions`): FHIR tools install its dependencies, not npm. */
  fhirPackage?: boolean;
  /** Set when the file could not be parsed; the other fields hold what could be read. */
  error?: { message: string; line?: number };
}

/** What a reader returns: a manifest without the path fields the registry fills in. */
export type ManifestContent = Omit<Manifest, 'path' | 'dir' | 'ecosystem' | 'kind'>;

/**
 * One reader per file format, Renovate-manager shaped: which files it reads (`globs`, plus
 * `matches` for the base name) and a pure `read(text)` that never throws for bad input.
 */
export interface ManifestReader {
  ecosystem: Ecosystem;
  kind: string;
  globs: readonly string[];
  /** Whether the file is this reader's, by base name (and path, for `requirements/*.txt`). */
  matches(baseName: string, path: string): boolean;
  /** `path` lets a reader tell `requirements-dev.txt` from `requirements.txt`. */
  read(text: string, path: string): ManifestContent;
}
