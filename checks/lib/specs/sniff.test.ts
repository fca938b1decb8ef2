import { describe, expect, it } from 'vitest';
import { asyncapiDetector } from './asyncapi.js';
import { openapiDetector } from './openapi.js';

/** The sniffs decide which files a reader (and its schemas) is loaded for; each must say no as well as yes. */

const sniff = (
  detector: { sniff: (file: { path: string; text: string }) => boolean },
  path: string,
  text: string,
) => detector.sniff({ path, text });

describe('OpenAPI sniff', () => {
  it.each([
    ['api.yaml', 'openapi: 3.1.0\ninfo: {title: T, version: "1"}\n'],
    ['api.yaml', '"openapi": "3.0.3"\n'],
    ['api.yaml', "swagger: '2.0'\n"],
    ['api.json', '{\n  "info": {},\n  "openapi": "3.1.0"\n}'],
    ['api.json', '{"swagger":2.0}'],
  ])('%s %j sniffs as OpenAPI', (path, text) => {
    expect(sniff(openapiDetector, path, text)).toBe(true);
  });

  it.each([
    ['docker-compose.yml', 'services:\n  web:\n    image: nginx:1.27\n'],
    ['api.yaml', '  openapi: 3.1.0\n'],
    ['api.yaml', 'openapi: latest\n'],
    ['package.json', '{"name": "openapi-tools", "version": "1.0.0"}'],
    ['api.json', '{"openapi": "three"}'],
  ])('%s %j does not', (path, text) => {
    expect(sniff(openapiDetector, path, text)).toBe(false);
  });
});

describe('AsyncAPI sniff', () => {
  it.each([
    ['events.yaml', 'asyncapi: 3.0.0\ninfo: {title: T, version: "1"}\n'],
    ['events.yaml', "'asyncapi': '2.6.0'\n"],
    ['events.json', '{\n  "asyncapi": "2.6.0"\n}'],
  ])('%s %j sniffs as AsyncAPI', (path, text) => {
    expect(sniff(asyncapiDetector, path, text)).toBe(true);
  });

  it.each([
    ['.github/workflows/ci.yml', 'on: push\njobs: {}\n'],
    ['events.yaml', '  asyncapi: 3.0.0\n'],
    ['package.json', '{"name": "asyncapi-tools", "keywords": ["asyncapi"]}'],
    ['events.json', '{"asyncapi": 3}'],
  ])('%s %j does not', (path, text) => {
    expect(sniff(asyncapiDetector, path, text)).toBe(false);
  });
});
