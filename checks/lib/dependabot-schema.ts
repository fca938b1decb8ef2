// A namespace import, so the bundler leaves out the zod it does not use (its locales: 440 KB).
import * as z from 'zod';

/**
 * The Dependabot version-updates configuration (`.github/dependabot.yml`, version 2), written from
 * GitHub's "Dependabot options reference":
 * https://docs.github.com/en/code-security/reference/supply-chain-security/dependabot-options-reference
 * Objects are strict because Dependabot rejects unknown keys; the check reports unknown keys as
 * warnings rather than failures, since GitHub adds options over time.
 */

/** `package-ecosystem` values from "Supported ecosystems and repositories". */
export const DEPENDABOT_ECOSYSTEMS = [
  'bazel',
  'bun',
  'bundler',
  'cargo',
  'composer',
  'conda',
  'deno',
  'devcontainers',
  'docker',
  'docker-compose',
  'dotnet-sdk',
  'elm',
  'gitsubmodule',
  'github-actions',
  'gomod',
  'gradle',
  'helm',
  'julia',
  'maven',
  'mix',
  'npm',
  'nuget',
  'opentofu',
  'pip',
  'pre-commit',
  'pub',
  'rust-toolchain',
  'swift',
  'terraform',
  'uv',
  'vcpkg',
] as const;

const stringList = z.array(z.string());
const updateTypes = z.array(
  z.enum(['version-update:semver-major', 'version-update:semver-minor', 'version-update:semver-patch']),
);

const schedule = z.strictObject({
  interval: z.enum(['daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'yearly', 'cron']),
  day: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']).optional(),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time is hh:mm (24-hour)')
    .optional(),
  timezone: z.string().optional(),
  cronjob: z.string().optional(),
});

const group = z.strictObject({
  'applies-to': z.enum(['version-updates', 'security-updates']).optional(),
  'dependency-type': z.enum(['development', 'production']).optional(),
  patterns: stringList.optional(),
  'exclude-patterns': stringList.optional(),
  'update-types': z.array(z.enum(['major', 'minor', 'patch'])).optional(),
  'group-by': z.literal('dependency-name').optional(),
});

export const dependabotUpdate = z
  .strictObject({
    'package-ecosystem': z.enum(DEPENDABOT_ECOSYSTEMS),
    directory: z.string().optional(),
    directories: z.array(z.string()).min(1).optional(),
    schedule: schedule.optional(),
    allow: z
      .array(
        z.strictObject({
          'dependency-name': z.string().optional(),
          'dependency-type': z.enum(['direct', 'indirect', 'all', 'production', 'development']).optional(),
          'update-types': updateTypes.optional(),
        }),
      )
      .optional(),
    assignees: stringList.optional(),
    'commit-message': z
      .strictObject({
        prefix: z.string().max(50).optional(),
        'prefix-development': z.string().max(50).optional(),
        include: z.literal('scope').optional(),
      })
      .optional(),
    cooldown: z
      .strictObject({
        'default-days': z.number().int().min(1).max(90).optional(),
        'semver-major-days': z.number().int().min(1).max(90).optional(),
        'semver-minor-days': z.number().int().min(1).max(90).optional(),
        'semver-patch-days': z.number().int().min(1).max(90).optional(),
        include: stringList.optional(),
        exclude: stringList.optional(),
      })
      .optional(),
    'exclude-paths': stringList.optional(),
    groups: z.record(z.string(), group).optional(),
    ignore: z
      .array(
        z.strictObject({
          'dependency-name': z.string(),
          versions: z.union([z.string(), stringList]).optional(),
          'update-types': updateTypes.optional(),
        }),
      )
      .optional(),
    'insecure-external-code-execution': z.enum(['allow', 'deny']).optional(),
    labels: stringList.optional(),
    milestone: z.union([z.number().int(), z.string()]).optional(),
    'multi-ecosystem-group': z.string().optional(),
    'open-pull-requests-limit': z.number().int().min(0).optional(),
    patterns: stringList.optional(),
    'pull-request-branch-name': z.strictObject({ separator: z.enum(['-', '_', '/']) }).optional(),
    'rebase-strategy': z.enum(['auto', 'disabled']).optional(),
    registries: z.union([z.literal('*'), stringList]).optional(),
    reviewers: stringList.optional(),
    'target-branch': z.string().optional(),
    vendor: z.boolean().optional(),
    'versioning-strategy': z
      .enum(['auto', 'increase', 'increase-if-necessary', 'lockfile-only', 'widen'])
      .optional(),
  })
  .superRefine((u, ctx) => {
    if ((u.directory === undefined) === (u.directories === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'each update needs exactly one of directory or directories',
        path: [],
      });
    // A multi-ecosystem group supplies the schedule for its members.
    if (u.schedule === undefined && u['multi-ecosystem-group'] === undefined)
      ctx.addIssue({ code: 'custom', message: 'schedule.interval is required', path: ['schedule'] });
  });

export const dependabotConfig = z.strictObject({
  version: z.literal(2),
  updates: z.array(dependabotUpdate).min(1),
  registries: z.record(z.string(), z.looseObject({ type: z.string() })).optional(),
  'enable-beta-ecosystems': z.boolean().optional(),
  'multi-ecosystem-groups': z.record(z.string(), z.looseObject({ schedule })).optional(),
});

export type DependabotConfig = z.infer<typeof dependabotConfig>;
export type DependabotUpdate = z.infer<typeof dependabotUpdate>;
