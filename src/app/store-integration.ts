import type { Report } from '../engine/report.js';
import type { AuditStore, AuditTrigger, Visibility } from '../store/index.js';

/** What the App knows about a repository when it saves an audit. */
export interface AuditRecord {
  report: Report;
  owner: string;
  name: string;
  visibility: Visibility;
  archived: boolean;
  defaultBranch?: string;
  installationId: number;
  trigger: AuditTrigger;
}

/** A repository's visibility or archive state changed, without a new commit to audit. */
export type RepositoryChange = Omit<AuditRecord, 'report' | 'trigger'>;

export interface AuditRecorder {
  record(entry: AuditRecord): Promise<void>;
  /** Stores a visibility or archive change at once: a repository made private leaves the dashboard now. */
  updateRepository(change: RepositoryChange): Promise<void>;
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
        ref: entry.report.target.ref ?? entry.defaultBranch ?? null,
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
      });
    },
    async close() {
      if (store) await (await store).close();
    },
  };
}
