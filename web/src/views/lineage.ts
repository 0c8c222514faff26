// The profile's history of a unit: what it became ("Về sau", for a version that no longer
// exists) and what it was before ("Trước đây", every event back to 2017), each earlier or later
// unit a link to its own profile. A link the official lists do not establish says so on its line:
// nothing uncertain is written as a fact.
import { becameLines, historyEvents, linePhrase, type HistoryLine } from '../history';
import { h } from '../dom';
import { formatDate } from '../format';
import type { Messages } from '../i18n';
import type { UnitDetail } from '../queries';

/** Where a unit's profile is: the page's address for a unit ID. */
export type ProfileHref = (id: string) => string;

/** The nodes of a unit's history, or none when the lists record no change of it. */
export function lineageNodes(unit: UnitDetail, parentNames: ReadonlyMap<string, string>, m: Messages, href: ProfileHref): Node[] {
  const out: Node[] = [];
  const later = becameLines(unit.id, unit.lineage);
  if (later.length > 0) {
    out.push(h('h3', { class: 'lineage-heading' }, m.laterHeading));
    if (unit.validTo !== null) out.push(h('p', { class: 'lineage' }, m.validUntil(unit.name, formatDate(unit.validTo))));
    out.push(
      h(
        'ul',
        { class: 'lineage-links', id: 'successors' },
        ...later.map((line) => lineItem(line, m.becameInto(linePhrase(line, 'later', line.effective, parentNames, formatDate)), m, href, true)),
      ),
    );
  }
  const events = historyEvents(unit.id, unit.history);
  if (events.length > 0) {
    out.push(h('h3', { class: 'lineage-heading' }, m.earlierHeading), h('p', { class: 'note' }, m.historyNote));
    out.push(
      h(
        'ol',
        { class: 'history', id: 'history' },
        ...events.map((e) => {
          const uncertain = e.via !== 'ESTABLISHED';
          return h(
            'li',
            { class: uncertain ? 'event uncertain' : 'event', 'data-effective': e.effective, 'data-unit': e.successor.id, 'data-via': e.via },
            h(
              'p',
              { class: 'event-head' },
              h('time', { datetime: e.effective }, formatDate(e.effective)),
              ' · ',
              e.own ? h('span', {}, e.successor.name) : unitLink(e.successor.id, e.successor.name, href),
              uncertain ? h('span', { class: 'uncertain-tag' }, ` (${m.viaUncertain})`) : null,
            ),
            h(
              'ul',
              { class: 'event-lines' },
              ...e.lines.map((line) => lineItem(line, m.cameFrom(linePhrase(line, 'earlier', e.effective, parentNames, formatDate)), m, href, false)),
            ),
          );
        }),
      ),
    );
  }
  return out;
}

/**
 * One line: its label, its units as links, and for an uncertain line what it rests on. The
 * candidates a unit `later` may have gone into are followed by what the lists do not say (an
 * earlier candidate's label says it already).
 */
function lineItem(line: HistoryLine, label: string, m: Messages, href: ProfileHref, later: boolean): HTMLElement {
  const uncertain = line.certainty !== 'ESTABLISHED';
  const parts: (Node | string)[] = [`${label}: `];
  line.units.forEach((u, i) => {
    if (i > 0) parts.push(', ');
    parts.push(unitLink(u.unit.id, u.unit.name, href), m.lineageCoverage(u.partial));
  });
  if (line.certainty === 'CANDIDATE' && later) parts.push(`. ${m.candidatesNote}`);
  // A merger's label says how uncertain it is; any other change is marked here.
  else if (line.certainty === 'INFERRED' && line.change !== 'MERGED') parts.push(` (${m.notEstablished})`);
  if (uncertain && line.basis.length > 0) {
    parts.push(h('details', { class: 'basis' }, h('summary', {}, m.basisLabel), line.basis.join('; ')));
  }
  return h('li', { class: uncertain ? 'uncertain' : null, 'data-change': line.change, 'data-certainty': line.certainty }, ...parts);
}

function unitLink(id: string, name: string, href: ProfileHref): HTMLAnchorElement {
  return h('a', { href: href(id), 'data-unit': id, 'data-nav': '' }, name);
}
