/** Text out of XML attributes and HTML labels: entities decoded, tags gone, blanks collapsed. */

/** HTML's names for the characters diagram labels use; others stay as written. */
const NAMED_ENTITIES = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
} as const;

/** XML itself knows only these five names, plus numeric references. */
const XML_ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;
const HTML_ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/g;
/** Line breaks and the block elements that start a new line when a browser draws them. */
const LINE_BREAK_TAG = /<\s*(?:br|\/?(?:div|p|li|tr|h[1-6]))\b[^>]*>/gi;
const ANY_TAG = /<\/?[a-zA-Z][^>]*>|<!--[\s\S]*?-->/g;
const BLANKS = /\s+/g;

/** Decodes an attribute value the XML parser left as written (entity expansion is off). */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(XML_ENTITY, (match, decimal, hex, name) =>
    name !== undefined
      ? NAMED_ENTITIES[name as keyof typeof NAMED_ENTITIES]
      : codePoint(match, decimal, hex),
  );
}

/** A label as a reader sees it: tags dropped, line breaks as spaces, one space between words. */
export function plainLabel(text: string, html: boolean): string {
  const flat = html
    ? text.replace(LINE_BREAK_TAG, ' ').replace(ANY_TAG, '').replace(HTML_ENTITY, decodeHtml)
    : text;
  return flat.replace(BLANKS, ' ').trim();
}

function decodeHtml(match: string, decimal?: string, hex?: string, name?: string): string {
  if (name === undefined) return codePoint(match, decimal, hex);
  const key = name.toLowerCase();
  return Object.hasOwn(NAMED_ENTITIES, key)
    ? NAMED_ENTITIES[key as keyof typeof NAMED_ENTITIES]
    : match;
}

function codePoint(match: string, decimal?: string, hex?: string): string {
  const code = decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16);
  const valid = Number.isInteger(code) && code > 0 && code <= 0x10ffff;
  return valid ? String.fromCodePoint(code) : match;
}
