import type { SpecDetector } from './types.js';

const YAML_SNIFF = /^["']?asyncapi["']?[ \t]*:/m;
const JSON_SNIFF = /"asyncapi"\s*:\s*"/;

/**
 * AsyncAPI 2.x and 3.x (asyncapi-read.ts). The AsyncAPI schemas (a megabyte of JSON) and Ajv load
 * only when a file sniffs as AsyncAPI.
 */
export const asyncapiDetector: SpecDetector = {
  format: 'asyncapi',
  extensions: ['yaml', 'yml', 'json'],
  sniff: ({ text }) => YAML_SNIFF.test(text) || JSON_SNIFF.test(text),
  read: async (file, context) => (await import('./asyncapi-read.js')).readAsyncapi(file, context),
};
