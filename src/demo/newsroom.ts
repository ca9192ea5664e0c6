// The facts of the demo newsroom, as the two seed articles in ../shared/seeds report them.
// The articles carry no URLs, so every source points at the seed file itself (`seed:<file>`), never at a
// made-up address that could pass for a real page.
import type { Actor, Status } from '../core/types.ts';

export const ARTICLE_000 = {
  ref: 'seed:000_92dfa34d306256a4.txt',
  // The text names no publisher; say so instead of guessing one.
  outlet: 'Seed article 000 (publisher not named in the text)',
  title: 'Stephen Miller was the source of a false claim that ICE official Alex Pretti sought to "massacre" agents',
};

export const ARTICLE_003 = {
  ref: 'seed:003_4014f29ea2ce043a.txt',
  // The article speaks of itself as CNN ("a White House official told CNN", "CNN has previously reported").
  outlet: 'CNN (seed article 003)',
  title: 'How Stephen Miller micromanages Trump’s immigration policies',
};

export const PRETTI_CONFLICT =
  'The two seed articles describe Alex Pretti differently: article 000 calls him a senior ICE official; ' +
  'article 003 describes a man fatally shot in Minnesota while filming officers and helping a woman who had ' +
  'been knocked down. The demo does not pick a side.';

export interface DemoActor {
  name: string;
  role: string;
  aliases: string[];
  kind: Actor['kind'];
}

export const DEMO_ACTORS: DemoActor[] = [
  { name: 'Stephen Miller', role: 'White House deputy chief of staff for policy', aliases: ['Miller'], kind: 'person' },
  {
    name: 'Alex Pretti',
    role:
      'Disputed between the sources: a senior ICE official (article 000) / a man fatally shot in Minnesota while ' +
      'filming officers (article 003)',
    aliases: ['Pretti'],
    kind: 'person',
  },
  { name: 'Kristi Noem', role: 'Homeland Security Secretary', aliases: ['Noem'], kind: 'person' },
  { name: 'Greg Bovino', role: 'Led the immigration operation in Minnesota until this week (article 003)', aliases: ['Bovino'], kind: 'person' },
  { name: 'Donald Trump', role: 'President of the United States', aliases: ['Trump'], kind: 'person' },
  { name: 'ICE', role: 'U.S. Immigration and Customs Enforcement', aliases: ['Immigration and Customs Enforcement'], kind: 'organization' },
  { name: 'CBP', role: 'U.S. Customs and Border Protection', aliases: ['Customs and Border Protection'], kind: 'organization' },
  { name: 'White House', role: 'The executive office of the U.S. president', aliases: [], kind: 'organization' },
  {
    name: 'White House official (unnamed)',
    role: 'An unnamed White House official quoted by CNN in article 003',
    aliases: ['a White House official'],
    kind: 'person',
  },
  { name: 'CNN', role: 'News outlet; publisher of seed article 003', aliases: [], kind: 'organization' },
];

export interface DemoClaim {
  text: string;
  /** actor names (resolved with ensureActor) */
  claimant: string;
  subjects: string[];
  tags: string[];
  source: { ref: string; outlet: string; note: string };
  /** note of the creation entry */
  note: string;
  /** the desk's verdict, recorded as a second history entry from `unverified` */
  verdict?: { to: Status; note: string };
}

export const DEMO_CLAIMS: DemoClaim[] = [
  {
    text: 'Alex Pretti sought to "massacre" agents',
    claimant: 'Stephen Miller',
    subjects: ['Alex Pretti'],
    tags: ['massacre', 'minnesota', 'immigration'],
    source: {
      ref: ARTICLE_000.ref,
      outlet: ARTICLE_000.outlet,
      note: `Article 000: "${ARTICLE_000.title}", according to sources familiar with the matter.`,
    },
    note: `Filed from article 000; Miller named as its source by sources familiar with the matter. ${PRETTI_CONFLICT}`,
    verdict: {
      to: 'false',
      note:
        'Article 000 calls the claim false and says multiple sources confirm Miller spread it. ' +
        'No formal retraction or clarification from the White House as of that article.',
    },
  },
  {
    text: 'Alex Pretti was a "would-be assassin"',
    claimant: 'Stephen Miller',
    subjects: ['Alex Pretti'],
    tags: ['would-be assassin', 'minnesota', 'shooting'],
    source: {
      ref: ARTICLE_003.ref,
      outlet: ARTICLE_003.outlet,
      note: `Article 003: "${ARTICLE_003.title}"; Miller's description was amplified by other Trump-linked accounts.`,
    },
    note: `Filed from article 003. ${PRETTI_CONFLICT}`,
    verdict: {
      to: 'false',
      note:
        'Contradicted by video that showed Pretti only filming officers and helping a woman who had been knocked ' +
        'down (article 003).',
    },
  },
  {
    text: 'Customs and Border Protection may not have followed protocols during the shooting',
    claimant: 'Stephen Miller',
    subjects: ['CBP'],
    tags: ['protocols', 'minnesota', 'shooting'],
    source: {
      ref: ARTICLE_003.ref,
      outlet: ARTICLE_003.outlet,
      note: 'Article 003: Miller said so on Tuesday, noting the White House based its preliminary response on initial CBP reports.',
    },
    note: 'Filed from article 003: an admission of a possible mistake, not yet checked.',
  },
  {
    text: "Miller's role is strictly policy, not operational enforcement",
    claimant: 'White House official (unnamed)',
    subjects: ['Stephen Miller'],
    tags: ['policy', 'enforcement', 'quotas'],
    source: {
      ref: ARTICLE_003.ref,
      outlet: ARTICLE_003.outlet,
      note: 'Article 003: a White House official argued this; Greg Bovino was not present on the calls, the official noted.',
    },
    note: 'Filed from article 003.',
    verdict: {
      to: 'mixed',
      note:
        'Partly supported: the White House describes his daily calls as policy coordination. Partly contradicted: ' +
        'CNN reports he directed ICE to meet daily arrest quotas and presses agencies for results on daily 10 a.m. ' +
        'calls, which is operational pressure (article 003).',
    },
  },
  {
    text: 'ICE officials were directed to meet daily quotas of 3,000 immigration arrests',
    claimant: 'CNN',
    subjects: ['Stephen Miller', 'ICE'],
    tags: ['quotas', 'arrests', 'immigration'],
    source: {
      ref: ARTICLE_003.ref,
      outlet: ARTICLE_003.outlet,
      note: 'Article 003: CNN reports that last year Miller directed ICE officials to meet the quota, which has not yet been met.',
    },
    note: 'Reported by CNN (article 003), citing administration sources; not independently checked.',
  },
];
