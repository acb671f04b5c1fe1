import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];

/**
 * HTML as a canonical outline, so two renderings compare as trees, not as text: whitespace
 * collapsed (whitespace-only text dropped), attributes sorted by name, classes sorted and
 * de-duplicated. One line per element or text node, indented by depth, so a failing
 * comparison shows the differing lines.
 */
export function normalise(html: string): string {
  const lines: string[] = [];
  walk(parseFragment(html), 0, lines);
  return lines.join('\n');
}

function walk(parent: ParentNode, depth: number, lines: string[]): void {
  const children: Node[] = 'content' in parent && parent.nodeName === 'template' ? parent.content.childNodes : parent.childNodes;
  for (const node of children) {
    const pad = '  '.repeat(depth);
    if (node.nodeName === '#text' && 'value' in node) {
      const text = node.value.replace(/\s+/g, ' ').trim();
      if (text) lines.push(`${pad}"${text}"`);
    } else if (node.nodeName === '#comment') {
      continue;
    } else if ('tagName' in node) {
      const attrs = [...node.attrs]
        .map(({ name, value }) => {
          const v = name === 'class' ? [...new Set(value.split(/\s+/).filter(Boolean))].sort().join(' ') : value.replace(/\s+/g, ' ').trim();
          return `${name}="${v}"`;
        })
        .sort();
      lines.push(`${pad}<${node.tagName}${attrs.length ? ' ' + attrs.join(' ') : ''}>`);
      walk(node, depth + 1, lines);
    }
  }
}
