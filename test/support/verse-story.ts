/**
 * Test support: a story with a poem quoted line by line (Markdown hard breaks), one line of it too
 * long for a column (its turnover set an em in), and an address set with backslash breaks. The
 * table edition prints it (test/render/table-edition.test.ts); the layout digest composes it
 * (test/unit/layout-version.test.ts), since a verse line is kept with its turnover in columns.
 */
// A quotation with Markdown hard breaks (two spaces) and a paragraph with backslash breaks.
export const POEM = ['Pq1River keeps no diary,', 'Pq2Morning writes over it;', 'Pq3Ferry carries rice,', 'Pq4Bride and bicycle.'];
// A line of the poem too long for the column: it runs over, its turnover an em in.
export const LONG_VERSE = 'Pq5Rice and a bride and a bicycle and the river itself, which will not stay Pq5End.';
export const ADDRESS = ['Ad1Prize Committee', 'Ad2Street 12', 'Ad3Ward'];
export const VERSE_STORY = [
  '---',
  'headline: A ferryman’s verse wins the delta poetry prize',
  'section: Life',
  'priority: 3',
  '---',
  '',
  'A ferryman who has crossed the river twice a day for thirty years won this year’s poetry prize on Tuesday with a short poem written on the back of a fuel receipt. The judges printed its opening lines on the programme:',
  '',
  ...[...POEM, LONG_VERSE].map((line) => `> ${line}  `),
  '',
  'Letters for the poet can be sent care of the prize committee, at',
  '',
  ADDRESS.join('\\\n'),
  '',
  'The winner receives five million đồng and a year’s supply of notebooks. The ferryman said he would keep writing on receipts, because paper on the boat is always wet.',
].join('\n');
