import type { SpecDetector } from './types.js';

/** Protocol Buffers (protobuf-read.ts): protobufjs loads only when the tree has a `.proto` file. */
export const protobufDetector: SpecDetector = {
  format: 'protobuf',
  extensions: ['proto'],
  sniff: () => true,
  read: async (file, context) => (await import('./protobuf-read.js')).readProtobuf(file, context),
};
