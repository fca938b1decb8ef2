/**
 * The snapshot: an immutable view of one commit of one repository. It knows nothing of checks,
 * criteria or levels; it only says what is there, and honestly when it could not tell.
 */

/** Where a snapshot came from. */
export type Target =
  { kind: 'local'; path: string } | { kind: 'github'; owner: string; repo: string; ref?: string };

/**
 * Why the contents of a listed file are not available to checks. A `symlink` is listed but never
 * followed: its target may lie outside the repository. `undecodable`: a byte-order mark names an
 * encoding (UTF-16, UTF-32) the bytes do not hold, or one that is not read.
 */
export type SkipReason = 'too-large' | 'binary' | 'unreadable' | 'truncated' | 'symlink' | 'undecodable';

/** The contents of one file, or why they were not read. */
export type FileContent =
  { kind: 'text'; text: string } | { kind: 'skipped'; reason: SkipReason; size: number };

/** One entry of the path list. `size` in bytes; may be unknown for a GitHub submodule. */
export interface FileEntry {
  path: string;
  size: number;
}

/** A fact only some sources can know (GitHub API facts, git history). */
export type Fact<T> =
  | { state: 'known'; value: T }
  | {
      state: 'unavailable';
      reason: 'no-permission' | 'not-found' | 'not-supported' | 'rate-limited' | 'error';
      detail: string;
    };

/** One ruleset rule that applies to a branch, as GitHub lists it (`type` and its parameters). */
export interface BranchRule {
  type: string;
  parameters?: Record<string, unknown>;
}

/** The settings of classic branch protection that checks read. */
export interface ClassicBranchProtection {
  requiredReviews: number;
  requiredStatusChecks: string[];
}

/**
 * What GitHub says protects a branch, from both of its mechanisms, each of which may be
 * unreadable on its own. Whether that amounts to protection is the check's judgement.
 */
export interface BranchProtectionFact {
  branch: string;
  /** Ruleset rules that apply to the branch (readable with metadata: read). */
  rules: Fact<BranchRule[]>;
  /** Classic branch protection; null when GitHub says the branch is not protected. */
  classic: Fact<ClassicBranchProtection | null>;
}

/** Repository-level facts; every one may be unavailable. */
export interface RepoFacts {
  visibility: 'public' | 'private' | 'internal';
  archived: boolean;
  defaultBranch: string;
  /** ISO 8601 time of the last push (GitHub) or last commit (local git). */
  lastCommitAt: string;
  branchProtection: BranchProtectionFact;
  privateVulnerabilityReporting: boolean;
  secretScanning: { enabled: boolean; pushProtection: boolean | null };
  /** SECURITY.md from the organisation's `.github` repository, which GitHub also shows. */
  orgSecurityPolicy: { repository: string; path: string; text: string } | null;
}

export type FactName = keyof RepoFacts;

/** Plain, serialisable snapshot data: what every source produces. */
export interface SnapshotData {
  target: Target;
  commit?: string;
  /** The audit's clock: checks never read the system clock. ISO 8601. */
  now: string;
  /** Every file in the tree (posix, relative, sorted), ignored paths removed. */
  files: FileEntry[];
  /** Contents of the files a check wanted, keyed by path. */
  contents: Record<string, FileContent>;
  facts: { [K in FactName]?: Fact<RepoFacts[K]> };
  /** False when the source could not list the whole tree (a truncated GitHub tree). */
  complete: boolean;
  incompleteReason?: string;
}

/** What the engine asks a source for. */
export interface SnapshotRequest {
  /** Globs (minimatch, dot: true) of the files whose contents checks will read. */
  wants: readonly string[];
  /** API facts checks need; a source that cannot know them says so. */
  needs: readonly FactName[];
  /** Config `ignore` globs: these paths are neither listed nor read. */
  ignore: readonly string[];
  /** Files larger than this are listed but not read. */
  maxFileBytes: number;
  now: Date;
}

/** Config files read before the snapshot, so that `ignore` can shape it. */
export interface ConfigText {
  /** Display path, e.g. `.github/tcop.yml` or `acme/.github:.github/tcop.yml`. */
  path: string;
  text: string;
}

export interface ConfigSources {
  repo?: ConfigText;
  org?: ConfigText;
}

/** A place snapshots come from: a directory, or a repository on GitHub. */
export interface SnapshotSource {
  readonly target: Target;
  /**
   * Starts work that needs no request (listing a checkout's files), so that it runs while the
   * caller loads the checks; `load` uses it. Optional: a source without such work has none.
   */
  prepare?(): void;
  loadConfig(path: string): Promise<ConfigSources>;
  load(request: SnapshotRequest): Promise<SnapshotData>;
}
