/** Markdown the outputs share: check runs, `--format markdown`, pull-request summaries. */

/** Our own text in a table cell: `|` would end the cell and a line break the row. */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Text in a list item or paragraph: one line, and no HTML a renderer would interpret. */
export function inlineText(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text inside a code span: a backtick would end the span early. */
export function codeText(text: string): string {
  return tableCell(text).replace(/`/g, "'");
}
