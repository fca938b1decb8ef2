/** Dependency manifests of every ecosystem: see ./manifests/ for one reader per format. */
export * from './manifests/index.js';
