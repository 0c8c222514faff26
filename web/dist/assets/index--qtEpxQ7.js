const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/app-BI4cwahs.js","assets/echarts-BtLJp9hS.js"])))=>i.map(i=>d[i]);
(function(){let e=document.createElement(`link`).relList;if(e&&e.supports&&e.supports(`modulepreload`))return;for(let e of document.querySelectorAll(`link[rel="modulepreload"]`))n(e);new MutationObserver(e=>{for(let t of e)if(t.type===`childList`)for(let e of t.addedNodes)e.tagName===`LINK`&&e.rel===`modulepreload`&&n(e)}).observe(document,{childList:!0,subtree:!0});function t(e){let t={};return e.integrity&&(t.integrity=e.integrity),e.referrerPolicy&&(t.referrerPolicy=e.referrerPolicy),t.credentials=e.crossOrigin===`use-credentials`?`include`:e.crossOrigin===`anonymous`?`omit`:`same-origin`,t}function n(e){if(e.ep)return;e.ep=!0;let n=t(e);fetch(e.href,n)}})();var e=15e3,t=`/graphql`,n=class extends Error{code;errors;constructor(e,t,n=[]){super(t),this.name=`ApiError`,this.code=e,this.errors=n}};function r(e){return e instanceof DOMException&&e.name===`AbortError`}async function i(r,i={},o,s=e){let c=new AbortController,l=!1,u=setTimeout(()=>{l=!0,c.abort()},s),d=()=>c.abort();o?.aborted&&c.abort(),o?.addEventListener(`abort`,d,{once:!0});try{let e,u;try{e=await fetch(t,{method:`POST`,headers:{"Content-Type":`application/json`,Accept:`application/json`},body:JSON.stringify({query:r,variables:i}),credentials:`same-origin`,signal:c.signal}),u=await a(e)}catch(e){throw e instanceof n?e:l?new n(`TIMEOUT`,`no answer within ${s/1e3} s`):o?.aborted?new DOMException(`request cancelled`,`AbortError`):new n(`NETWORK`,e instanceof Error?e.message:String(e))}let d=u.errors??[],f=d[0];if(f)throw new n(f.extensions?.code??`GRAPHQL_ERROR`,f.message,d);if(!e.ok)throw new n(`HTTP_${e.status}`,e.statusText||`HTTP error`);if(u.data===void 0||u.data===null)throw new n(`NO_DATA`,`the answer has no data`);return u.data}finally{clearTimeout(u),o?.removeEventListener(`abort`,d)}}async function a(e){let t=await e.text();try{let e=JSON.parse(t);if(typeof e==`object`&&e)return e}catch{}throw e.ok?new n(`BAD_RESPONSE`,`the answer is not GraphQL JSON`):new n(`HTTP_${e.status}`,e.statusText||`HTTP error`)}var o=`query Areas($year: Int!) {
  aggregate(filter: { years: [$year] }, groupBy: [PROVINCE, PARENT], metrics: [COUNT, AVG], first: 2000) {
    rows {
      province { code name shortName }
      parent { code name shortName }
      values
    }
  }
}`;function s(e){return{query:o,variables:{year:e}}}var c=new Intl.Collator(`vi`),l=(e,t)=>c.compare(e.shortName,t.shortName)||e.code.localeCompare(t.code);function u(e){let t=new Map;for(let n of e.aggregate.rows){let e=n.values[0]??0,r=n.values[1]??null,i=t.get(n.province.code);i||(i={...n.province,units:0,average:null,districts:[]},t.set(n.province.code,i)),r!==null&&(i.average=((i.average??0)*i.units+r*e)/(i.units+e)),i.units+=e,n.parent.code!==n.province.code&&i.districts.push({...n.parent,units:e,average:r})}let n=[...t.values()].sort(l);for(let e of n)e.districts.sort(l);return n}var d=`2025-07-01`,f=`query Provinces($year: Int!) {
  units(level: 1, year: $year) { code name shortName level list }
}`;function ee(e){return{query:f,variables:{year:e}}}var te=`query Districts($province: ID!, $year: Int!) {
  units(parent: $province, year: $year) { code name shortName level list }
}`;function ne(e,t){return{query:te,variables:{province:e,year:t}}}var re=`query Area($code: ID!, $year: Int!) {
  unit(code: $code, year: $year) { code name shortName level list parent validFrom validTo }
}`;function ie(e,t){return{query:re,variables:{code:e,year:t}}}function ae(e){let t=new Map;for(let n of e.units)n.level===1&&t.set(n.code,n);return[...t.values()].sort(l)}function oe(e){return e.units.filter(e=>e.level===2&&e.list<d).sort(l)}function p(e){return e.list<d}function m(e,t){let n=h(t);for(let t of e)if(t.code===n)return{area:t,province:t};for(let t of e)for(let e of t.districts)if(e.code===n)return{area:e,province:t};return null}function h(e){return e.split(`@`)[0]}function se(e){return e.flatMap(e=>e.districts.length===0?[{area:e,province:e}]:e.districts.map(t=>({area:t,province:e})))}function ce(e,t,n,r=null){if(t.length===0&&n.length===0)return{kind:`single`};if(e===null){let[e,...n]=se(t);return e!==void 0&&n.length===0?{kind:`area`,...e,implicit:!0}:{kind:`choose`,province:null,missing:null}}let i=m(t,e);if(i){let{area:e,province:t}=i;if(e!==t)return{kind:`area`,area:e,province:t,implicit:!1};let[n,...r]=t.districts;return n===void 0?{kind:`area`,area:t,province:t,implicit:!1}:r.length===0?{kind:`area`,area:n,province:t,implicit:!1}:{kind:`choose`,province:t,missing:null}}let a=n.find(t=>t.code===h(e));return a?{kind:`empty`,area:a,province:a}:r&&r.area.code===h(e)?{kind:`empty`,...r}:{kind:`choose`,province:null,missing:e}}function g(e){return e.kind===`area`&&!e.implicit?e.area.code:null}function _(e){return e.kind===`area`||e.kind===`empty`||e.kind===`choose`?e.province:null}function v(e,t){let n=`${t}-12-31`;return(e.validFrom===null||e.validFrom<=n)&&(e.validTo===null||n<=e.validTo)}async function y(e,t,n){let[r,i]=await Promise.all([e(s(t)),e(ee(t))]),a=u(r),o=ae(i),c=null;if(n!==null&&!m(a,n)&&!o.some(e=>e.code===h(n)))try{let{unit:r}=await e(ie(h(n),t)),i=o.find(e=>e.code===r?.parent);r&&i&&r.level===2&&p(i)&&v(r,t)&&(c={area:r,province:i})}catch{}return{results:a,provinces:o,scope:ce(n,a,o,c)}}async function b(e,t,n){let r=_(n.scope),i=n.provinces.find(e=>e.code===r?.code);return!i||!p(i)?null:oe(await e(ne(i.code,t)))}function le(e,t,n,r,i){return e===null?null:t.kind!==`choose`||t.missing===null?e:r!==null&&n.some(e=>e.code===r)?r:i!==null&&n.some(e=>e.code===i)?i:null}function x(e,t){return(e.kind===`area`||e.kind===`empty`)&&e.area.code!==e.province.code?e.area.code:e.kind===`single`?null:t?.[0]?.code??null}function S(e){return e.normalize(`NFD`).replace(/[\u0300-\u036f]/g,``).replace(/[đĐ]/g,`d`).toLowerCase().replace(/\s+/g,` `).trim()}function C(e,t){let n=S(t);return n===``?[]:e.filter(e=>S(e.name).includes(n)).map(e=>({code:e.code,label:e.name}))}var w=`query AreaSearch($search: String!, $year: Int!) {
  units(search: $search, year: $year, level: 2, first: 200) { code name shortName level list parentName }
}`;function T(e,t){return{query:w,variables:{search:e.trim(),year:t}}}function E(e){return e.units.filter(e=>e.level===2&&e.list<d).map(e=>({code:e.code,label:e.parentName?`${e.name}, ${e.parentName}`:e.name}))}function D(e,t,n=10){return[...e,...t].slice(0,n)}var O=`id code name shortName kind`,k=`code label labelEn`,A=`kind title date`,j=`query Years { years }`,M={v:``,a:``},ue={v:`, $parent: ID!`,a:`, parent: $parent`},N=`unit { ${O} }
    percent
    rank
    group { ${k} }
    published { group { ${k} } rank source { ${A} } }
    source { ${A} }`;function P(e,t,n){return n===null?{query:e(M),variables:t}:{query:e(ue),variables:{...t,parent:n}}}var F=e=>`query Overview($year: Int!${e.v}) {
  ranking(year: $year${e.a}) {
    ${N}
  }
  fieldSummary(year: $year${e.a}) {
    field { slug nameVi nameEn }
    average
    rank
    published { average rank source { ${A} } }
  }
  framework(year: $year) {
    groups { ${k} minPercent }
    fields { slug nameVi nameEn }
    source { ${A} }
  }
}`;F(M);var I=`query Framework($year: Int!) {
  framework(year: $year) {
    groups { ${k} minPercent }
    fields { slug nameVi nameEn }
    source { ${A} }
  }
}`,L=e=>`query Groups($year: Int!${e.v}) {
  groupDistribution(year: $year${e.a}) {
    year
    previousYear
    units
    previousUnits
    groups { group { ${k} } count share previousCount previousShare }
  }
}`;L(M);var R=e=>`query Fields($year: Int!, $previous: Int!${e.v}) {
  current: fieldSummary(year: $year${e.a}) {
    field { slug nameVi nameEn }
    average
    rank
    units
    published { average rank source { ${A} } }
  }
  previous: fieldSummary(year: $previous${e.a}) {
    field { slug nameVi nameEn }
    average
    rank
    units
    published { average rank source { ${A} } }
  }
}`;R(M);var z=`from to boundary
    summary { units compared improved declined unchanged inferred meanChange }
    units { unit { ${O} } status percentFrom percentTo change rankFrom rankTo groupFrom { ${k} } groupTo { ${k} } }`,B=e=>`query Changes($from: Int!, $to: Int!${e.v}) {
  asPublished: changes(from: $from, to: $to${e.a}) {
    ${z}
  }
  current: changes(from: $from, to: $to${e.a}, boundary: CURRENT) {
    ${z}
  }
}`;B(M);var V=e=>`query Table($year: Int!${e.v}) {
  ranking(year: $year${e.a}) {
    ${N}
    fields { field { slug } percent rank }
  }
  framework(year: $year) {
    fields { slug nameVi nameEn }
  }
}`;V(M);var H=`predecessor { ${O} parent } successor { ${O} parent } effective coverage change certainty basis`,U=`query Unit($unit: ID!) {
  unit(code: $unit) {
    ${O}
    parent
    parentName
    validFrom
    validTo
    successors
    predecessors
    lineage { ${H} }
    history { ${H} }
    years
  }
}`;function de(e){return{query:`query ParentNames(${e.map((e,t)=>`$u${t}: ID!`).join(`, `)}) {\n${e.map((e,t)=>`  u${t}: unit(code: $u${t}) { id parentName }`).join(`
`)}\n}`,variables:Object.fromEntries(e.map((e,t)=>[`u${t}`,e]))}}var W=`unit { ${O} } years values ranks groups status sources contributors certainty`;function fe(e){return`query ProfileTrend($unit: ID!, $boundary: Boundary!) {
  total: trend(units: [$unit], boundary: $boundary) { ${W} }
${e.map(e=>`  f_${e}: trend(units: [$unit], field: "${e}", boundary: $boundary) { years values status }`).join(`
`)}
}`}var pe=`query Compare($units: [ID!]!, $year: Int!) {
  compare(units: $units, year: $year) {
    year
    fields { slug nameVi nameEn }
    units {
      unit { ${O} }
      percent
      rank
      group { ${k} }
      benchmarks { units parentMean parentMedian topQuartile best bestUnit { ${O} } groupMean }
      fields { field { slug nameVi nameEn } percent rank benchmarks { units parentMean parentMedian topQuartile best bestUnit { ${O} } groupMean } }
    }
  }
}`,me=`query Scores($unit: ID!, $year: Int!) {
  scores(unit: $unit, year: $year) {
    criterion { code name maxPoints }
    field { slug nameVi nameEn }
    points
    maxPoints
    lostToBest
    bestPoints
  }
}`,he=`query CompareTrend($units: [ID!]!, $field: String, $boundary: Boundary!) {
  trend(units: $units, field: $field, boundary: $boundary) { ${W} }
}`,ge=`query Search($search: String!) {
  units(search: $search, first: 20) { ${O} parentName years }
}`,G=[`overview`,`profile`,`compare`,`table`],_e={view:`overview`,year:null,parent:null,unit:null,units:[],field:null,from:null,to:null,lang:`vi`},ve=64;function K(e){let t=e?.trim()??``;return/^\d{4}$/.test(t)?Number(t):null}function q(e){let t=e.trim();return t!==``&&t.length<=ve?t:null}function J(e){let t=new URLSearchParams(e),n={..._e,units:[]},r=t.get(`view`);r!==null&&G.includes(r)&&(n.view=r),n.year=K(t.get(`year`));let i=t.get(`parent`)?.trim()??``;/^[0-9A-Za-z@.-]{1,32}$/.test(i)&&(n.parent=i),n.unit=q(t.get(`unit`)??``);let a=(t.get(`units`)??``).split(`,`).map(q);for(let e of a)e!==null&&!n.units.includes(e)&&n.units.length<12&&n.units.push(e);let o=t.get(`field`)?.trim()??``;return/^[a-z_]{1,32}$/.test(o)&&(n.field=o),n.from=K(t.get(`from`)),n.to=K(t.get(`to`)),t.get(`lang`)===`en`&&(n.lang=`en`),n}function Y(e){let t=[];return e.view!==`overview`&&t.push(`view=${e.view}`),e.year!==null&&t.push(`year=${e.year}`),e.parent!==null&&t.push(`parent=${X(e.parent)}`),e.unit!==null&&e.unit!==``&&t.push(`unit=${X(e.unit)}`),e.units.length>0&&t.push(`units=${e.units.map(X).join(`,`)}`),e.field!==null&&t.push(`field=${X(e.field)}`),e.from!==null&&t.push(`from=${e.from}`),e.to!==null&&t.push(`to=${e.to}`),e.lang!==`vi`&&t.push(`lang=${e.lang}`),t.length===0?``:`?${t.join(`&`)}`}function X(e){return encodeURIComponent(e).replace(/%40/g,`@`).replace(/%3A/gi,`:`)}function ye(e,t){return Y(e)===Y(t)}function Z(e,t){return e===null?t.length>0?Math.max(...t):null:e}function be(e,t,n){if(n.length<2)return null;let r=[...n].sort((e,t)=>e-t),i=e!==null&&r.includes(e)?e:r[0],a=t!==null&&r.includes(t)?t:r[r.length-1];return i===a?[r[0],r[r.length-1]]:i<a?[i,a]:[a,i]}var Q=`modulepreload`,xe=function(e){return`/`+e},Se={},Ce=function(e){return e.pathname.endsWith(`.css`)},we=function(e,t,n){if(t in e)return e[t];let r=n();if(!r){e[t]=void 0;return}let i=r.then(()=>{e[t]=void 0},n=>{throw e[t]=void 0,n});return e[t]=i,i},Te=function(e,t,n){let r=Promise.resolve();if(t&&t.length>0){let e,i=document.querySelector(`meta[property=csp-nonce]`),a=i?.nonce||i?.getAttribute(`nonce`);function o(e){return Promise.all(e.map(e=>Promise.resolve(e).then(e=>({status:`fulfilled`,value:e}),e=>({status:`rejected`,reason:e}))))}function s(e){return import.meta.resolve?new URL(import.meta.resolve(e)):new URL(e,import.meta.url)}r=o(t.map(t=>{t=xe(t,n);let r=s(t),i=Ce(r);return we(Se,r.href,()=>{if(e===void 0){e={all:new Set,styles:new Set};let t=document.getElementsByTagName(`link`);for(let n=t.length-1;n>=0;n--){let r=t[n];e.all.add(r.href),r.rel===`stylesheet`&&e.styles.add(r.href)}}if((i?e.styles:e.all).has(r.href))return;let t=document.createElement(`link`);if(t.rel=i?`stylesheet`:Q,i||(t.as=`script`),t.crossOrigin=``,t.href=r.href,a&&t.setAttribute(`nonce`,a),document.head.appendChild(t),i)return new Promise((e,n)=>{let i=a=>{t.removeEventListener(`load`,i),t.removeEventListener(`error`,i),a.type===`error`?n(Error(`Unable to preload CSS for ${r}`)):e(a)};t.addEventListener(`load`,i),t.addEventListener(`error`,i)})})}).filter(e=>e!==void 0))}function i(e){let t=new Event(`vite:preloadError`,{cancelable:!0});if(t.payload=e,window.dispatchEvent(t),!t.defaultPrevented)throw e}return r.then(t=>{for(let e of t||[])e.status===`rejected`&&i(e.reason);return e().catch(i)})},$=document.getElementById(`app`);if($){let e={query:j,variables:{}},t=i(j),n=J(location.search),r=Te(()=>import(`./app-BI4cwahs.js`),__vite__mapDeps([0,1])),a=null,o=e=>{let t=i(e.query,e.variables);return t.catch(()=>{}),a?a.prefetched.push([e,t]):r.then(({App:n})=>n.prefetched.push([e,t])),t};t.then(async({years:e})=>{let t=Z(n.year,e);if(t===null||!e.includes(t))return;let r=e=>o(e),i=await y(r,t,n.parent);b(r,t,i).catch(()=>null);let a=i.scope;(a.kind===`area`||a.kind===`single`)&&await o(P(F,{year:t},g(a)))}).catch(()=>{}),r.then(({App:n})=>(a=n,n.prefetched.push([e,t]),new n($).start()))}export{y as A,T as C,C as D,b as E,r as F,_ as M,n as N,le as O,i as P,D as S,E as T,P as _,ye as a,fe as b,he as c,ge as d,U as f,L as g,R as h,Z as i,g as j,x as k,I as l,B as m,J as n,Y as o,j as p,be as r,pe as s,G as t,me as u,F as v,s as w,V as x,de as y};