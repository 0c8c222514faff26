const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/app-Chvw_rTU.js","assets/echarts-BtLJp9hS.js"])))=>i.map(i=>d[i]);
(function(){let e=document.createElement(`link`).relList;if(e&&e.supports&&e.supports(`modulepreload`))return;for(let e of document.querySelectorAll(`link[rel="modulepreload"]`))n(e);new MutationObserver(e=>{for(let t of e)if(t.type===`childList`)for(let e of t.addedNodes)e.tagName===`LINK`&&e.rel===`modulepreload`&&n(e)}).observe(document,{childList:!0,subtree:!0});function t(e){let t={};return e.integrity&&(t.integrity=e.integrity),e.referrerPolicy&&(t.referrerPolicy=e.referrerPolicy),t.credentials=e.crossOrigin===`use-credentials`?`include`:e.crossOrigin===`anonymous`?`omit`:`same-origin`,t}function n(e){if(e.ep)return;e.ep=!0;let n=t(e);fetch(e.href,n)}})();var e=15e3,t=`/graphql`,n=class extends Error{code;errors;constructor(e,t,n=[]){super(t),this.name=`ApiError`,this.code=e,this.errors=n}};function r(e){return e instanceof DOMException&&e.name===`AbortError`}async function i(r,i={},o,s=e){let c=new AbortController,l=!1,u=setTimeout(()=>{l=!0,c.abort()},s),d=()=>c.abort();o?.aborted&&c.abort(),o?.addEventListener(`abort`,d,{once:!0});try{let e,u;try{e=await fetch(t,{method:`POST`,headers:{"Content-Type":`application/json`,Accept:`application/json`},body:JSON.stringify({query:r,variables:i}),credentials:`same-origin`,signal:c.signal}),u=await a(e)}catch(e){throw e instanceof n?e:l?new n(`TIMEOUT`,`no answer within ${s/1e3} s`):o?.aborted?new DOMException(`request cancelled`,`AbortError`):new n(`NETWORK`,e instanceof Error?e.message:String(e))}let d=u.errors??[],f=d[0];if(f)throw new n(f.extensions?.code??`GRAPHQL_ERROR`,f.message,d);if(!e.ok)throw new n(`HTTP_${e.status}`,e.statusText||`HTTP error`);if(u.data===void 0||u.data===null)throw new n(`NO_DATA`,`the answer has no data`);return u.data}finally{clearTimeout(u),o?.removeEventListener(`abort`,d)}}async function a(e){let t=await e.text();try{let e=JSON.parse(t);if(typeof e==`object`&&e)return e}catch{}throw e.ok?new n(`BAD_RESPONSE`,`the answer is not GraphQL JSON`):new n(`HTTP_${e.status}`,e.statusText||`HTTP error`)}var o=`id code name shortName kind`,s=`code label labelEn`,c=`kind title date`,l=`query Years { years }`,u=`query Overview($year: Int!) {
  ranking(year: $year) {
    unit { ${o} }
    percent
    rank
    group { ${s} }
    published { group { ${s} } rank source { ${c} } }
    source { ${c} }
  }
  fieldSummary(year: $year) {
    field { slug nameVi nameEn }
    average
    rank
    published { average rank source { ${c} } }
  }
  framework(year: $year) {
    groups { ${s} minPercent }
    fields { slug nameVi nameEn }
    source { ${c} }
  }
}`,d=`query Groups($year: Int!) {
  groupDistribution(year: $year) {
    year
    previousYear
    units
    previousUnits
    groups { group { ${s} } count share previousCount previousShare }
  }
}`,f=`query Fields($year: Int!, $previous: Int!) {
  current: fieldSummary(year: $year) {
    field { slug nameVi nameEn }
    average
    rank
    units
    published { average rank source { ${c} } }
  }
  previous: fieldSummary(year: $previous) {
    field { slug nameVi nameEn }
    average
    rank
    units
    published { average rank source { ${c} } }
  }
}`,p=`from to boundary
    summary { units compared improved declined unchanged meanChange }
    units { unit { ${o} } status percentFrom percentTo change rankFrom rankTo groupFrom { ${s} } groupTo { ${s} } }`,m=`query Changes($from: Int!, $to: Int!) {
  asPublished: changes(from: $from, to: $to) {
    ${p}
  }
  current: changes(from: $from, to: $to, boundary: CURRENT) {
    ${p}
  }
}`,h=`query Table($year: Int!) {
  ranking(year: $year) {
    unit { ${o} }
    percent
    rank
    group { ${s} }
    published { group { ${s} } rank source { ${c} } }
    source { ${c} }
    fields { field { slug } percent rank }
  }
  framework(year: $year) {
    fields { slug nameVi nameEn }
  }
}`,g=`query Unit($unit: ID!) {
  unit(code: $unit) {
    ${o}
    parentName
    validFrom
    validTo
    successors
    predecessors
    lineage { predecessor { ${o} } successor { ${o} } effective coverage }
    years
  }
}`,_=`unit { ${o} } years values ranks groups status sources contributors`;function v(e){return`query ProfileTrend($unit: ID!, $boundary: Boundary!) {
  total: trend(units: [$unit], boundary: $boundary) { ${_} }
${e.map(e=>`  f_${e}: trend(units: [$unit], field: "${e}", boundary: $boundary) { years values status }`).join(`
`)}
}`}var y=`query Compare($units: [ID!]!, $year: Int!) {
  compare(units: $units, year: $year) {
    year
    fields { slug nameVi nameEn }
    units {
      unit { ${o} }
      percent
      rank
      group { ${s} }
      benchmarks { units parentMean parentMedian topQuartile best bestUnit { ${o} } groupMean }
      fields { field { slug nameVi nameEn } percent rank benchmarks { units parentMean parentMedian topQuartile best bestUnit { ${o} } groupMean } }
    }
  }
}`,b=`query Scores($unit: ID!, $year: Int!) {
  scores(unit: $unit, year: $year) {
    criterion { code name maxPoints }
    field { slug nameVi nameEn }
    points
    maxPoints
    lostToBest
    bestPoints
  }
}`,x=`query CompareTrend($units: [ID!]!, $field: String, $boundary: Boundary!) {
  trend(units: $units, field: $field, boundary: $boundary) { ${_} }
}`,S=`query Search($search: String!) {
  units(search: $search, first: 20) { ${o} parentName years }
}`,C=[`overview`,`profile`,`compare`,`table`],w={view:`overview`,year:null,unit:null,units:[],field:null,from:null,to:null,lang:`vi`},T=64;function E(e){let t=e?.trim()??``;return/^\d{4}$/.test(t)?Number(t):null}function D(e){let t=e.trim();return t!==``&&t.length<=T?t:null}function O(e){let t=new URLSearchParams(e),n={...w,units:[]},r=t.get(`view`);r!==null&&C.includes(r)&&(n.view=r),n.year=E(t.get(`year`)),n.unit=D(t.get(`unit`)??``);let i=(t.get(`units`)??``).split(`,`).map(D);for(let e of i)e!==null&&!n.units.includes(e)&&n.units.length<12&&n.units.push(e);let a=t.get(`field`)?.trim()??``;return/^[a-z_]{1,32}$/.test(a)&&(n.field=a),n.from=E(t.get(`from`)),n.to=E(t.get(`to`)),t.get(`lang`)===`en`&&(n.lang=`en`),n}function k(e){let t=[];return e.view!==`overview`&&t.push(`view=${e.view}`),e.year!==null&&t.push(`year=${e.year}`),e.unit!==null&&e.unit!==``&&t.push(`unit=${A(e.unit)}`),e.units.length>0&&t.push(`units=${e.units.map(A).join(`,`)}`),e.field!==null&&t.push(`field=${A(e.field)}`),e.from!==null&&t.push(`from=${e.from}`),e.to!==null&&t.push(`to=${e.to}`),e.lang!==`vi`&&t.push(`lang=${e.lang}`),t.length===0?``:`?${t.join(`&`)}`}function A(e){return encodeURIComponent(e).replace(/%40/g,`@`).replace(/%3A/gi,`:`)}function j(e,t){return k(e)===k(t)}function M(e,t){return e===null?t.length>0?Math.max(...t):null:e}function N(e,t,n){if(n.length<2)return null;let r=[...n].sort((e,t)=>e-t),i=e!==null&&r.includes(e)?e:r[0],a=t!==null&&r.includes(t)?t:r[r.length-1];return i===a?[r[0],r[r.length-1]]:i<a?[i,a]:[a,i]}var P=`modulepreload`,F=function(e){return`/`+e},I={},L=function(e){return e.pathname.endsWith(`.css`)},R=function(e,t,n){if(t in e)return e[t];let r=n();if(!r){e[t]=void 0;return}let i=r.then(()=>{e[t]=void 0},n=>{throw e[t]=void 0,n});return e[t]=i,i},z=function(e,t,n){let r=Promise.resolve();if(t&&t.length>0){let e,i=document.querySelector(`meta[property=csp-nonce]`),a=i?.nonce||i?.getAttribute(`nonce`);function o(e){return Promise.all(e.map(e=>Promise.resolve(e).then(e=>({status:`fulfilled`,value:e}),e=>({status:`rejected`,reason:e}))))}function s(e){return import.meta.resolve?new URL(import.meta.resolve(e)):new URL(e,import.meta.url)}r=o(t.map(t=>{t=F(t,n);let r=s(t),i=L(r);return R(I,r.href,()=>{if(e===void 0){e={all:new Set,styles:new Set};let t=document.getElementsByTagName(`link`);for(let n=t.length-1;n>=0;n--){let r=t[n];e.all.add(r.href),r.rel===`stylesheet`&&e.styles.add(r.href)}}if((i?e.styles:e.all).has(r.href))return;let t=document.createElement(`link`);if(t.rel=i?`stylesheet`:P,i||(t.as=`script`),t.crossOrigin=``,t.href=r.href,a&&t.setAttribute(`nonce`,a),document.head.appendChild(t),i)return new Promise((e,n)=>{let i=a=>{t.removeEventListener(`load`,i),t.removeEventListener(`error`,i),a.type===`error`?n(Error(`Unable to preload CSS for ${r}`)):e(a)};t.addEventListener(`load`,i),t.addEventListener(`error`,i)})})}).filter(e=>e!==void 0))}function i(e){let t=new Event(`vite:preloadError`,{cancelable:!0});if(t.payload=e,window.dispatchEvent(t),!t.defaultPrevented)throw e}return r.then(t=>{for(let e of t||[])e.status===`rejected`&&i(e.reason);return e().catch(i)})},B=document.getElementById(`app`);if(B){let e={query:l,variables:{}},t=i(l),n=/^\d{4}$/.exec(new URLSearchParams(location.search).get(`year`)?.trim()??``)?.[0],r=z(()=>import(`./app-Chvw_rTU.js`),__vite__mapDeps([0,1]));t.then(async({years:e})=>{let t=M(n?Number(n):null,e);if(t===null||!e.includes(t))return;let a={query:u,variables:{year:t}},o=i(a.query,a.variables);o.catch(()=>{}),(await r).App.prefetched.push([a,o])}).catch(()=>{}),r.then(({App:n})=>(n.prefetched.push([e,t]),new n(B).start()))}export{l as _,j as a,i as b,y as c,d,u as f,g,h,M as i,x as l,S as m,O as n,k as o,b as p,N as r,m as s,C as t,f as u,v,r as x,n as y};