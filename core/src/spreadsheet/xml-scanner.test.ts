import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeXmlText, type XmlAttributes, XmlScanner } from './xml-scanner.js';

type Event = ['open', string, XmlAttributes, boolean] | ['close', string] | ['text', string];

/** The scanner's events for `doc` written in the given pieces, adjacent text pieces joined. */
function events(pieces: string[]): Event[] {
  const out: Event[] = [];
  const scanner = new XmlScanner({
    open: (name, attributes, selfClosing) => out.push(['open', name, { ...attributes }, selfClosing]),
    close: (name) => out.push(['close', name]),
    text: (text) => {
      const last = out.at(-1);
      if (last?.[0] === 'text') last[1] += text;
      else out.push(['text', text]);
    },
  });
  for (const p of pieces) scanner.write(p);
  scanner.end();
  return out;
}

const DOC =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
  '<!-- a comment with <c> inside --><x:worksheet xmlns:x="urn:x" a=\'1\'>' +
  '<x:row r="2" spans = "1:2"><c r="A2" t="s"><v>0</v></c><c r="B2"/>' +
  '<c t="str"><v>a &amp; b &lt;&#x9752;&#31166;&gt; &quot;q&apos;</v></c>' +
  '<c><is><t xml:space="preserve"> line\r\nnext </t></is></c>' +
  '<c><v><![CDATA[<raw & text>]]></v></c></x:row></x:worksheet>';

describe('xml scanner', () => {
  it('reports elements without their prefix, attributes decoded, text with entities and CDATA', () => {
    expect(events([DOC])).toEqual([
      ['text', '\n'],
      ['open', 'worksheet', { 'xmlns:x': 'urn:x', a: '1' }, false],
      ['open', 'row', { r: '2', spans: '1:2' }, false],
      ['open', 'c', { r: 'A2', t: 's' }, false],
      ['open', 'v', {}, false],
      ['text', '0'],
      ['close', 'v'],
      ['close', 'c'],
      ['open', 'c', { r: 'B2' }, true],
      ['close', 'c'],
      ['open', 'c', { t: 'str' }, false],
      ['open', 'v', {}, false],
      ['text', 'a & b <青禾> "q\''],
      ['close', 'v'],
      ['close', 'c'],
      ['open', 'c', {}, false],
      ['open', 'is', {}, false],
      ['open', 't', { 'xml:space': 'preserve' }, false],
      ['text', ' line\nnext '],
      ['close', 't'],
      ['close', 'is'],
      ['close', 'c'],
      ['open', 'c', {}, false],
      ['open', 'v', {}, false],
      ['text', '<raw & text>'],
      ['close', 'v'],
      ['close', 'c'],
      ['close', 'row'],
      ['close', 'worksheet'],
    ]);
  });

  it('gives the same events however the input is cut into pieces', () => {
    const whole = events([DOC]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: DOC.length - 1 }), { maxLength: 12 }), (cuts) => {
        const at = [0, ...cuts.sort((x, y) => x - y), DOC.length];
        const pieces = at.slice(1).map((end, i) => DOC.slice(at[i], end));
        expect(events(pieces)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a document that ends inside a tag and an unquoted attribute', () => {
    expect(() => events(['<row r="1"><c r="A1"'])).toThrow(/ends inside a tag/);
    expect(() => events(['<row r=1>'])).toThrow(/not quoted/);
  });

  it('decodes character references and leaves unknown entities as written', () => {
    expect(decodeXmlText('&#128512;&#x41;&nbsp;&amp;amp;')).toBe('😀A&nbsp;&amp;');
  });
});
