import { test } from 'vitest';
import { htmlToText } from '../../../src/lib/ingest/parse/html';
test('x', () => {
  const r = htmlToText(`<!doctype html><html><head><title>My  Page</title><style>p{}</style><script>alert(1)</script></head>
<body><h1>Main &amp; title</h1><p>Hello <b>bold</b>   world&nbsp;&eacute;.<br>Next line</p>
<div><div>nested div</div></div>
<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul><ol><li>first</li><li>second</li></ol>
<h2>Table</h2><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
<noscript>no js</noscript><template><p>tpl</p></template><p hidden>hidden</p><pre>code
  indented</pre><h3></h3><p>end<img alt="pic" src=x>text</p></body></html>`);
  console.log(JSON.stringify(r, null, 1)); console.log(r.text);
});
