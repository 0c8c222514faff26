// Runs graphql-http's server audits (the GraphQL over HTTP specification's MUST, SHOULD and MAY)
// against a running parindex, prints each that is not ok and a count of results by level, and
// exits 1 when a MUST or a SHOULD is not met (graphql-http reports those as error and warn).
// Usage: node audit.mjs http://127.0.0.1:8080/graphql
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <url of /graphql>');
  process.exit(2);
}
const counts = {};
let failed = 0;
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  const level = audit.name.split(' ')[0]; // MUST, SHOULD or MAY
  counts[level] ??= { ok: 0, warn: 0, error: 0 };
  counts[level][result.status] = (counts[level][result.status] ?? 0) + 1; // MAY also has notice
  if (result.status !== 'ok') {
    if (level !== 'MAY') failed++;
    console.log(`${result.status} ${audit.id} ${audit.name}: ${result.reason}`);
  }
}
console.log(JSON.stringify(counts));
process.exit(failed > 0 ? 1 : 0);
