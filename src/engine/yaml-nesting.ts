import {
  Composer,
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
  return offsetNestedTooDeepIn(new Parser().parse(text));
}

function offsetNestedTooDeepIn(tokens: Iterable<CST.Token>): number | undefined {
  const stack: { token: CST.Token | null | undefined; depth: number }[] = [];
  for (const token of tokens) {
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
  // The text is parsed once: the depth is read from the same syntax tree that is then composed.
  const lineCounter = options.lineCounter;
  const tokens = [...new Parser(lineCounter?.addNewLine).parse(text)];
  const deep = offsetNestedTooDeepIn(tokens);
  if (deep === undefined) {
    const doc = composeFirst(tokens, text, options);
    // parseDocument adds each error's line and an excerpt to its message (prettyErrors): for the rare
    // text with errors or warnings, it parses again so that messages are exactly its own.
    if (options.prettyErrors === false || (doc.errors.length === 0 && doc.warnings.length === 0)) return doc;
    if (lineCounter) lineCounter.lineStarts.length = 0;
    return parseDocument(text, options);
  }
  const lines = lineCounter ?? new LineCounter();
  lines.lineStarts.length = 0;
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  const doc = new Document(null, options) as ReturnType<typeof parseDocument>;
  const error = new YAMLParseError(
    [deep, deep + 1],
    'UNEXPECTED_TOKEN',
    `Nested more than ${YAML_MAX_DEPTH} levels deep`,
  );
  const { line, col } = lines.linePos(deep);
  error.linePos = [{ line, col }];
  doc.errors.push(error);
  return doc;
}

/** What parseDocument composes from the syntax tree, but for prettifying error messages. */
function composeFirst(
  tokens: readonly CST.Token[],
  text: string,
  options: ParseOptions & DocumentOptions & SchemaOptions,
): ReturnType<typeof parseDocument> {
  const composer = new Composer(options);
  let doc: ReturnType<typeof parseDocument> | null = null;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next as ReturnType<typeof parseDocument>;
    else if (doc.options.logLevel !== 'silent') {
      doc.errors.push(
        new YAMLParseError(
          next.range.slice(0, 2) as [number, number],
          'MULTIPLE_DOCS',
          'Source contains multiple documents; please use YAML.parseAllDocuments()',
        ),
      );
      break;
    }
  }
  // compose(…, forceDoc) always yields a document, an empty one for empty text.
  return doc!;
}
