/**
 * One small stylesheet in the GOV.UK / NHS manner: Arial (GOV.UK Transport is licensed for
 * gov.uk only), black header, blue links, the yellow-and-black focus state, and tag colours from
 * the GOV.UK Design System, each at least 4.5:1 against its background (WCAG 2.2 1.4.3).
 * https://design-system.service.gov.uk/get-started/focus-states/
 */
export const DASHBOARD_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:Arial,"Helvetica Neue",Helvetica,sans-serif;font-size:100%;line-height:1.4;color:#0b0c0c;background:#fff}
body{margin:0}
a{color:#1d70b8;text-decoration:underline;text-underline-offset:.15em}
a:visited{color:#4c2c92}
a:hover{color:#003078;text-decoration-thickness:3px}
a:focus,button:focus,input:focus,select:focus,summary:focus,[tabindex]:focus{outline:3px solid transparent}
a:focus{color:#0b0c0c;background:#ffdd00;box-shadow:0 -2px #ffdd00,0 4px #0b0c0c;text-decoration:none}
button:focus,select:focus,summary:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}
.skip-link{position:absolute;left:-9999px;top:0;padding:10px 15px;background:#ffdd00;color:#0b0c0c}
.skip-link:focus{left:0;z-index:10}
.site-header{background:#0b0c0c;color:#fff;border-bottom:10px solid #1d70b8}
.site-header .inner{max-width:1200px;margin:0 auto;padding:12px 15px;display:flex;align-items:baseline;gap:1.5rem;flex-wrap:wrap}
.site-header a{color:#fff;font-weight:700;font-size:1.25rem;text-decoration:none}
.site-header a:hover{text-decoration:underline}
.site-header a:focus{color:#0b0c0c}
.site-header p{margin:0;font-size:1rem}
main{display:block;max-width:1200px;margin:0 auto;padding:20px 15px 40px}
h1{font-size:2rem;line-height:1.15;margin:.5rem 0 1.25rem}
h2{font-size:1.5rem;margin:2rem 0 1rem}
h3{font-size:1.2rem;margin:1.5rem 0 .75rem}
p{margin:0 0 1rem;max-width:45em}
.lede{font-size:1.2rem}
.hint{color:#505a5f;font-size:.95rem}
.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;border:0!important;white-space:nowrap!important}
table{border-collapse:collapse;width:100%;margin:0 0 1.5rem;font-size:1rem}
caption{text-align:left;font-weight:700;font-size:1.15rem;padding-bottom:.5rem}
th,td{text-align:left;vertical-align:top;padding:.55rem 1rem .55rem 0;border-bottom:1px solid #b1b4b6}
thead th{border-bottom:2px solid #0b0c0c}
td.num,th.num{text-align:right}
.table-wrap{overflow-x:auto}
.tag{display:inline-block;padding:.1rem .45rem;font-weight:700;font-size:.9rem;letter-spacing:.01em;white-space:nowrap}
.tag-exemplar{background:#cce2d8;color:#005a30}
.tag-standard{background:#d2e2f1;color:#0f385c}
.tag-baseline{background:#fff7bf;color:#594d00}
.tag-none{background:#f4cdc6;color:#7a1d10}
.tag-unknown{background:#e5e6e7;color:#383f43}
.tag-archived{background:#e5e6e7;color:#383f43;font-weight:400}
.status-fail{background:#f4cdc6;color:#7a1d10}
.status-warn{background:#fcd6c3;color:#6e3619}
.status-pass{background:#cce2d8;color:#005a30}
.status-info,.status-unknown{background:#e5e6e7;color:#383f43}
.trend{white-space:nowrap}
form.filters{background:#f3f2f1;padding:15px;margin:0 0 1.5rem;display:flex;flex-wrap:wrap;gap:1rem 1.5rem;align-items:flex-start}
form.filters button{margin-top:1.7rem}
.field .hint{max-width:14rem}
.field{display:flex;flex-direction:column;gap:.3rem}
label{font-weight:700}
select{font:inherit;min-height:40px;padding:5px;border:2px solid #0b0c0c;background:#fff;color:#0b0c0c;max-width:14rem}
button{font:inherit;font-weight:400;min-height:40px;padding:8px 12px;border:0;border-bottom:2px solid #002d18;background:#00703c;color:#fff;cursor:pointer}
button:hover{background:#005a30}
button:focus{background:#ffdd00;color:#0b0c0c;border-color:#0b0c0c}
.actions{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.counts{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:1rem;margin:0 0 1.5rem;padding:0;list-style:none}
.counts li{border-left:5px solid #1d70b8;padding:.25rem .75rem}
.counts .count{display:block;font-size:2rem;font-weight:700}
.pagination{margin:1rem 0 2rem}
.pagination ul{list-style:none;padding:0;margin:0;display:flex;gap:.5rem 1rem;flex-wrap:wrap;align-items:center}
.pagination [aria-current]{font-weight:700}
dl.summary{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.5rem 1.5rem;margin:0 0 1.5rem}
dl.summary dt{font-weight:700}
dl.summary dd{margin:0}
.finding{border-left:5px solid #b1b4b6;padding:.25rem 0 .25rem 1rem;margin:0 0 1.25rem}
.finding-fail{border-left-color:#d4351c}
.finding-warn{border-left-color:#f47738}
.finding h4{margin:0 0 .4rem;font-size:1.05rem}
.finding p{margin:.25rem 0}
code,pre{font-family:ui-monospace,Consolas,"Liberation Mono",monospace;font-size:.9rem}
pre{background:#f3f2f1;padding:10px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;max-width:60rem}
.chart{max-width:100%;height:auto;display:block;margin:0 0 1rem}
details{margin:0 0 1.5rem}
summary{cursor:pointer;color:#1d70b8;text-decoration:underline;width:fit-content}
.site-footer{border-top:1px solid #b1b4b6;max-width:1200px;margin:0 auto;padding:15px;color:#505a5f;font-size:.9rem}
`;
