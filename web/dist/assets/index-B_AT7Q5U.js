const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/app-BR1iexQg.js","assets/rolldown-runtime-DK3Fl9T5.js"])))=>i.map(i=>d[i]);
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
}`;function ie(e,t){return{query:re,variables:{code:e,year:t}}}function ae(e){let t=new Map;for(let n of e.units)n.level===1&&t.set(n.code,n);return[...t.values()].sort(l)}function oe(e){return e.units.filter(e=>e.level===2&&e.list<d).sort(l)}function p(e){return e.list<d}function m(e,t){let n=h(t);for(let t of e)if(t.code===n)return{area:t,province:t};for(let t of e)for(let e of t.districts)if(e.code===n)return{area:e,province:t};return null}function h(e){return e.split(`@`)[0]}function se(e){return e.flatMap(e=>e.districts.length===0?[{area:e,province:e}]:e.districts.map(t=>({area:t,province:e})))}function ce(e,t,n,r=null){if(t.length===0&&n.length===0)return{kind:`single`};if(e===null){let[e,...n]=se(t);return e!==void 0&&n.length===0?{kind:`area`,...e,implicit:!0}:{kind:`choose`,province:null,missing:null}}let i=m(t,e);if(i){let{area:e,province:t}=i;if(e!==t)return{kind:`area`,area:e,province:t,implicit:!1};let[n,...r]=t.districts;return n===void 0?{kind:`area`,area:t,province:t,implicit:!1}:r.length===0?{kind:`area`,area:n,province:t,implicit:!1}:{kind:`choose`,province:t,missing:null}}let a=n.find(t=>t.code===h(e));return a?{kind:`empty`,area:a,province:a}:r&&r.area.code===h(e)?{kind:`empty`,...r}:{kind:`choose`,province:null,missing:e}}function g(e){return e.kind===`area`&&!e.implicit?e.area.code:null}function _(e){return e.kind===`area`||e.kind===`empty`||e.kind===`choose`?e.province:null}function le(e,t){let n=`${t}-12-31`;return(e.validFrom===null||e.validFrom<=n)&&(e.validTo===null||n<=e.validTo)}async function v(e,t,n){let[r,i]=await Promise.all([e(s(t)),e(ee(t))]),a=u(r),o=ae(i),c=null;if(n!==null&&!m(a,n)&&!o.some(e=>e.code===h(n)))try{let{unit:r}=await e(ie(h(n),t)),i=o.find(e=>e.code===r?.parent);r&&i&&r.level===2&&p(i)&&le(r,t)&&(c={area:r,province:i})}catch{}return{results:a,provinces:o,scope:ce(n,a,o,c)}}async function y(e,t,n){let r=_(n.scope),i=n.provinces.find(e=>e.code===r?.code);return!i||!p(i)?null:oe(await e(ne(i.code,t)))}function ue(e,t,n,r,i){return e===null?null:t.kind!==`choose`||t.missing===null?e:r!==null&&n.some(e=>e.code===r)?r:i!==null&&n.some(e=>e.code===i)?i:null}function de(e,t){return(e.kind===`area`||e.kind===`empty`)&&e.area.code!==e.province.code?e.area.code:e.kind===`single`?null:t?.[0]?.code??null}function fe(e){return e.normalize(`NFD`).replace(/[\u0300-\u036f]/g,``).replace(/[đĐ]/g,`d`).toLowerCase().replace(/\s+/g,` `).trim()}function pe(e,t){let n=fe(t);return n===``?[]:e.filter(e=>fe(e.name).includes(n)).map(e=>({code:e.code,label:e.name}))}var me=`query AreaSearch($search: String!, $year: Int!) {
  units(search: $search, year: $year, level: 2, first: 200) { code name shortName level list parentName }
}`;function he(e,t){return{query:me,variables:{search:e.trim(),year:t}}}function ge(e){return e.units.filter(e=>e.level===2&&e.list<d).map(e=>({code:e.code,label:e.parentName?`${e.name}, ${e.parentName}`:e.name}))}function _e(e,t,n=10){return[...e,...t].slice(0,n)}function ve(e,t){return e.code===t.code?t.name:`${e.name}, ${t.name}`}var b={ESTABLISHED:0,INFERRED:1,CANDIDATE:2};function ye(e,t){return b[e]>=b[t]?e:t}var be=[`RENAMED`,`KIND_CHANGED`,`MOVED`,`PARENT_CHANGED`,`CODE_CHANGED`,`REORGANISED`,`MERGED`],x=new Intl.Collator(`vi`);function S(e,t){let n=new Map;for(let r of e){let e=`${r.change}/${r.certainty}`,i=n.get(e);i||(i={change:r.change,certainty:r.certainty,units:[],self:t===`predecessor`?r.successor:r.predecessor,basis:[]},n.set(e,i));let a=r[t];i.units.some(e=>e.unit.id===a.id)||i.units.push({unit:a,partial:r.coverage===`PARTIAL`}),r.basis&&!i.basis.includes(r.basis)&&i.basis.push(r.basis)}let r=[...n.values()];for(let e of r)e.units.sort((e,t)=>x.compare(e.unit.name,t.unit.name)||e.unit.id.localeCompare(t.unit.id));return r.sort((e,t)=>be.indexOf(e.change)-be.indexOf(t.change)||b[e.certainty]-b[t.certainty])}function xe(e,t){let n=new Map([[e,`ESTABLISHED`]]);for(let e=!0;e;){e=!1;for(let r of t){let t=n.get(r.successor.id);if(t===void 0)continue;let i=ye(t,r.certainty),a=n.get(r.predecessor.id);(a===void 0||b[i]<b[a])&&(n.set(r.predecessor.id,i),e=!0)}}return n}function Se(e,t){let n=xe(e,t),r=new Map;for(let e of t){let t=`${e.effective}/${e.successor.id}`,n=r.get(t);n||(n={effective:e.effective,successor:e.successor,links:[]},r.set(t,n)),n.links.push(e)}return[...r.values()].map(t=>({effective:t.effective,successor:t.successor,own:t.successor.id===e,via:n.get(t.successor.id)??`INFERRED`,lines:S(t.links,`predecessor`)})).sort((e,t)=>t.effective.localeCompare(e.effective)||Number(t.own)-Number(e.own)||x.compare(e.successor.name,t.successor.name)||e.successor.id.localeCompare(t.successor.id))}function Ce(e,t){let n=t.filter(t=>t.predecessor.id===e);return[...new Set(n.map(e=>e.effective))].sort().flatMap(e=>S(n.filter(t=>t.effective===e),`successor`).map(t=>({...t,effective:e})))}function C(e,t,n){return t===null?[]:n.filter(t=>t.successor.id===e&&(t.change===`MERGED`||t.change===`REORGANISED`)&&t.certainty!==`CANDIDATE`)}function we(e,t=40){let n=[];for(let t of e)if(t.change===`MOVED`||t.change===`PARENT_CHANGED`)for(let e of[t.predecessor,t.successor])e.parent!==null&&!n.includes(e.id)&&n.push(e.id);return n.slice(0,t)}function Te(e){let t=e.certainty??[];return e.years.filter((e,n)=>t[n]===`INFERRED`||t[n]===`CANDIDATE`)}function Ee(e,t,n,r,i){let a=e.units[0]?.unit??e.self,[o,s]=t===`earlier`?[a,e.self]:[e.self,a];return{change:e.change,certainty:e.certainty,kinds:[o.kind.toLowerCase(),s.kind.toLowerCase()],parents:[r.get(o.id)??null,r.get(s.id)??null],codes:[o.code,s.code],date:i(n)}}function De(e,t){let n=[];for(let r of e.lineage){if(r.successor.id!==e.id||r.certainty===`CANDIDATE`)continue;let i=r.certainty===`INFERRED`?`${r.predecessor.name} (${t.inferredShort})`:r.predecessor.name;n.includes(i)||n.push(i)}return n}var w=`id code name shortName kind`,T=`code label labelEn ordinal framework`,E=`kind title date`,D=`query Years { years }`,O={v:``,a:``},Oe={v:`, $parent: ID!`,a:`, parent: $parent`},k=`id
    name
    issuer { code name shortName }
    groups { ${T} minPercent minPoints }
    cohorts { slug nameVi nameEn }
    fields { slug nameVi nameEn }
    source { ${E} }
    decision { ${E} }`,A=`unit { ${w} }
    percent
    rank
    framework
    cohort
    group { ${T} }
    published { group { ${T} } rank source { ${E} } }
    source { ${E} }`;function j(e,t,n){return n===null?{query:e(O),variables:t}:{query:e(Oe),variables:{...t,parent:n}}}var M=e=>`query Overview($year: Int!${e.v}) {
  ranking(year: $year${e.a}) {
    ${A}
  }
  fieldSummary(year: $year${e.a}) {
    field { slug nameVi nameEn }
    average
    rank
    mixedFrameworks
    published { average rank source { ${E} } }
  }
  frameworks(year: $year) {
    ${k}
  }
}`;M(O);var ke=`query Framework($year: Int!) {
  framework(year: $year) {
    ${k}
  }
}`;function N(e){return{query:`query UnitFrameworks(${e.map((e,t)=>`$y${t}: Int!, $u${t}: ID!`).join(`, `)}) {\n${e.map((e,t)=>`  f${t}: framework(year: $y${t}, unit: $u${t}) {
    ${k}
  }`).join(`
`)}\n}`,variables:Object.fromEntries(e.flatMap((e,t)=>[[`y${t}`,e.year],[`u${t}`,e.unit]]))}}var P=e=>`query Groups($year: Int!${e.v}) {
  groupDistribution(year: $year${e.a}) {
    year
    previousYear
    units
    previousUnits
    frameworks
    mixedFrameworks
    previousByPosition
    groups { group { ${T} } count share previousCount previousShare }
  }
}`;P(O);var F=e=>`query Fields($year: Int!, $previous: Int!${e.v}) {
  current: fieldSummary(year: $year${e.a}) {
    field { slug nameVi nameEn }
    average
    rank
    units
    mixedFrameworks
    published { average rank source { ${E} } }
  }
  previous: fieldSummary(year: $previous${e.a}) {
    field { slug nameVi nameEn }
    average
    rank
    units
    mixedFrameworks
    published { average rank source { ${E} } }
  }
}`;F(O);var I=`from to boundary
    frameworks
    mixedFrameworks
    summary { units compared improved declined unchanged inferred frameworkChanged meanChange }
    units { unit { ${w} } status percentFrom percentTo change rankFrom rankTo groupFrom { ${T} } groupTo { ${T} } frameworkChanged cohort }`,L=e=>`query Changes($from: Int!, $to: Int!${e.v}) {
  asPublished: changes(from: $from, to: $to${e.a}) {
    ${I}
  }
  current: changes(from: $from, to: $to${e.a}, boundary: CURRENT) {
    ${I}
  }
}`;L(O);var R=e=>`query Table($year: Int!${e.v}) {
  ranking(year: $year${e.a}) {
    ${A}
    fields { field { slug } percent rank }
  }
  frameworks(year: $year) {
    ${k}
  }
}`;R(O);var z=`predecessor { ${w} parent } successor { ${w} parent } effective coverage change certainty basis`,B=`query Unit($unit: ID!) {
  unit(code: $unit) {
    ${w}
    parent
    parentName
    validFrom
    validTo
    successors
    predecessors
    lineage { ${z} }
    history { ${z} }
    years
  }
}`;function Ae(e){return{query:`query ParentNames(${e.map((e,t)=>`$u${t}: ID!`).join(`, `)}) {\n${e.map((e,t)=>`  u${t}: unit(code: $u${t}) { id parentName }`).join(`
`)}\n}`,variables:Object.fromEntries(e.map((e,t)=>[`u${t}`,e]))}}var V=`unit { ${w} } years values ranks groups status sources contributors certainty`;function H(e){return`query ProfileTrend($unit: ID!, $boundary: Boundary!) {
  total: trend(units: [$unit], boundary: $boundary) { ${V} }
${e.map(e=>`  f_${e}: trend(units: [$unit], field: "${e}", boundary: $boundary) { years values status }`).join(`
`)}
}`}var U=`query Compare($units: [ID!]!, $year: Int!) {
  compare(units: $units, year: $year) {
    year
    fields { slug nameVi nameEn }
    frameworks
    mixedFrameworks
    units {
      unit { ${w} }
      framework
      cohort
      percent
      rank
      group { ${T} }
      benchmarks { units parentMean parentMedian topQuartile best bestUnit { ${w} } groupMean }
      fields { field { slug nameVi nameEn } percent rank benchmarks { units parentMean parentMedian topQuartile best bestUnit { ${w} } groupMean } }
    }
  }
}`,W=`query Scores($unit: ID!, $year: Int!) {
  scores(unit: $unit, year: $year) {
    criterion { code name maxPoints }
    field { slug nameVi nameEn }
    points
    maxPoints
    lostToBest
    bestPoints
  }
}`,je=`query CompareTrend($units: [ID!]!, $field: String, $boundary: Boundary!) {
  trend(units: $units, field: $field, boundary: $boundary) { ${V} }
}`,Me=`query Search($search: String!) {
  units(search: $search, first: 20) { ${w} parentName years }
}`,G=[`overview`,`profile`,`compare`,`table`],Ne=[...G,`report`],Pe={view:`overview`,year:null,parent:null,unit:null,units:[],field:null,from:null,to:null,lang:`vi`},Fe=64;function K(e){let t=e?.trim()??``;return/^\d{4}$/.test(t)?Number(t):null}function q(e){let t=e.trim();return t!==``&&t.length<=Fe?t:null}function J(e){let t=new URLSearchParams(e),n={...Pe,units:[]},r=t.get(`view`);r!==null&&Ne.includes(r)&&(n.view=r),n.year=K(t.get(`year`));let i=t.get(`parent`)?.trim()??``;/^[0-9A-Za-z@.-]{1,32}$/.test(i)&&(n.parent=i),n.unit=q(t.get(`unit`)??``);let a=(t.get(`units`)??``).split(`,`).map(q);for(let e of a)e!==null&&!n.units.includes(e)&&n.units.length<12&&n.units.push(e);let o=t.get(`field`)?.trim()??``;return/^[a-z_]{1,32}$/.test(o)&&(n.field=o),n.from=K(t.get(`from`)),n.to=K(t.get(`to`)),t.get(`lang`)===`en`&&(n.lang=`en`),n}function Y(e){let t=[];return e.view!==`overview`&&t.push(`view=${e.view}`),e.year!==null&&t.push(`year=${e.year}`),e.parent!==null&&t.push(`parent=${X(e.parent)}`),e.unit!==null&&e.unit!==``&&t.push(`unit=${X(e.unit)}`),e.units.length>0&&t.push(`units=${e.units.map(X).join(`,`)}`),e.field!==null&&t.push(`field=${X(e.field)}`),e.from!==null&&t.push(`from=${e.from}`),e.to!==null&&t.push(`to=${e.to}`),e.lang!==`vi`&&t.push(`lang=${e.lang}`),t.length===0?``:`?${t.join(`&`)}`}function X(e){return encodeURIComponent(e).replace(/%40/g,`@`).replace(/%3A/gi,`:`)}function Ie(e,t){return Y(e)===Y(t)}function Z(e,t){return e===null?t.length>0?Math.max(...t):null:e}function Le(e,t,n){if(n.length<2)return null;let r=[...n].sort((e,t)=>e-t),i=e!==null&&r.includes(e)?e:r[0],a=t!==null&&r.includes(t)?t:r[r.length-1];return i===a?[r[0],r[r.length-1]]:i<a?[i,a]:[a,i]}var Re=`modulepreload`,ze=function(e){return`/`+e},Be={},Ve=function(e){return e.pathname.endsWith(`.css`)},He=function(e,t,n){if(t in e)return e[t];let r=n();if(!r){e[t]=void 0;return}let i=r.then(()=>{e[t]=void 0},n=>{throw e[t]=void 0,n});return e[t]=i,i},Q=function(e,t,n){let r=Promise.resolve();if(t&&t.length>0){let e,i=document.querySelector(`meta[property=csp-nonce]`),a=i?.nonce||i?.getAttribute(`nonce`);function o(e){return Promise.all(e.map(e=>Promise.resolve(e).then(e=>({status:`fulfilled`,value:e}),e=>({status:`rejected`,reason:e}))))}function s(e){return import.meta.resolve?new URL(import.meta.resolve(e)):new URL(e,import.meta.url)}r=o(t.map(t=>{t=ze(t,n);let r=s(t),i=Ve(r);return He(Be,r.href,()=>{if(e===void 0){e={all:new Set,styles:new Set};let t=document.getElementsByTagName(`link`);for(let n=t.length-1;n>=0;n--){let r=t[n];e.all.add(r.href),r.rel===`stylesheet`&&e.styles.add(r.href)}}if((i?e.styles:e.all).has(r.href))return;let t=document.createElement(`link`);if(t.rel=i?`stylesheet`:Re,i||(t.as=`script`),t.crossOrigin=``,t.href=r.href,a&&t.setAttribute(`nonce`,a),document.head.appendChild(t),i)return new Promise((e,n)=>{let i=a=>{t.removeEventListener(`load`,i),t.removeEventListener(`error`,i),a.type===`error`?n(Error(`Unable to preload CSS for ${r}`)):e(a)};t.addEventListener(`load`,i),t.addEventListener(`error`,i)})})}).filter(e=>e!==void 0))}function i(e){let t=new Event(`vite:preloadError`,{cancelable:!0});if(t.payload=e,window.dispatchEvent(t),!t.defaultPrevented)throw e}return r.then(t=>{for(let e of t||[])e.status===`rejected`&&i(e.reason);return e().catch(i)})},Ue={overview:[`bar`],profile:[`bar`,`line`,`markLine`,`radar`],compare:[`heatmap`,`line`],table:[],report:[]},$=document.getElementById(`app`);if($){let e={query:D,variables:{}},t=i(D),n=J(location.search),r=Q(()=>import(`./app-BR1iexQg.js`).then(e=>e.v),__vite__mapDeps([0,1]));r.then(({VIEW_MODULES:e})=>e[n.view]()).catch(()=>{}),Ue[n.view].length>0&&Q(async()=>{let{loadParts:e}=await import(`./app-BR1iexQg.js`).then(e=>e.y);return{loadParts:e}},__vite__mapDeps([0,1])).then(({loadParts:e})=>e(Ue[n.view])).catch(()=>{});let a=null,o=e=>{let t=i(e.query,e.variables);return t.catch(()=>{}),a?a.prefetched.push([e,t]):r.then(({App:n})=>n.prefetched.push([e,t])),t};t.then(async({years:e})=>{let t=Z(n.year,e);if(t===null||!e.includes(t))return;let r=n.parent;r!==null&&o(j(M,{year:t},r));let i=await v(o,t,n.parent);y(o,t,i).catch(()=>null);let a=i.scope,s=g(a);(a.kind===`area`||a.kind===`single`)&&s!==r&&await o(j(M,{year:t},s))}).catch(()=>{}),n.view===`profile`&&n.unit!==null&&We(n.unit,n.year,t,o).catch(()=>{}),r.then(({App:n})=>(a=n,n.prefetched.push([e,t]),new n($).start()))}async function We(e,t,n,r){let i=r({query:B,variables:{unit:e}}),[{years:a},{unit:o}]=await Promise.all([n,i]),s=Z(t,a);if(s===null||o.years.length===0)return;let c=o.years.includes(s)?s:o.years[o.years.length-1]??s,l=C(o.id,o.validFrom,o.lineage).length>0?`CURRENT`:`AS_PUBLISHED`;r({query:U,variables:{units:[o.id],year:c}}),r({query:W,variables:{unit:o.id,year:c}});let{f0:u}=await r(N([{year:c,unit:o.id}]));r({query:H(u.fields.map(e=>e.slug)),variables:{unit:o.id,boundary:l}})}export{we as A,v as B,N as C,Ee as D,Te as E,ge as F,r as G,_ as H,y as I,pe as L,he as M,ve as N,C as O,s as P,ue as R,R as S,Se as T,n as U,g as V,i as W,P as _,Z as a,Ae as b,U as c,W as d,Me as f,F as g,L as h,Le as i,_e as j,De as k,je as l,D as m,G as n,Ie as o,B as p,J as r,Y as s,Q as t,ke as u,j as v,Ce as w,H as x,M as y,de as z};