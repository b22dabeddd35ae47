/**
 * The stylesheet of the owner's desk read pages (cases, a case, dashboard, exports). A constant,
 * so the admin CSP allows it by its SHA-256 hash (src/http/admin-html.ts): no inline style
 * attribute, no script, nothing from another origin. Below 40rem, tables become stacked cards:
 * each cell shows its column's name (`data-label`) before its value.
 */
export const VIEWS_STYLE = `
:root{color-scheme:light dark;font:15px/1.5 system-ui,sans-serif;--line:#8884;--muted:#666;--accent:#2b6cb0}
@media (prefers-color-scheme:dark){:root{--muted:#aaa;--accent:#90cdf4}}
*{box-sizing:border-box}
body{margin:0 auto;padding:0 1rem 2rem;max-width:72rem}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #f6ad55;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:Canvas;padding:.5rem}
header.site{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;align-items:baseline;border-bottom:1px solid var(--line);padding:.5rem 0}
header.site p{margin:0;font-weight:600}
header.site ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
header.site a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
h1{font-size:1.4rem;margin:1rem 0 .75rem}
h2{font-size:1.15rem;margin:1.75rem 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .25rem}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:0 0 1rem}
form.filters label{display:flex;flex-direction:column;font-size:.9rem;gap:.2rem}
input,select,button{font:inherit;padding:.4rem .5rem;min-height:2.5rem}
button{cursor:pointer}
table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:var(--muted)}
.ok{color:#197a3a;font-weight:600}.bad{color:#b3261e;font-weight:700}
@media (prefers-color-scheme:dark){.ok{color:#68d391}.bad{color:#feb2b2}}
.count{margin:.25rem 0 .75rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
ol.conversation{list-style:none;padding:0;margin:0}
ol.conversation li{border:1px solid var(--line);border-radius:.5rem;padding:.5rem .75rem;margin:.5rem 0;max-width:40rem}
ol.conversation li.in{margin-left:auto;border-color:var(--accent)}
ol.conversation .who{font-size:.85rem;color:var(--muted);margin:0 0 .25rem}
ol.conversation .text{white-space:pre-wrap;margin:0}
ol.conversation .pressed{font-weight:600;margin:0}
ol.conversation ul.offered{display:flex;flex-wrap:wrap;gap:.25rem .5rem;list-style:none;padding:0;margin:.35rem 0 0}
ol.conversation ul.offered li{border:1px solid var(--line);border-radius:1rem;padding:0 .6rem;margin:0;font-size:.85rem}
pre{white-space:pre-wrap;border:1px solid var(--line);padding:.75rem;font:inherit}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
figure{margin:0;border:1px solid var(--line);border-radius:.5rem;padding:.75rem}
figcaption{font-weight:600;margin-bottom:.25rem}
.chart svg{display:block;width:100%;height:auto;max-width:34rem}
.figure{font-size:1.6rem;font-weight:700;margin:.25rem 0}
nav.pages ul{display:flex;gap:1rem;list-style:none;padding:0}
@media (max-width:40rem){
  body{padding:0 .75rem 2rem}
  table.stack thead{position:absolute;left:-9999px}
  table.stack,table.stack tbody,table.stack td,table.stack th{display:block;width:100%}
  table.stack tr{display:grid;grid-template-columns:1fr 1fr;gap:0 .75rem;border:1px solid var(--line);border-radius:.5rem;margin:0 0 .75rem;padding:.25rem .5rem}
  table.stack tr>:first-child{grid-column:1/-1}
  table.stack td,table.stack th{border:0;padding:.2rem 0;text-align:left}
  table.stack [data-label]::before{content:attr(data-label);display:block;font-size:.8rem;color:var(--muted)}
  dl.facts{grid-template-columns:1fr}
  dl.facts dd{margin-bottom:.4rem}
  form.filters label,form.filters input,form.filters select,form.filters button{width:100%}
}
`;
