/** The one way the browser code builds DOM: attributes and text only, never HTML strings. */

export type Attrs = Record<string, string | boolean | null | undefined>;
export type Child = Node | string | null | undefined | false;

/** Creates `<tag>` with string attributes (true → empty attribute; null/false/undefined → absent) and children, strings as text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, kids?: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v != null && v !== false) node.setAttribute(k, v === true ? '' : v);
    }
  }
  if (kids) for (const kid of kids) if (kid != null && kid !== false) node.append(typeof kid === 'string' ? document.createTextNode(kid) : kid);
  return node;
}

/** Removes every child of `node`. */
export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}
