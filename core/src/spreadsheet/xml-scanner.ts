/** Attributes of one element by local name (a prefix such as `r:` in `r:id` is kept: it is part of the name). */
export type XmlAttributes = Record<string, string>;

/** What the scanner reports, in document order. Element names come without their namespace prefix. */
export interface XmlHandler {
  open(name: string, attributes: XmlAttributes, selfClosing: boolean): void;
  close(name: string): void;
  /** Character data with entities decoded and line ends normalised; one element's text may come in pieces. */
  text(text: string): void;
}

const NO_ATTRIBUTES: XmlAttributes = Object.freeze({}) as XmlAttributes;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references, and normalises CR LF and CR to LF, as XML requires. */
export function decodeXmlText(raw: string): string {
  let s = raw;
  if (s.indexOf('\r') !== -1) s = s.replace(/\r\n?/g, '\n');
  if (s.indexOf('&') === -1) return s;
  return s.replace(
    ENTITY,
    (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
      if (name) return NAMED[name]!;
      const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * A streaming scanner for the part of XML that spreadsheet parts use: elements, attributes, text,
 * CDATA; comments, processing instructions and declarations are skipped; DTD entities are not
 * expanded. It is not a validating parser: it reports what it reads and leaves the meaning to the
 * handler. Input may be cut anywhere between `write` calls.
 *
 * Written for the `.xlsx` reader instead of a SAX library: reading a sheet is scanning hundreds of
 * thousands of tiny `<c><v>` elements, where the general parsers spend three times as long.
 */
export class XmlScanner {
  private pending = '';

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: string): void {
    const s = this.pending.length > 0 ? this.pending + chunk : chunk;
    this.pending = s.slice(this.scan(s));
  }

  /** The end of the document: what is left must not be a cut-off tag. */
  end(): void {
    const rest = this.pending;
    this.pending = '';
    if (rest.length === 0) return;
    if (rest.indexOf('<') !== -1) throw new Error('The XML ends inside a tag');
    this.handler.text(decodeXmlText(rest));
  }

  /** Reports every complete token of `s`; returns where the unfinished rest begins. */
  private scan(s: string): number {
    const h = this.handler;
    const len = s.length;
    let i = 0;
    while (i < len) {
      const lt = s.indexOf('<', i);
      if (lt === -1) return i; // text that may go on in the next chunk
      if (lt > i) h.text(decodeXmlText(s.slice(i, lt)));
      if (lt + 1 >= len) return lt;
      const c = s.charCodeAt(lt + 1);
      if (c === 33 /* ! */) {
        // Long enough to tell `<![CDATA[` and `<!--` from a declaration.
        if (len - lt < 9) return lt;
        if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end === -1) return lt;
          if (end > lt + 9) h.text(s.slice(lt + 9, end));
          i = end + 3;
        } else if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4);
          if (end === -1) return lt;
          i = end + 3;
        } else {
          const end = s.indexOf('>', lt + 2);
          if (end === -1) return lt;
          i = end + 1;
        }
        continue;
      }
      if (c === 63 /* ? */) {
        const end = s.indexOf('?>', lt + 2);
        if (end === -1) return lt;
        i = end + 2;
        continue;
      }
      if (c === 47 /* / */) {
        const end = s.indexOf('>', lt + 2);
        if (end === -1) return lt;
        let nameEnd = end;
        while (nameEnd > lt + 2 && isSpace(s.charCodeAt(nameEnd - 1))) nameEnd--;
        h.close(localName(s, lt + 2, nameEnd));
        i = end + 1;
        continue;
      }
      const next = this.element(s, lt);
      if (next === -1) return lt;
      i = next;
    }
    return len;
  }

  /** An opening or empty element at `lt`; returns the index after it, or -1 when it is cut off. */
  private element(s: string, lt: number): number {
    const len = s.length;
    let k = lt + 1;
    while (k < len) {
      const c = s.charCodeAt(k);
      if (isSpace(c) || c === 47 || c === 62) break;
      k++;
    }
    if (k >= len) return -1;
    const name = localName(s, lt + 1, k);
    let attributes = NO_ATTRIBUTES;
    for (;;) {
      while (k < len && isSpace(s.charCodeAt(k))) k++;
      if (k >= len) return -1;
      const c = s.charCodeAt(k);
      if (c === 62 /* > */) {
        this.handler.open(name, attributes, false);
        return k + 1;
      }
      if (c === 47 /* / */) {
        if (k + 1 >= len) return -1;
        this.handler.open(name, attributes, true);
        this.handler.close(name);
        return k + 2;
      }
      const eq = s.indexOf('=', k);
      if (eq === -1) return -1;
      let nameEnd = eq;
      while (nameEnd > k && isSpace(s.charCodeAt(nameEnd - 1))) nameEnd--;
      let q = eq + 1;
      while (q < len && isSpace(s.charCodeAt(q))) q++;
      if (q >= len) return -1;
      const quote = s[q]!;
      if (quote !== '"' && quote !== "'") throw new Error(`An attribute of <${name}> is not quoted`);
      const close = s.indexOf(quote, q + 1);
      if (close === -1) return -1;
      if (attributes === NO_ATTRIBUTES) attributes = {};
      attributes[s.slice(k, nameEnd)] = decodeXmlText(s.slice(q + 1, close));
      k = close + 1;
    }
  }
}

/** `x:row` → `row`: spreadsheet writers differ in whether they prefix the main namespace. */
function localName(s: string, from: number, to: number): string {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 58 /* : */) return s.slice(i + 1, to);
  return s.slice(from, to);
}
