import type { SpecDetector } from './types.js';

export const GRAPHQL_EXTENSIONS = ['graphql', 'graphqls', 'gql'] as const;
const SDL_SNIFF = /^\s*(extend\s+)?(type|schema|interface|enum|input|scalar|union|directive)\b/m;

/** GraphQL SDL (graphql-read.ts): graphql-js loads only when a file sniffs as SDL. */
export const graphqlDetector: SpecDetector = {
  format: 'graphql',
  extensions: GRAPHQL_EXTENSIONS,
  sniff: ({ text }) => SDL_SNIFF.test(text),
  read: async (file, context) => (await import('./graphql-read.js')).readGraphql(file, context),
};
