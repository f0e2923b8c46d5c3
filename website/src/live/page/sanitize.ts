/**
 * HTML that a cell displays itself (tslab's `display.html` and `display.svg`) is cleaned before it enters the
 * page: a shared link must not run script in the reader's page. Scripts, frames, embedded objects, forms, `on…`
 * handlers and `javascript:` URLs are removed; markup, styles, SVG and data images stay.
 * @packageDocumentation
 */

const dropped = new Set(["SCRIPT", "IFRAME", "FRAME", "OBJECT", "EMBED", "LINK", "META", "BASE", "FORM", "NOSCRIPT"]);
const urlAttributes = /^(href|src|xlink:href|action|formaction|srcdoc|data)$/i;

/** A clean fragment of `html`. */
export function sanitizeHtml(html: string): DocumentFragment {
  const template = document.createElement("template");
  template.innerHTML = html;
  const walk = (node: Element) => {
    for (const child of Array.from(node.children)) {
      if (dropped.has(child.tagName.toUpperCase())) {
        child.remove();
        continue;
      }
      for (const attr of Array.from(child.attributes)) {
        const v = attr.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        if (
          /^on/i.test(attr.name) ||
          (urlAttributes.test(attr.name) && /^(javascript|vbscript|data:text\/html)/.test(v))
        )
          child.removeAttribute(attr.name);
      }
      walk(child);
    }
  };
  walk(template.content as unknown as Element);
  return template.content;
}
