// A namespace import, so the bundler leaves out the zod it does not use (its locales: 440 KB).
import * as z from 'zod';
import type { Ecosystem } from './manifests.js';

/** The shape of checks/data/open-standards.json: the tests hold the shipped catalogue to it. */

const ECOSYSTEMS = [
  'npm',
  'pip',
  'cargo',
  'maven',
  'gradle',
  'nuget',
  'composer',
  'bundler',
  'gomod',
  'cran',
] as const satisfies readonly Ecosystem[];

const standardSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    body: z.string().min(1),
    url: z.string().url().startsWith('https://'),
    category: z.enum(['health', 'security', 'api', 'operations', 'data']),
    dependencies: z.partialRecord(z.enum(ECOSYSTEMS), z.array(z.string().min(1))),
    files: z.array(z.string().min(1)),
    content: z.array(z.string().min(4)),
  })
  .strict();

export const catalogueSchema = z
  .object({
    description: z.string(),
    source: z.string().min(1),
    retrieved: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    standards: z.array(standardSchema).min(1),
  })
  .strict();

export type OpenStandard = z.infer<typeof standardSchema>;
export type Catalogue = z.infer<typeof catalogueSchema>;
