import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

/** Parses Markdown as GitHub does (CommonMark + GFM tables, autolinks, strikethrough, footnotes). */
export const parseGfm = (markdown: string): Root =>
  fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });

/** Every node of the tree, depth first. */
export function allNodes(node: Nodes): Nodes[] {
  return [node, ...('children' in node ? node.children.flatMap((c) => allNodes(c as Nodes)) : [])];
}

/** The text a reader sees, as GitHub would show it before its own linking of mentions and references. */
export function renderedText(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  return 'children' in node ? node.children.map((c) => renderedText(c as Nodes)).join('') : '';
}

/**
 * What GitHub links in rendered text after Markdown: `@user` mentions (and e-mail addresses),
 * `#123` references, bare `scheme://` URLs and `www.` hosts.
 */
export const LINKED_BY_GITHUB = /(?<![\w`])@[a-z0-9]|#\d|\w:\/\/|\bwww\./i;
