import type { Report } from '../engine/report.js';
import type { AuditStore, AuditTrigger, ListingTarget, Visibility } from '../store/index.js';

/** What the App knows about a repository when it saves an audit. */
export interface AuditRecord {
  report: Report;
  owner: string;
  name: string;
  visibility: Visibility;
  archived: boolean;
  defaultBranch?: string;
  /** The branch audited: only the default branch's audits are recorded. */
  ref?: string;
  installationId: number;
  trigger: AuditTrigger;
}

/** A repository's visibility or archive state changed, without a new commit to audit. */
export type RepositoryChange = Omit<AuditRecord, 'report' | 'trigger' | 'ref'> & {
  /** When GitHub made the change (`repository.updated_at`): an older change than the stored one is ignored. */
  changedAt?: string;
};

export interface AuditRecorder {
  record(entry: AuditRecord): Promise<void>;
  /** Stores a visibility or archive change at once: a repository made private leaves the dashboard now. */
  updateRepository(change: RepositoryChange): Promise<void>;
  /** Takes repositories off the public dashboard and badges at once, keeping their history. */
  delist(target: ListingTarget): Promise<void>;
  /** Lists an installation's repositories again (it was unsuspended). */
  relist(installationId: number): Promise<void>;
  /** A renamed or transferred repository keeps its history under its new name. */
  rename(from: { owner: string; name: string }, to: { owner: string; name: string }): Promise<void>;
  close(): Promise<void>;
}

/**
 * Saves every completed audit in the store (history, badges, dashboard). The store opens once,
 * on first use (or is given, when the web app shares it), and serves every audit of this process. Visibility goes with every save:
 * the dashboard and badges never show private repositories.
 */
export function createAuditRecorder(storeOrUrl: AuditStore | string | undefined): AuditRecorder {
  let store: Promise<AuditStore> | undefined =
    typeof storeOrUrl === 'object' ? Promise.resolve(storeOrUrl) : undefined;
  const open = async (): Promise<AuditStore> => {
    const { openStore } = await import('../store/index.js');
    return openStore(typeof storeOrUrl === 'string' ? { databaseUrl: storeOrUrl } : {});
  };
  return {
    async record(entry) {
      store ??= open();
      await (
        await store
      ).saveAudit({
        repo: {
          owner: entry.owner,
          name: entry.name,
          visibility: entry.visibility,
          archived: entry.archived,
          defaultBranch: entry.defaultBranch ?? null,
          installationId: entry.installationId,
        },
        report: entry.report,
        ref: entry.ref ?? entry.defaultBranch ?? null,
        trigger: entry.trigger,
      });
    },
    async updateRepository(change) {
      store ??= open();
      await (
        await store
      ).updateRepository({
        owner: change.owner,
        name: change.name,
        visibility: change.visibility,
        archived: change.archived,
        ...(change.defaultBranch ? { defaultBranch: change.defaultBranch } : {}),
        installationId: change.installationId,
        ...(change.changedAt ? { changedAt: change.changedAt } : {}),
      });
    },
    async delist(target) {
      store ??= open();
      await (await store).delistRepositories(target);
    },
    async relist(installationId) {
      store ??= open();
      await (await store).relistRepositories(installationId);
    },
    async rename(from, to) {
      store ??= open();
      await (await store).renameRepository(from, to);
    },
    async close() {
      if (store) await (await store).close();
    },
  };
}
