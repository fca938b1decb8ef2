import type { SpecDetector } from './types.js';

/** A document that declares a json-schema.org meta-schema is a schema (not an instance of one). */
const JSON_SNIFF = /"\$schema"\s*:\s*"https?:\/\/json-schema\.org\//;
const YAML_SNIFF = /^["']?\$schema["']?\s*:\s*["']?https?:\/\/json-schema\.org\//m;

/** JSON Schema documents (json-schema-read.ts): Ajv loads only when a file sniffs as a schema. */
export const jsonSchemaDetector: SpecDetector = {
  format: 'json-schema',
  extensions: ['json', 'yaml', 'yml'],
  sniff: ({ text }) => JSON_SNIFF.test(text) || YAML_SNIFF.test(text),
  read: async (file, context) => (await import('./json-schema-read.js')).readJsonSchema(file, context),
};
