import type { SpecDetector } from './types.js';

// `openapi: 3.x` / `swagger: "2.0"` as a top-level YAML key, or anywhere as a JSON member.
const YAML_SNIFF = /^["']?(openapi|swagger)["']?[ \t]*:[ \t]*["']?\d/m;
const JSON_SNIFF = /"(openapi|swagger)"\s*:\s*"?\d/;

/**
 * OpenAPI 3.0/3.1 and Swagger 2.0 (openapi-read.ts). Swagger Parser, Ajv and the OpenAPI schemas
 * load only when a file sniffs as OpenAPI: most repositories have none.
 */
export const openapiDetector: SpecDetector = {
  format: ['openapi', 'swagger'],
  extensions: ['yaml', 'yml', 'json'],
  sniff: ({ text }) => YAML_SNIFF.test(text) || JSON_SNIFF.test(text),
  read: async (file, context) => (await import('./openapi-read.js')).readOpenapi(file, context),
};
