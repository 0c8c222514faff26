const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/app-D0gkIIFj.js","assets/echarts-BtLJp9hS.js"])))=>i.map(i=>d[i]);
(function(){let e=document.createElement(`link`).relList;if(e&&e.supports&&e.supports(`modulepreload`))return;for(let e of document.querySelectorAll(`link[rel="modulepreload"]`))n(e);new MutationObserver(e=>{for(let t of e)if(t.type===`childList`)for(let e of t.addedNodes)e.tagName===`LINK`&&e.rel===`modulepreload`&&n(e)}).observe(document,{childList:!0,subtree:!0});function t(e){let t={};return e.integrity&&(t.integrity=e.integrity),e.referrerPolicy&&(t.referrerPolicy=e.referrerPolicy),t.credentials=e.crossOrigin===`use-credentials`?`include`:e.crossOrigin===`anonymous`?`omit`:`same-origin`,t}function n(e){if(e.ep)return;e.ep=!0;let n=t(e);fetch(e.href,n)}})();var e=15e3,t=`/graphql`,n=class extends Error{code;errors;constructor(e,t,n=[]){super(t),this.name=`ApiError`,this.code=e,this.errors=n}};function r(e){return e instanceof DOMException&&e.name===`AbortError`}async function i(r,i={},o,s=e){let c=new AbortController,l=!1,u=setTimeout(()=>{l=!0,c.abort()},s),d=()=>c.abort();o?.aborted&&c.abort(),o?.addEventListener(`abort`,d,{once:!0});try{let e,u;try{e=await fetch(t,{method:`POST`,headers:{"Content-Type":`application/json`,Accept:`application/json`},body:JSON.stringify({query:r,variables:i}),credentials:`same-origin`,signal:c.signal}),u=await a(e)}catch(e){throw e instanceof n?e:l?new n(`TIMEOUT`,`no answer within ${s/1e3} s`):o?.aborted?new DOMException(`request cancelled`,`AbortError`):new n(`NETWORK`,e instanceof Error?e.message:String(e))}let d=u.errors??[],f=d[0];if(f)throw new n(f.extensions?.code??`GRAPHQL_ERROR`,f.message,d);if(!e.ok)throw new n(`HTTP_${e.status}`,e.statusText||`HTTP error`);if(u.data===void 0||u.data===null)throw new n(`NO_DATA`,`the answer has no data`);return u.data}finally{clearTimeout(u),o?.removeEventListener(`abort`,d)}}async function a(e){let t=await e.text();try{let e=JSON.parse(t);if(typeof e==`object`&&e)return e}catch{}throw e.ok?new n(`BAD_RESPONSE`,`the answer is not GraphQL JSON`):new n(`HTTP_${e.status}`,e.statusText||`HTTP error`)}var o=`query Areas($year: Int!) {
  aggregate(filter: { years: [$year] }, groupBy: [PROVINCE, PARENT], metrics: [COUNT, AVG], first: 2000) {
    rows {
      province { code name shortName }
      parent { code name shortName }
      values
    }
  }
}`;function s(e){return{query:o,variables:{year:e}}}var c=new Intl.Collator(`vi`),l=(e,t)=>c.compare(e.shortName,t.shortName)||e.code.localeCompare(t.code);function u(e){let t=new Map;for(let n of e.aggregate.rows){let e=n.values[0]??0,r=n.values[1]??null,i=t.get(n.province.code);i||(i={...n.province,units:0,average:null,districts:[]},t.set(n.province.code,i)),r!==null&&(i.average=((i.average??0)*i.units+r*e)/(i.units+e)),i.units+=e,n.parent.code!==n.province.code&&i.districts.push({...n.parent,units:e,average:r})}let n=[...t.values()].sort(l);for(let e of n)e.districts.sort(l);return n}function d(e,t){let n=t.split(`@`)[0];for(let t of e)if(t.code===n)return{area:t,province:t};for(let t of e)for(let e of t.districts)if(e.code===n)return{area:e,province:t};return null}function f(e,t){if(t.reduce((e,t)=>e+Math.max(t.districts.length,1),0)<=1)return{kind:`single`};if(e===null)return{kind:`choose`,province:null,missing:null};let n=d(t,e);if(!n)return{kind:`choose`,province:null,missing:e};let{area:r,province:i}=n;if(r!==i)return{kind:`area`,area:r,province:i};let[a,...o]=i.districts;return a===void 0?{kind:`area`,area:i,province:i}:o.length===0?{kind:`area`,area:a,province:i}:{kind:`choose`,province:i,missing:null}}function p(e){return e.kind===`area`?e.area.code:null}function m(e,t,n,r){if(e===null||d(n,e))return e;if(r!==null&&d(n,r))return r;let i=d(t,e)?.province;return i&&d(n,i.code)?i.code:null}function h(e,t){let n=d(t,e);return n?n.area===n.province?n.province.districts[0]?.code??null:n.area.code:null}function g(e){return e.normalize(`NFD`).replace(/[\u0300-\u036f]/g,``).replace(/[đĐ]/g,`d`).toLowerCase().replace(/\s+/g,` `).trim()}function _(e,t,n=10){let r=g(t);if(r===``)return[];let i=e=>g(e.name).includes(r),a=e.filter(i).map(e=>({code:e.code,label:e.name}));for(let t of e)for(let e of t.districts)i(e)&&a.push({code:e.code,label:`${e.name}, ${t.name}`});return a.slice(0,n)}var v=`id code name shortName kind`,y=`code label labelEn`,b=`kind title date`,x=`query Years { years }`,S={v:``,a:``},C={v:`, $parent: ID!`,a:`, parent: $parent`},w=`unit { ${v} }
    percent
    rank
    group { ${y} }
    published { group { ${y} } rank source { ${b} } }
    source { ${b} }`;function T(e,t,n){return n===null?{query:e(S),variables:t}:{query:e(C),variables:{...t,parent:n}}}var E=e=>`query Overview($year: Int!${e.v}) {
  ranking(year: $year${e.a}) {
    ${w}
  }
  fieldSummary(year: $year${e.a}) {
    field { slug nameVi nameEn }
    average
    rank
    published { average rank source { ${b} } }
  }
  framework(year: $year) {
    groups { ${y} minPercent }
    fields { slug nameVi nameEn }
    source { ${b} }
  }
}`;E(S);var D=`query Framework($year: Int!) {
  framework(year: $year) {
    groups { ${y} minPercent }
    fields { slug nameVi nameEn }
    source { ${b} }
  }
}`,O=e=>`query Groups($year: Int!${e.v}) {
  groupDistribution(year: $year${e.a}) {
    year
    previousYear
    units
    previousUnits
    groups { group { ${y} } count share previousCount previousShare }
  }
}`;O(S);var k=e=>`query Fields($year: Int!, $previous: Int!${e.v}) {
  current: fieldSummary(year: $year${e.a}) {
    field { slug nameVi nameEn }
    average
    rank
    units
    published { average rank source { ${b} } }
  }
  previous: fieldSummary(year: $previous${e.a}) {
    field { slug nameVi nameEn }
    average
    rank
    units
    published { average rank source { ${b} } }
  }
}`;k(S);var A=`from to boundary
    summary { units compared improved declined unchanged inferred meanChange }
    units { unit { ${v} } status percentFrom percentTo change rankFrom rankTo groupFrom { ${y} } groupTo { ${y} } }`,j=e=>`query Changes($from: Int!, $to: Int!${e.v}) {
  asPublished: changes(from: $from, to: $to${e.a}) {
    ${A}
  }
  current: changes(from: $from, to: $to${e.a}, boundary: CURRENT) {
    ${A}
  }
}`;j(S);var M=e=>`query Table($year: Int!${e.v}) {
  ranking(year: $year${e.a}) {
    ${w}
    fields { field { slug } percent rank }
  }
  framework(year: $year) {
    fields { slug nameVi nameEn }
  }
}`;M(S);var N=`predecessor { ${v} parent } successor { ${v} parent } effective coverage change certainty basis`,P=`query Unit($unit: ID!) {
  unit(code: $unit) {
    ${v}
    parent
    parentName
    validFrom
    validTo
    successors
    predecessors
    lineage { ${N} }
    history { ${N} }
    years
  }
}`;function F(e){return{query:`query ParentNames(${e.map((e,t)=>`$u${t}: ID!`).join(`, `)}) {\n${e.map((e,t)=>`  u${t}: unit(code: $u${t}) { id parentName }`).join(`
`)}\n}`,variables:Object.fromEntries(e.map((e,t)=>[`u${t}`,e]))}}var I=`unit { ${v} } years values ranks groups status sources contributors certainty`;function L(e){return`query ProfileTrend($unit: ID!, $boundary: Boundary!) {
  total: trend(units: [$unit], boundary: $boundary) { ${I} }
${e.map(e=>`  f_${e}: trend(units: [$unit], field: "${e}", boundary: $boundary) { years values status }`).join(`
`)}
}`}var ee=`query Compare($units: [ID!]!, $year: Int!) {
  compare(units: $units, year: $year) {
    year
    fields { slug nameVi nameEn }
    units {
      unit { ${v} }
      percent
      rank
      group { ${y} }
      benchmarks { units parentMean parentMedian topQuartile best bestUnit { ${v} } groupMean }
      fields { field { slug nameVi nameEn } percent rank benchmarks { units parentMean parentMedian topQuartile best bestUnit { ${v} } groupMean } }
    }
  }
}`,R=`query Scores($unit: ID!, $year: Int!) {
  scores(unit: $unit, year: $year) {
    criterion { code name maxPoints }
    field { slug nameVi nameEn }
    points
    maxPoints
    lostToBest
    bestPoints
  }
}`,z=`query CompareTrend($units: [ID!]!, $field: String, $boundary: Boundary!) {
  trend(units: $units, field: $field, boundary: $boundary) { ${I} }
}`,B=`query Search($search: String!) {
  units(search: $search, first: 20) { ${v} parentName years }
}`,V=[`overview`,`profile`,`compare`,`table`],H={view:`overview`,year:null,parent:null,unit:null,units:[],field:null,from:null,to:null,lang:`vi`},U=64;function W(e){let t=e?.trim()??``;return/^\d{4}$/.test(t)?Number(t):null}function G(e){let t=e.trim();return t!==``&&t.length<=U?t:null}function K(e){let t=new URLSearchParams(e),n={...H,units:[]},r=t.get(`view`);r!==null&&V.includes(r)&&(n.view=r),n.year=W(t.get(`year`));let i=t.get(`parent`)?.trim()??``;/^[0-9A-Za-z@.-]{1,32}$/.test(i)&&(n.parent=i),n.unit=G(t.get(`unit`)??``);let a=(t.get(`units`)??``).split(`,`).map(G);for(let e of a)e!==null&&!n.units.includes(e)&&n.units.length<12&&n.units.push(e);let o=t.get(`field`)?.trim()??``;return/^[a-z_]{1,32}$/.test(o)&&(n.field=o),n.from=W(t.get(`from`)),n.to=W(t.get(`to`)),t.get(`lang`)===`en`&&(n.lang=`en`),n}function q(e){let t=[];return e.view!==`overview`&&t.push(`view=${e.view}`),e.year!==null&&t.push(`year=${e.year}`),e.parent!==null&&t.push(`parent=${J(e.parent)}`),e.unit!==null&&e.unit!==``&&t.push(`unit=${J(e.unit)}`),e.units.length>0&&t.push(`units=${e.units.map(J).join(`,`)}`),e.field!==null&&t.push(`field=${J(e.field)}`),e.from!==null&&t.push(`from=${e.from}`),e.to!==null&&t.push(`to=${e.to}`),e.lang!==`vi`&&t.push(`lang=${e.lang}`),t.length===0?``:`?${t.join(`&`)}`}function J(e){return encodeURIComponent(e).replace(/%40/g,`@`).replace(/%3A/gi,`:`)}function Y(e,t){return q(e)===q(t)}function X(e,t){return e===null?t.length>0?Math.max(...t):null:e}function Z(e,t,n){if(n.length<2)return null;let r=[...n].sort((e,t)=>e-t),i=e!==null&&r.includes(e)?e:r[0],a=t!==null&&r.includes(t)?t:r[r.length-1];return i===a?[r[0],r[r.length-1]]:i<a?[i,a]:[a,i]}var Q=`modulepreload`,te=function(e){return`/`+e},ne={},re=function(e){return e.pathname.endsWith(`.css`)},ie=function(e,t,n){if(t in e)return e[t];let r=n();if(!r){e[t]=void 0;return}let i=r.then(()=>{e[t]=void 0},n=>{throw e[t]=void 0,n});return e[t]=i,i},ae=function(e,t,n){let r=Promise.resolve();if(t&&t.length>0){let e,i=document.querySelector(`meta[property=csp-nonce]`),a=i?.nonce||i?.getAttribute(`nonce`);function o(e){return Promise.all(e.map(e=>Promise.resolve(e).then(e=>({status:`fulfilled`,value:e}),e=>({status:`rejected`,reason:e}))))}function s(e){return import.meta.resolve?new URL(import.meta.resolve(e)):new URL(e,import.meta.url)}r=o(t.map(t=>{t=te(t,n);let r=s(t),i=re(r);return ie(ne,r.href,()=>{if(e===void 0){e={all:new Set,styles:new Set};let t=document.getElementsByTagName(`link`);for(let n=t.length-1;n>=0;n--){let r=t[n];e.all.add(r.href),r.rel===`stylesheet`&&e.styles.add(r.href)}}if((i?e.styles:e.all).has(r.href))return;let t=document.createElement(`link`);if(t.rel=i?`stylesheet`:Q,i||(t.as=`script`),t.crossOrigin=``,t.href=r.href,a&&t.setAttribute(`nonce`,a),document.head.appendChild(t),i)return new Promise((e,n)=>{let i=a=>{t.removeEventListener(`load`,i),t.removeEventListener(`error`,i),a.type===`error`?n(Error(`Unable to preload CSS for ${r}`)):e(a)};t.addEventListener(`load`,i),t.addEventListener(`error`,i)})})}).filter(e=>e!==void 0))}function i(e){let t=new Event(`vite:preloadError`,{cancelable:!0});if(t.payload=e,window.dispatchEvent(t),!t.defaultPrevented)throw e}return r.then(t=>{for(let e of t||[])e.status===`rejected`&&i(e.reason);return e().catch(i)})},$=document.getElementById(`app`);if($){let e={query:x,variables:{}},t=i(x),n=K(location.search),r=ae(()=>import(`./app-D0gkIIFj.js`),__vite__mapDeps([0,1])),a=null,o=e=>{let t=i(e.query,e.variables);return t.catch(()=>{}),a?a.prefetched.push([e,t]):r.then(({App:n})=>n.prefetched.push([e,t])),t};t.then(async({years:e})=>{let t=X(n.year,e);if(t===null||!e.includes(t))return;let r=s(t),i=f(n.parent,u(await o(r)));i.kind!==`choose`&&await o(T(E,{year:t},p(i)))}).catch(()=>{}),r.then(({App:n})=>(a=n,n.prefetched.push([e,t]),new n($).start()))}export{i as A,_ as C,f as D,u as E,p as O,s as S,h as T,T as _,Y as a,L as b,z as c,B as d,P as f,O as g,k as h,X as i,r as j,n as k,D as l,j as m,K as n,q as o,x as p,Z as r,ee as s,V as t,R as u,E as v,m as w,M as x,F as y};