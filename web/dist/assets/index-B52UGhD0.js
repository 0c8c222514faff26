const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/app-C2v7oc2K.js","assets/echarts-BtLJp9hS.js"])))=>i.map(i=>d[i]);
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
}`;function p(e){return{query:f,variables:{year:e}}}var ee=`query Districts($province: ID!, $year: Int!) {
  units(parent: $province, year: $year) { code name shortName level list }
}`;function te(e,t){return{query:ee,variables:{province:e,year:t}}}var ne=`query Area($code: ID!, $year: Int!) {
  unit(code: $code, year: $year) { code name shortName level list parent validFrom validTo }
}`;function re(e,t){return{query:ne,variables:{code:e,year:t}}}function ie(e){let t=new Map;for(let n of e.units)n.level===1&&t.set(n.code,n);return[...t.values()].sort(l)}function ae(e){return e.units.filter(e=>e.level===2&&e.list<d).sort(l)}function m(e){return e.list<d}function h(e,t){let n=g(t);for(let t of e)if(t.code===n)return{area:t,province:t};for(let t of e)for(let e of t.districts)if(e.code===n)return{area:e,province:t};return null}function g(e){return e.split(`@`)[0]}function oe(e){return e.flatMap(e=>e.districts.length===0?[{area:e,province:e}]:e.districts.map(t=>({area:t,province:e})))}function se(e,t,n,r=null){if(t.length===0&&n.length===0)return{kind:`single`};if(e===null){let[e,...n]=oe(t);return e!==void 0&&n.length===0?{kind:`area`,...e,implicit:!0}:{kind:`choose`,province:null,missing:null}}let i=h(t,e);if(i){let{area:e,province:t}=i;if(e!==t)return{kind:`area`,area:e,province:t,implicit:!1};let[n,...r]=t.districts;return n===void 0?{kind:`area`,area:t,province:t,implicit:!1}:r.length===0?{kind:`area`,area:n,province:t,implicit:!1}:{kind:`choose`,province:t,missing:null}}let a=n.find(t=>t.code===g(e));return a?{kind:`empty`,area:a,province:a}:r&&r.area.code===g(e)?{kind:`empty`,...r}:{kind:`choose`,province:null,missing:e}}function _(e){return e.kind===`area`&&!e.implicit?e.area.code:null}function v(e){return e.kind===`area`||e.kind===`empty`||e.kind===`choose`?e.province:null}function ce(e,t){let n=`${t}-12-31`;return(e.validFrom===null||e.validFrom<=n)&&(e.validTo===null||n<=e.validTo)}async function y(e,t,n){let[r,i]=await Promise.all([e(s(t)),e(p(t))]),a=u(r),o=ie(i),c=null;if(n!==null&&!h(a,n)&&!o.some(e=>e.code===g(n)))try{let{unit:r}=await e(re(g(n),t)),i=o.find(e=>e.code===r?.parent);r&&i&&r.level===2&&m(i)&&ce(r,t)&&(c={area:r,province:i})}catch{}return{results:a,provinces:o,scope:se(n,a,o,c)}}async function b(e,t,n){let r=v(n.scope),i=n.provinces.find(e=>e.code===r?.code);return!i||!m(i)?null:ae(await e(te(i.code,t)))}function le(e,t,n,r,i){return e===null?null:t.kind!==`choose`||t.missing===null?e:r!==null&&n.some(e=>e.code===r)?r:i!==null&&n.some(e=>e.code===i)?i:null}function ue(e,t){return(e.kind===`area`||e.kind===`empty`)&&e.area.code!==e.province.code?e.area.code:e.kind===`single`?null:t?.[0]?.code??null}function x(e){return e.normalize(`NFD`).replace(/[\u0300-\u036f]/g,``).replace(/[đĐ]/g,`d`).toLowerCase().replace(/\s+/g,` `).trim()}function S(e,t){let n=x(t);return n===``?[]:e.filter(e=>x(e.name).includes(n)).map(e=>({code:e.code,label:e.name}))}var C=`query AreaSearch($search: String!, $year: Int!) {
  units(search: $search, year: $year, level: 2, first: 200) { code name shortName level list parentName }
}`;function w(e,t){return{query:C,variables:{search:e.trim(),year:t}}}function T(e){return e.units.filter(e=>e.level===2&&e.list<d).map(e=>({code:e.code,label:e.parentName?`${e.name}, ${e.parentName}`:e.name}))}function E(e,t,n=10){return[...e,...t].slice(0,n)}var D=`id code name shortName kind`,O=`code label labelEn ordinal framework`,k=`kind title date`,A=`query Years { years }`,j={v:``,a:``},de={v:`, $parent: ID!`,a:`, parent: $parent`},M=`id
    name
    issuer { code name shortName }
    groups { ${O} minPercent minPoints }
    cohorts { slug nameVi nameEn }
    fields { slug nameVi nameEn }
    source { ${k} }
    decision { ${k} }`,N=`unit { ${D} }
    percent
    rank
    framework
    cohort
    group { ${O} }
    published { group { ${O} } rank source { ${k} } }
    source { ${k} }`;function P(e,t,n){return n===null?{query:e(j),variables:t}:{query:e(de),variables:{...t,parent:n}}}var F=e=>`query Overview($year: Int!${e.v}) {
  ranking(year: $year${e.a}) {
    ${N}
  }
  fieldSummary(year: $year${e.a}) {
    field { slug nameVi nameEn }
    average
    rank
    mixedFrameworks
    published { average rank source { ${k} } }
  }
  frameworks(year: $year) {
    ${M}
  }
}`;F(j);var I=`query Framework($year: Int!) {
  framework(year: $year) {
    ${M}
  }
}`;function L(e){return{query:`query UnitFrameworks(${e.map((e,t)=>`$y${t}: Int!, $u${t}: ID!`).join(`, `)}) {\n${e.map((e,t)=>`  f${t}: framework(year: $y${t}, unit: $u${t}) {
    ${M}
  }`).join(`
`)}\n}`,variables:Object.fromEntries(e.flatMap((e,t)=>[[`y${t}`,e.year],[`u${t}`,e.unit]]))}}var R=e=>`query Groups($year: Int!${e.v}) {
  groupDistribution(year: $year${e.a}) {
    year
    previousYear
    units
    previousUnits
    frameworks
    mixedFrameworks
    previousByPosition
    groups { group { ${O} } count share previousCount previousShare }
  }
}`;R(j);var z=e=>`query Fields($year: Int!, $previous: Int!${e.v}) {
  current: fieldSummary(year: $year${e.a}) {
    field { slug nameVi nameEn }
    average
    rank
    units
    mixedFrameworks
    published { average rank source { ${k} } }
  }
  previous: fieldSummary(year: $previous${e.a}) {
    field { slug nameVi nameEn }
    average
    rank
    units
    mixedFrameworks
    published { average rank source { ${k} } }
  }
}`;z(j);var B=`from to boundary
    frameworks
    mixedFrameworks
    summary { units compared improved declined unchanged inferred frameworkChanged meanChange }
    units { unit { ${D} } status percentFrom percentTo change rankFrom rankTo groupFrom { ${O} } groupTo { ${O} } frameworkChanged cohort }`,V=e=>`query Changes($from: Int!, $to: Int!${e.v}) {
  asPublished: changes(from: $from, to: $to${e.a}) {
    ${B}
  }
  current: changes(from: $from, to: $to${e.a}, boundary: CURRENT) {
    ${B}
  }
}`;V(j);var H=e=>`query Table($year: Int!${e.v}) {
  ranking(year: $year${e.a}) {
    ${N}
    fields { field { slug } percent rank }
  }
  frameworks(year: $year) {
    ${M}
  }
}`;H(j);var U=`predecessor { ${D} parent } successor { ${D} parent } effective coverage change certainty basis`,fe=`query Unit($unit: ID!) {
  unit(code: $unit) {
    ${D}
    parent
    parentName
    validFrom
    validTo
    successors
    predecessors
    lineage { ${U} }
    history { ${U} }
    years
  }
}`;function pe(e){return{query:`query ParentNames(${e.map((e,t)=>`$u${t}: ID!`).join(`, `)}) {\n${e.map((e,t)=>`  u${t}: unit(code: $u${t}) { id parentName }`).join(`
`)}\n}`,variables:Object.fromEntries(e.map((e,t)=>[`u${t}`,e]))}}var W=`unit { ${D} } years values ranks groups status sources contributors certainty`;function me(e){return`query ProfileTrend($unit: ID!, $boundary: Boundary!) {
  total: trend(units: [$unit], boundary: $boundary) { ${W} }
${e.map(e=>`  f_${e}: trend(units: [$unit], field: "${e}", boundary: $boundary) { years values status }`).join(`
`)}
}`}var he=`query Compare($units: [ID!]!, $year: Int!) {
  compare(units: $units, year: $year) {
    year
    fields { slug nameVi nameEn }
    frameworks
    mixedFrameworks
    units {
      unit { ${D} }
      framework
      cohort
      percent
      rank
      group { ${O} }
      benchmarks { units parentMean parentMedian topQuartile best bestUnit { ${D} } groupMean }
      fields { field { slug nameVi nameEn } percent rank benchmarks { units parentMean parentMedian topQuartile best bestUnit { ${D} } groupMean } }
    }
  }
}`,ge=`query Scores($unit: ID!, $year: Int!) {
  scores(unit: $unit, year: $year) {
    criterion { code name maxPoints }
    field { slug nameVi nameEn }
    points
    maxPoints
    lostToBest
    bestPoints
  }
}`,_e=`query CompareTrend($units: [ID!]!, $field: String, $boundary: Boundary!) {
  trend(units: $units, field: $field, boundary: $boundary) { ${W} }
}`,ve=`query Search($search: String!) {
  units(search: $search, first: 20) { ${D} parentName years }
}`,G=[`overview`,`profile`,`compare`,`table`],ye={view:`overview`,year:null,parent:null,unit:null,units:[],field:null,from:null,to:null,lang:`vi`},be=64;function K(e){let t=e?.trim()??``;return/^\d{4}$/.test(t)?Number(t):null}function q(e){let t=e.trim();return t!==``&&t.length<=be?t:null}function J(e){let t=new URLSearchParams(e),n={...ye,units:[]},r=t.get(`view`);r!==null&&G.includes(r)&&(n.view=r),n.year=K(t.get(`year`));let i=t.get(`parent`)?.trim()??``;/^[0-9A-Za-z@.-]{1,32}$/.test(i)&&(n.parent=i),n.unit=q(t.get(`unit`)??``);let a=(t.get(`units`)??``).split(`,`).map(q);for(let e of a)e!==null&&!n.units.includes(e)&&n.units.length<12&&n.units.push(e);let o=t.get(`field`)?.trim()??``;return/^[a-z_]{1,32}$/.test(o)&&(n.field=o),n.from=K(t.get(`from`)),n.to=K(t.get(`to`)),t.get(`lang`)===`en`&&(n.lang=`en`),n}function Y(e){let t=[];return e.view!==`overview`&&t.push(`view=${e.view}`),e.year!==null&&t.push(`year=${e.year}`),e.parent!==null&&t.push(`parent=${X(e.parent)}`),e.unit!==null&&e.unit!==``&&t.push(`unit=${X(e.unit)}`),e.units.length>0&&t.push(`units=${e.units.map(X).join(`,`)}`),e.field!==null&&t.push(`field=${X(e.field)}`),e.from!==null&&t.push(`from=${e.from}`),e.to!==null&&t.push(`to=${e.to}`),e.lang!==`vi`&&t.push(`lang=${e.lang}`),t.length===0?``:`?${t.join(`&`)}`}function X(e){return encodeURIComponent(e).replace(/%40/g,`@`).replace(/%3A/gi,`:`)}function xe(e,t){return Y(e)===Y(t)}function Z(e,t){return e===null?t.length>0?Math.max(...t):null:e}function Q(e,t,n){if(n.length<2)return null;let r=[...n].sort((e,t)=>e-t),i=e!==null&&r.includes(e)?e:r[0],a=t!==null&&r.includes(t)?t:r[r.length-1];return i===a?[r[0],r[r.length-1]]:i<a?[i,a]:[a,i]}var Se=`modulepreload`,Ce=function(e){return`/`+e},we={},Te=function(e){return e.pathname.endsWith(`.css`)},Ee=function(e,t,n){if(t in e)return e[t];let r=n();if(!r){e[t]=void 0;return}let i=r.then(()=>{e[t]=void 0},n=>{throw e[t]=void 0,n});return e[t]=i,i},De=function(e,t,n){let r=Promise.resolve();if(t&&t.length>0){let e,i=document.querySelector(`meta[property=csp-nonce]`),a=i?.nonce||i?.getAttribute(`nonce`);function o(e){return Promise.all(e.map(e=>Promise.resolve(e).then(e=>({status:`fulfilled`,value:e}),e=>({status:`rejected`,reason:e}))))}function s(e){return import.meta.resolve?new URL(import.meta.resolve(e)):new URL(e,import.meta.url)}r=o(t.map(t=>{t=Ce(t,n);let r=s(t),i=Te(r);return Ee(we,r.href,()=>{if(e===void 0){e={all:new Set,styles:new Set};let t=document.getElementsByTagName(`link`);for(let n=t.length-1;n>=0;n--){let r=t[n];e.all.add(r.href),r.rel===`stylesheet`&&e.styles.add(r.href)}}if((i?e.styles:e.all).has(r.href))return;let t=document.createElement(`link`);if(t.rel=i?`stylesheet`:Se,i||(t.as=`script`),t.crossOrigin=``,t.href=r.href,a&&t.setAttribute(`nonce`,a),document.head.appendChild(t),i)return new Promise((e,n)=>{let i=a=>{t.removeEventListener(`load`,i),t.removeEventListener(`error`,i),a.type===`error`?n(Error(`Unable to preload CSS for ${r}`)):e(a)};t.addEventListener(`load`,i),t.addEventListener(`error`,i)})})}).filter(e=>e!==void 0))}function i(e){let t=new Event(`vite:preloadError`,{cancelable:!0});if(t.payload=e,window.dispatchEvent(t),!t.defaultPrevented)throw e}return r.then(t=>{for(let e of t||[])e.status===`rejected`&&i(e.reason);return e().catch(i)})},$=document.getElementById(`app`);if($){let e={query:A,variables:{}},t=i(A),n=J(location.search),r=De(()=>import(`./app-C2v7oc2K.js`),__vite__mapDeps([0,1])),a=null,o=e=>{let t=i(e.query,e.variables);return t.catch(()=>{}),a?a.prefetched.push([e,t]):r.then(({App:n})=>n.prefetched.push([e,t])),t};t.then(async({years:e})=>{let t=Z(n.year,e);if(t===null||!e.includes(t))return;let r=e=>o(e),i=await y(r,t,n.parent);b(r,t,i).catch(()=>null);let a=i.scope;(a.kind===`area`||a.kind===`single`)&&await o(P(F,{year:t},_(a)))}).catch(()=>{}),r.then(({App:n})=>(a=n,n.prefetched.push([e,t]),new n($).start()))}export{ue as A,E as C,b as D,T as E,i as F,r as I,_ as M,v as N,S as O,n as P,L as S,s as T,P as _,xe as a,me as b,_e as c,ve as d,fe as f,R as g,z as h,Z as i,y as j,le as k,I as l,V as m,J as n,Y as o,A as p,Q as r,he as s,G as t,ge as u,F as v,w,H as x,pe as y};