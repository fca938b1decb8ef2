import { describe, expect, it } from 'vitest';
import { htmlToText, isHtml } from './html.js';

describe('htmlToText', () => {
  it.each([
    [
      '<html><head><title>T</title></head><body><p>Hello</p><p>World</p></body></html>',
      ' \nHello\n\nWorld\n ',
    ],
    ['<style>x{}</style>A<script>b()</script>B', ' A B'],
    ['<STYLE>x{}</STYLE>A', ' A'],
    ['A<!-- c -->B', 'A B'],
    ['A<!-- <p>not here</p> -->B', 'A B'],
    ['A<!-- unclosed', 'A '],
    ['<script>never closed', ' '],
    ['<script>x</script', ' '],
    ['<headline>x</headline>', ' x '],
    ['<stylex>keep</stylex>', ' keep '],
    ['<head2>keep</head2>', ' keep '],
    ['<br/>x<hr>y', '\nx\ny'],
    ['<P CLASS="x">x</P>', '\nx\n'],
    ['<li>a</li><h2>b</h2><tr><td>c</td></tr>', '\na\n\nb\n\n c \n'],
    ['<pre>x</pre><section>s</section>', '\nx\n\ns\n'],
    ['<span>a</span><b>b</b>', ' a b '],
    ['1 < 2', '1 < 2'],
    ['x&#169;y&#x41;z&#X42;', 'x©yAzB'],
    ['&#9999999;&#x110000;&#1114111;', '&#9999999;&#x110000;\u{10ffff}'],
    ['&#x10FFFF;', '\u{10ffff}'],
    ['&amp;&AMP;&bogus;&nbsp;&copy;&ndash;&rsquo;', '&&&bogus; ©–’'],
    ['a \t  b', 'a b'],
  ])('%j → %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});

describe('isHtml', () => {
  it.each([
    ['license.html', true],
    ['LICENSE.HTM', true],
    ['licence.xhtml', true],
    ['license.html.txt', false],
    ['html', false],
    ['license.xml', false],
  ])('%s: %s', (path, html) => {
    expect(isHtml(path)).toBe(html);
  });
});
