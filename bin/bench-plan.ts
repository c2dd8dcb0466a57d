/**
 * Which editions `epaper bench` builds, in which order, with which photo caches (bin/bench.ts
 * follows this plan). Pure, so that a test can hold what each timed figure is a build of.
 *
 * Until the seventy-second round the bench built each reference edition three times from the same
 * input and reported the second build as its "warm build": that build found every paragraph set
 * (the typesetter's cache per font book) and every photo fitted (one image processor for the whole
 * bench), so it timed a rebuild. The medium edition's material took 26 ms instead of 696 and its
 * photos 0 ms instead of 847 (3.5 s against 4.5 s in all), and the Paged.js peer, which lays out
 * from scratch, was set against that. Now the timed build is of an edition of the same size the
 * process has not built before, with an image processor of its own; the rebuild of the same input
 * is timed apart, as what it is (a render after a small correction).
 */
import type { GenerateEditionOptions } from '../test/fixtures/generate-edition';

/** The generator's options for one input (test/fixtures/generate-edition.ts): same options, same bytes. */
export type BenchInput = Pick<GenerateEditionOptions, 'articles' | 'briefs' | 'longStoryWords' | 'seed' | 'photos' | 'thinSections' | 'date'>;

/** One reference edition as the bench names it: its generator options and its name. */
export type PlannedSize = BenchInput & { readonly name: string };

/**
 * - `warm-up`: an edition of the size from another seed, built first, so that the timed build finds
 *   the code compiled, the fonts and patterns loaded and Chromium started (its total is
 *   `firstRunTotalMs`);
 * - `timed`: the size's own edition, new to the process (the reported warm build, its floor and peer);
 * - `rebuild`: the same input again, with what the timed build left in the caches (`rebuild`);
 * - `memory`: another new edition of the size (a third seed), its peak memory sampled.
 */
export type BenchBuildRole = 'warm-up' | 'timed' | 'rebuild' | 'memory';

export interface PlannedBuild {
  readonly size: string;
  readonly role: BenchBuildRole;
  readonly input: BenchInput;
  /** A new image processor (no photo probed or fitted yet) for this build; false: the previous build's. */
  readonly freshImages: boolean;
}

/** Two inputs the generator makes the same bytes from. */
export function sameInput(a: BenchInput, b: BenchInput): boolean {
  return (
    a.articles === b.articles &&
    (a.briefs ?? 12) === (b.briefs ?? 12) &&
    (a.longStoryWords ?? 3200) === (b.longStoryWords ?? 3200) &&
    (a.seed ?? 1) === (b.seed ?? 1) &&
    (a.photos ?? true) === (b.photos ?? true) &&
    (a.thinSections ?? 0) === (b.thinSections ?? 0) &&
    (a.date ?? '2019-12-04') === (b.date ?? '2019-12-04')
  );
}

/** The generator's options of a size, without what else the caller's sizes carry (names, targets). */
export function inputOf(size: PlannedSize): BenchInput {
  const { articles, briefs, longStoryWords, seed, photos, thinSections, date } = size;
  return Object.fromEntries(Object.entries({ articles, briefs, longStoryWords, seed, photos, thinSections, date }).filter(([, value]) => value !== undefined)) as BenchInput;
}

/**
 * The builds of `sizes`, in the order the bench runs them. The other seeds are the size's next ones
 * that make an input no build of the plan has and no `reserved` input is (the editions the bench
 * builds after these, such as the scale edition, whose first build must be new to the process too).
 */
export function benchBuildPlan(sizes: readonly PlannedSize[], reserved: readonly BenchInput[] = []): PlannedBuild[] {
  sizes.forEach((size, i) => {
    const twin = sizes.slice(0, i).find((other) => sameInput(inputOf(other), inputOf(size)));
    // The second's timed build would be a rebuild of the first's.
    if (twin) throw new Error(`bench: the editions ${twin.name} and ${size.name} are generated from the same options and seed`);
  });
  const taken: BenchInput[] = [...sizes.map(inputOf), ...reserved];
  const anotherSeed = (size: PlannedSize): BenchInput => {
    for (let seed = (size.seed ?? 1) + 1; ; seed++) {
      const input = { ...inputOf(size), seed };
      if (!taken.some((other) => sameInput(other, input))) {
        taken.push(input);
        return input;
      }
    }
  };
  return sizes.flatMap((size): PlannedBuild[] => {
    const own = inputOf(size);
    return [
      { size: size.name, role: 'warm-up', input: anotherSeed(size), freshImages: true },
      { size: size.name, role: 'timed', input: own, freshImages: true },
      // The same image processor: a warm render function keeps one for its process.
      { size: size.name, role: 'rebuild', input: own, freshImages: false },
      { size: size.name, role: 'memory', input: anotherSeed(size), freshImages: true },
    ];
  });
}
