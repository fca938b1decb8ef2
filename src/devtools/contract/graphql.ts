import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { packageFile } from './package-file.js';

/**
 * GitHub's public GraphQL schema (@octokit/graphql-schema), for the loopback fake to execute on
 * and for tests to validate every query the App can build. Built once per process.
 */
let schema: GraphQLSchema | undefined;

export function githubGraphqlSchema(): GraphQLSchema {
  if (!schema) {
    const sdl = readFileSync(packageFile('@octokit/graphql-schema', 'schema.graphql'), 'utf8');
    // GitHub's SDL is published as served; validating it again costs time and proves nothing.
    schema = buildSchema(sdl, { assumeValidSDL: true });
  }
  return schema;
}

/** The validation errors of a query against GitHub's schema; empty when GitHub would accept it. */
export function validateGraphqlQuery(query: string): string[] {
  let document;
  try {
    document = parse(query);
  } catch (error) {
    return [(error as Error).message];
  }
  return validate(githubGraphqlSchema(), document).map((e) => e.message);
}
