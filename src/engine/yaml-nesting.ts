import {
  Document,
  LineCounter,
  Parser,
  parseDocument,
  YAMLParseError,
  type CST,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
} from 'yaml';

/** Far above any real config, workflow or manifest: a tcop.yml is four levels deep. */
export const YAML_MAX_DEPTH = 64;

/**
 * The line of the first collection nested deeper than {@link YAML_MAX_DEPTH}, or undefined. It reads
 * the YAML library's syntax tree, which the library builds without recursion, with a stack of its own.
 * The library's composer, which turns that tree into values, recurses once per level: thousands of `[`
 * overflowed the stack, the overflow was caught at every level on the way out (work growing faster
 * than the text), and near the end of the stack V8 could run out of memory compiling a regular
 * expression, which kills the process. So text is composed only once this says it is shallow enough.
 */
export function lineNestedTooDeep(text: string): number | undefined {
  const offset = offsetNestedTooDeep(text);
  return offset === undefined ? undefined : lineOf(text, offset);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function offsetNestedTooDeep(text: string): number | undefined {
  const stack: { token: CST.Token | null | undefined; depth: number }[] = [];
  for (const token of new Parser().parse(text)) {
    if (token.type === 'document') stack.push({ token: token.value, depth: 0 });
  }
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!token) continue;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection')
      continue;
    if (depth >= YAML_MAX_DEPTH) return token.offset;
    for (const item of token.items) {
      if ('key' in item) stack.push({ token: item.key, depth: depth + 1 });
      stack.push({ token: item.value, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * The YAML library's parseDocument, for every YAML or JSON text a repository supplies: text nested
 * deeper than {@link YAML_MAX_DEPTH} is not composed, and the document has one error at the first
 * collection past the limit instead, with its line (in the caller's line counter too), so every
 * caller's "invalid YAML" path reports it.
 */
export function parseYamlDocument(
  text: string,
  options: ParseOptions & DocumentOptions & SchemaOptions = {},
): ReturnType<typeof parseDocument> {
  const deep = offsetNestedTooDeep(text);
  if (deep === undefined) return parseDocument(text, options);
  const lineCounter = options.lineCounter ?? new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  const doc = new Document(null, options) as ReturnType<typeof parseDocument>;
  const error = new YAMLParseError(
    [deep, deep + 1],
    'UNEXPECTED_TOKEN',
    `Nested more than ${YAML_MAX_DEPTH} levels deep`,
  );
  const { line, col } = lineCounter.linePos(deep);
  error.linePos = [{ line, col }];
  doc.errors.push(error);
  return doc;
}
