import { en } from './en';
import { vi, type Messages } from './vi';

export type { Messages, PublishedFact, DecisionRef, StatusWord, ProfileFacts, OverviewFacts, Formats, LinePhrase, ClassName } from './vi';

/** Languages of the page; Vietnamese is the default. */
export type Lang = 'vi' | 'en';

/** The messages of a language. */
export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : vi;
}
