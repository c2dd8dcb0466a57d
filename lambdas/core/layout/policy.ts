/**
 * Every tuning number of the page planner in one place. The planner never edits copy: these numbers
 * decide which shapes a story may take, where it may go, and what each kind of imperfection costs
 * in the search's objective (lower is better). Costs are in "row-columns of white" equivalents: one
 * body line's worth of white across one column costs 1.
 */
export interface LayoutPolicy {
  /** Rows of the masthead on the front page. @default 9 */
  readonly mastheadRows: number;
  /** Rows of a section band (the section's name over its columns). @default 3 */
  readonly sectionBandRows: number;
  /** The fewest body rows under a module's head: the stack search adds no module where less than this and a headline's two rows are left. @default 3 */
  readonly minTextRowsUnderHead: number;
  /**
   * Body rows a story carries under its head on the page where it starts and is cut to jump (a
   * continuation cut again likewise). Fewer read as a headline at the foot of the page over a
   * paragraph (the page rules: "a headline at the foot of a column"), such as a five-column head over
   * two lines and "Continued on Page 10". Against 3, as it was (2026-12-02; `npx epaper quality`,
   * `--sizes 12,20,36,60 --seeds 12`, `--sizes 14,24,40,52 --seeds 16`): such starts (measure.ts
   * shortStarts) 17 · 31 · 40 → 0 · 0 · 0, pages with a hole 26 · 26 · 44 → 21 · 28 · 47, pages
   * 546 · 1132 · 1539 → 546 · 1136 · 1541, jumps 437 · 925 · 1262 → 431 · 906 · 1254, inversions
   * 36 · 59 · 74 → 36 · 53 · 74, mostly white last pages 10 · 10 · 15 → 7 · 12 · 18; on the first
   * sweep 6 gave holes on 23 pages, 10 and 12 on 25. @default 8
   */
  readonly minCutTextRows: number;
  /**
   * Price of a start cut to jump on an inside page that is a stub at the page's foot as measure.ts
   * `shortStarts` counts it (text under its head shallower than a fifth of a column and under 0.3
   * of its story): an editor sends every one back. With it the region search takes what it already
   * had for that foot: the story whole or deeper on the next page and the foot filled by the next
   * story down or a brief, the story above in another shape, or the cut story at a stack's top.
   * Against none, `epaper quality --sizes 16,30,45 --seeds 4` (tabloid · Berliner · broadsheet ·
   * A4): short starts 33 · 25 · 13 · 22 → 9 · 3 · 0 · 7, pages 314 · 257 · 180 · 557 → 311 · 258
   * · 180 · 555, jumps 249 · 207 · 158 · 437 → 248 · 203 · 156 · 444, pages with a hole the same;
   * inversions 8 → 15 on the tabloid (a shorter story or a brief now stands above or beside a
   * more important start, 1 → 2 and 16 → 17 elsewhere), and A4's pages turned 849 → 1001 (two
   * editions end a page shorter, and their front-page jumps near the front would take that page
   * back, so those jumps go to their sections at the back). 150 planned broadsheet and A4 alike;
   * 100 left the tabloid's inversions and pages turned worse (14, 671). What stays is mostly a
   * section that opens in a page's last rows with only long stories to start there. Infinity
   * refuses such cuts (20 planner tests' plans moved, a Berliner edition a page longer with a
   * hole inside). 0: priced as any jump. @default 300
   */
  readonly shortStartCost: number;
  /** …and under a photo, where the story is cut. @default 8 */
  readonly minTextRowsUnderPhoto: number;
  /**
   * A story that starts on an inside page and jumps, with its head (headline, photo, caption) more
   * than twice as deep as its text, reads as a picture and a headline (measure.ts topHeavyStarts):
   * its photo may then be cropped shallower, down to this share of its natural height, the text
   * taking the rows (Material.cutPhotoCrop). Judged over the three sweeps of `npx epaper quality`
   * (136 editions) against none: such starts 38 · 67 · 97 → 23 · 36 · 55, pages 543 · 1128 · 1530 →
   * 538 · 1123 · 1521, and per edition (patched − default, mean ± standard error) holes +0.04 ±
   * 0.04, inversions +0.05 ± 0.06, jumps −0.06 ± 0.12: within the noise, where top-heavy starts
   * (−0.65 ± 0.11) and pages (−0.14 ± 0.04) are not. 0.5 gave 18 · 38 · 43 with inversions
   * +0.08 ± 0.07. The share taken of the photo's height as the page caps it (a tall photo's natural
   * height is far more than the 44 rows it may have) left 13 · 25 · 42 at 0.6, but inversions rose
   * (34 · 48 · 68 → 34 · 59 · 73; +0.23 ± 0.10 in the second sweep), and at 0.7 likewise. A price
   * on such cuts instead (the planner then moved the stories): holes +0.08 ± 0.04. @default 0.6
   */
  readonly cutPhotoMinShare: number;
  /**
   * Cost of a start cut without its photo, the photo and its caption running with the continuation
   * under its jump head (Shape.photoOnJump): offered only where no shape with the photo can be cut
   * in the rows (the head and the photo, even cropped, leave under `minTextRowsUnderPhoto`), as
   * under a section's last story where a section starts in a page's last third: above a jump's
   * price, below a hole's. At 60 it moved 12 of the first sweep's 24 editions, more pages and
   * longer jumps among them; 100 to 250 plan that sweep alike (one edition's columns aside). Against
   * none, with `pagesTurnedPerHole`, `epaper quality`'s three sweeps: pages with a hole 17 · 20 · 30
   * → 13 · 15 · 25 (per edition +0.17 ± 0.12, +0.10 ± 0.07, +0.08 ± 0.05 fewer), top-heavy starts
   * 23 · 36 · 55 → 23 · 33 · 46. Infinity: never. @default 150
   */
  readonly photoOnJumpCost: number;
  /**
   * A start cut on an inside page whose head (headline, standfirst, photo as cropped by
   * `cutPhotoMinShare`) would take more than this share of its rows reads as a picture over a few
   * lines and a jump (measure.ts topHeavyStarts, whose share is the same): every other shape is tried
   * first, then the photo beside the text (Shape.photoSide, the text running down the columns
   * beside it and on under it), and only then that shape. Against 1, `epaper quality`'s three
   * sweeps (136 editions, 48 changed): top-heavy starts 9 · 22 · 18 → 1 · 2 · 2, pages 524 · 1101 ·
   * 1487 → 522 · 1097 · 1488; per edition (mean ± standard error) top-heavy −0.32 ± 0.05, pages
   * −0.04 ± 0.02, inversions −0.04 ± 0.05, jumps +0.02 ± 0.06, uneven finished stories +0.04 ±
   * 0.03 (shorter jump tails), pages with a hole +0.04 ± 0.02 (4 · 2 · 12 → 5 · 5 · 14; five of the
   * six new ones are last pages, the stories before them set in fewer rows). The thirty editions
   * no sweep holds (`--sizes 18,28,44 --seeds 10`): top-heavy 14 → 1, holes 3 → 4, uneven 2 → 5.
   * 1: never. @default 2/3
   */
  readonly cutHeadMaxShare: number;
  /** Rows a photo's caption and the white around it add to a continuation, for whether it still fits a page. @default 3 */
  readonly jumpPhotoCaptionRows: number;
  /**
   * A story longer than a page and shorter than two is cut only where its rest fits one page, so
   * that it jumps once; where no such cut fits, a cut whose rest runs on over the next pages (cut
   * again there, page after page) costs this much more (material.ts cutOption). On a small page
   * most stories are longer than a page: on A4 such a story could start only at a page's top, and
   * the page before kept the white under its last story's tail. Against never (2026-12-05,
   * layout-46), `epaper quality --page-size a4`: `--sizes 12,20,30 --seeds 4` pages 407 → 399,
   * pages with a hole 16 → 2 (inside the edition 15 → 2), jumps 314 → 321, pages turned 717 →
   * 681; `--sizes 16,24 --seeds 6` pages 387 → 381, holes 15 → 4, jumps 277 → 300, pages turned
   * 544 → 615. Tabloid (12 editions) holes 5 → 1, A3 2 → 1, broadsheet unchanged; on the
   * Berliner, the default sweep: holes 3 → 2, jumps 412 → 415, pages the same (3 of 24 editions
   * changed, one a page more, one a page fewer); `--sizes 14,24,40 --seeds 8`: holes 4 → 5 (a
   * last page), jumps 360 → 361, inversions 25 → 24. @default 300
   */
  readonly restOverPageCost: number;
  /**
   * Front-page jumps continue on their own sections' pages, which may be at the back of the
   * edition; where the jumps of sections other than the first inside one send the reader this many
   * pages past the front or more (each jump's page less one, summed), the edition is planned again
   * with every front-page jump on the first inside section's pages, as on a jump page, and kept
   * where it is better, or no worse and its jumps send the reader fewer pages (compose.ts planFitted,
   * layout-49; or with inversions more, `pagesTurnedPerInversion`). Of about 70 such plans in
   * `epaper quality`'s first two sweeps none under 10 pages was kept, and a plan costs as much as
   * the first (2026-12-06). Infinity: never. @default 10
   */
  readonly frontJumpsNearFrontMinPages: number;
  /**
   * That plan is kept, too, with more priority inversions than the plan it replaces, where its jumps
   * send readers this many pages fewer for each inversion more, and it is no worse in pages, pages
   * with a hole, jumps, stories held and problems (layout-50). An inversion is a lesser fault than
   * a hole, priced as `pagesTurnedPerHole` prices a hole at most. `epaper quality`'s three sweeps
   * (2026-12-06): pages turned 999 · 2,198 · 2,993 → 935 · 2,003 · 2,725 for inversions 34 · 54 ·
   * 68 → 38 · 60 · 81, pages 523 · 1,097 · 1,486 → 522 · 1,097 · 1,485, jumps 412 · 847 · 1,169 →
   * 412 · 843 · 1,161, holes the same; held out (`--sizes 18,28,44 --seeds 20`), pages with a hole
   * 8 → 6 and pages turned 2,664 → 2,482 for inversions 72 → 83. 5 and 10 set the first sweep the
   * same, 20 kept one plan of its two. Infinity: never. @default 10
   */
  readonly pagesTurnedPerInversion: number;
  /**
   * That plan is kept, too, with more jumps than the plan it replaces, where its jumps send readers
   * this many pages fewer for each jump more, and it is no worse in pages, pages with a hole,
   * inversions, stories held and problems (layout-75: tabloid 45 articles at seed 2 kept its
   * front-page jumps at the back, 117 pages turned, for two jumps fewer than the plan that sends
   * them near the front, 65). Against Infinity, `epaper quality --sizes 16,30,45 --seeds 4`
   * (tabloid · Berliner · broadsheet · A4): two editions moved, tabloid 45/2 (115 → 65 pages
   * turned, 30 → 32 jumps, 36 → 37 pages, its last page 79% → 86% inked, an inversion fewer) and
   * Berliner 30/1 (62 → 32, 17 → 18 jumps); pages turned 644 · 473 → 594 · 443. Infinity: never.
   * @default 20
   */
  readonly pagesTurnedPerJump: number;
  /**
   * That plan is kept, too, a page longer than the plan it replaces, where its jumps send readers
   * at least this many pages fewer for the page and it is no worse otherwise: no more pages with a
   * hole, priority inversions, jumps, stubs at a page's foot (measure.ts shortStarts), stories held
   * or problems, its last page not mostly white (compose.ts frontJumpsAPageLonger, layout-71).
   * Since layout-70 priced those stubs, A4's 45 articles at seed 1 end two pages shorter than that
   * plan, which was then never judged: the front's jumps went to pages 39 and 40, 142 pages turned;
   * a page longer, they are on pages 7 and 13, 78. (Seed 2's plan a page longer ends half white, a
   * hole: not kept.) The sweeps (16/30/45 articles, 4 seeds, four page sizes) moved only that
   * edition. Infinity: never. @default 40
   */
  readonly pagesTurnedPerPage: number;
  /**
   * A section that opens at a page's foot in what the section before it left, with only a stub of
   * a story before its jump (measure.ts shortStarts; `shortStartCost` cannot move it: the region
   * holds only the section's long stories), opens the next page instead where one notice closes
   * that foot (PlanOptions.openingsOffFoot; the notice is the paper's own filler, within
   * `houseAdMaxEditionShare`). That plan is kept where it has fewer stubs, no more pages, pages
   * with a hole, inversions, stories held or problems, its last page not mostly white, and for
   * each stub fewer at most a jump more and this many pages turned more (compose.ts planFitted
   * openingsOffFoot). A page more is never paid for a stub: where the next page cannot take the
   * section without one (compact shapes on the last pages tried), the stub stays. `epaper quality
   * --sizes 16,30,45 --seeds 4` (tabloid · Berliner · broadsheet · A4): short starts 8 · 3 · 0 · 7
   * → 4 · 2 · 0 · 6, jumps 246 · 202 · 153 · 443 → 244 · 199 · 153 · 443, pages turned 590 · 476
   * · 317 · 933 → 586 · 475 · 317 · 935; pages, holes and inversions the same; the four editions
   * kept so take a notice more (tabloid 16/3: notices 1.8% → 3.0% of the type area). Of the stubs
   * left, the openings off their foot would cost a page (tabloid 16/4, Berliner 16/3, A4 16/1's
   * two), a page with a hole (A4 16/3, 30/3's two) or an inversion (Berliner 30/2); the others
   * start inside a section's run. Infinity, or a `shortStartCost` of 0: never tried. @default 10
   */
  readonly stubOpeningPagesTurned: number;
  /** Body rows a continuation must carry at least, so a jump is worth the page turn. @default 3 */
  readonly minContinuationRows: number;
  /** A story shorter than this many body lines (at column width) is never cut: it is too short to jump. @default 24 */
  readonly minCutBodyRows: number;
  /** Stories on the front page, the lead included, at most. @default 7 */
  readonly frontStoryLimit: number;
  /**
   * A front page left with white by the stories `frontStoryLimit` allows takes up to this many more,
   * the next by importance (briefs and priority 5 included), when they leave less white: the limit
   * is an editor's habit, a hole on page 1 a fault every reader sees. Not where that leaves the
   * edition's last page under `lastPageMinFill` and a plan without the fill is no worse (compose.ts
   * planFitted: twelve photo stories on A4 printed two on page 2, 8% inked). 0: never. @default 3
   */
  readonly frontFillStories: number;
  /**
   * Sections whose stories start on the front page only where the desk puts them there (`lead:`,
   * `front:`, `page: 1`): an editorial or a column is the paper's view, not its news, and a front
   * page carries the news. The planner ranked stories by priority alone and let an Opinion story
   * taste or fill the front wherever it fitted there best (`epaper quality`'s off-front starts).
   * Compared without regard to case. @default ['Opinion']
   */
  readonly offFrontSections: readonly string[];
  /**
   * The jump-order step (jump-order.ts) moves a front-page story's rest sooner past pages that
   * hold no front-page rest too, where that takes it past the rest of a story that comes later on
   * the front: the front's rests went to the first inside section's pages, and the lead's, about a
   * page deep, waited while the search filled pages with smaller ones and the section's own
   * stories (Berliner 45 articles at seed 1: the lead continued on page 7, News's and Science's
   * front-page stories on pages 3, 5 and 8, a page of National's own between each). Only past
   * pages the step would let it pass otherwise: one section, none its first, no story on both.
   * Against false, `epaper quality --sizes 16,30,45 --seeds 4` (tabloid · Berliner · broadsheet ·
   * A4): front jumps out of order 15 · 17 · 20 · 3 → 14 · 13 · 19 · 2, pages turned 609 · 426 · 287
   * · 842 → 607 · 423 · 286 · 840, every other measure the same (5 of 48 editions changed).
   * false: only past pages of later stories' rests. @default true
   */
  readonly frontRestsPassPlainPages: boolean;
  /**
   * Stories of equal priority stacked in the same columns of the front page stand in the order
   * their rests come inside, the one continued sooner higher (jump-order.ts frontStacksInJumpOrder):
   * rests go to their sections' pages in section order, which no page order inside can change
   * (Berliner 16 articles at seed 1: Sport's taster, continued on page 10, over National's,
   * continued on page 4, in the column beside the lead). With frontRestsPassPlainPages, against
   * both false (`epaper quality --sizes 16,30,45 --seeds 4`, tabloid · Berliner · broadsheet · A4):
   * front jumps out of order 15 · 17 · 20 · 3 → 10 · 10 · 15 · 0, pages turned 609 · 426 · 287 ·
   * 842 → 607 · 423 · 286 · 840, every other measure the same (16 of 48 editions changed); most
   * pairs left are a rest in its section's pages after one of a later section's, the two side by
   * side on the front. false: as the front's search stacked them. @default true
   */
  readonly frontStacksInJumpOrder: boolean;
  /** The lead's module at most this share of the page's rows. @default 0.7 */
  readonly leadMaxShare: number;
  /**
   * The planner tries the whole edition on the front page alone when the copy's estimated area is
   * at most this share of the front page's body; the search then decides whether it really fits.
   * The estimate is rough (stories whose heads step down and whose photos crop take less), so an
   * edition estimated a little over the page can still fit it: three 900-word stories estimated at
   * 0.94 fit one page, where the earlier 0.92 gave them a second page 80% white. Above the share
   * nothing is tried (one search, for small editions only). @default 1.05
   */
  readonly shortEditionMaxShare: number;
  /**
   * An edition of one page is also laid out in the top part of the page only, at depths this many
   * rows apart from the lead's foot down (search.ts searchRegionLevel), so that its white can
   * stand at the foot across the page rather than as a column beside its stories. @default 2
   */
  readonly levelFinishStepRows: number;
  /**
   * An edition of two pages whose second page is less full than this (its article share of the
   * page) is tried on one page, its front with the first plan's shapes and then with each of the
   * policy's compact photo shares (compose.ts planFitted): copy a little over a page by estimate
   * had made a second page of a few lines (three of the sample's stories: 8%). @default 0.35
   */
  readonly onePageBelowFill: number;
  /** Any other front-page module at most this share of the page's rows: they are tasters. @default 0.32 */
  readonly frontModuleMaxShare: number;
  /** A photo at most this share of the page's rows. @default 0.4 */
  readonly photoMaxShare: number;
  /** A photo may be cropped this much from its aspect, either way, to fit whole rows. @default 0.2 */
  readonly photoCrop: number;
  /** A photo is at least this many rows tall. @default 5 */
  readonly photoMinRows: number;
  /**
   * The front page's lead's photo shows at least this share of its natural height, as a picture
   * desk would crop it: it is offered deeper than `photoMaxShare` where the lead's rows allow
   * (Material.leadPhotoRowRange), and each row under this share costs as a row of white across the
   * lead, so it goes under only where that leaves less white (else beside the text). Held at
   * `photoMaxShare` across the module at a crop's cost, a portrait lead (1125 × 2000) with a short
   * text printed a third of its height, a figure cut at the chest (tabloid 36%, A4 38%). @default 0.6
   */
  readonly leadPhotoMinShare: number;
  /**
   * A photo prints with at least this many of its pixels per inch (96 CSS px): one with fewer for
   * a column's width is left out with a warning (printable-photos.ts; a 40×40 icon printed a column
   * wide showed its pixels as blocks), and a span that would stretch it past this costs
   * `photoLowResCost`. 72 lets the fixture's 900 px photos span the page. @default 72
   */
  readonly photoMinPpi: number;
  /** Cost of a module whose photo prints under `photoMinPpi` at its span. @default 150 */
  readonly photoLowResCost: number;
  /**
   * A photo of which less than this share would show in any shape a page gives it (a column wide
   * at most `photoMaxShare` deep, or the page wide at least `photoMinRows`; a figure within
   * FIGURE_ASPECT) is left out with a warning: a 1:10 strip printed as a 6% slice. @default 0.5
   */
  readonly photoMinShownShare: number;
  /** A headline may step down by this factor to absorb a row or two. @default 0.88 */
  readonly headlineStep: number;
  /** A story of at most this many words is a brief (small head, one column). @default 120 */
  readonly briefWords: number;
  /**
   * Planning capacity (estimatedArea) counts a story with a photo as wide as one column for every
   * this many rows of its text, from one to three, the photo at that width: a photo with a
   * caption's worth of text is set a column wide, and counted three wide (with its photo three
   * columns tall) it was estimated 5-7 times the cells it took, and a section of such stories got
   * pages of its own, mostly white. 0: always three. @default 15
   */
  readonly photoEstimateRowsPerColumn: number;
  /** Each column of a finished module holds at least this many lines. @default 3 */
  readonly minLinesPerColumn: number;
  /**
   * …and no span is offered whose balanced columns leave one shallower than this many rows, where
   * the rules that keep lines together (a table with the line that introduces it, a sign-off) push
   * a column down to a line: a wire story at four columns printed one line in its second column and
   * "— VNS" alone in its fourth. The three sweeps' 136 editions set the same with 2; with 3 (as
   * `minLinesPerColumn`), 21 moved, holes and pages no fewer (30 articles at seed 2 took a page more). @default 2
   */
  readonly minColumnRows: number;
  /**
   * A section's tail of one piece (a brief, a story's last rest) taking the top of a page, the
   * next section opening under it (plan.ts planSectionArea), may run across the page's full width
   * at `minColumnRows` lines a column, not `minLinesPerColumn` (Material.balancedAcross): a brief
   * of 17 lines on a six-column page had no six-column shape, was set across five, and the white
   * column beside it took a house notice that headed the page over the next section's band
   * (broadsheet, 30 articles at seed 4, pages 4 and 8: measure.ts noticesAtPageTop). Only there:
   * offered at any region's top, a brief strung across the page stood over its section's more
   * important stories; offered to tails of several pieces, it moved plans with no notice at the top
   * (more white feet, an A4 edition a page longer). Sweeps with it on (tabloid · Berliner ·
   * broadsheet · A4): notices at a page's top 2 · 1 · 5 · 1 → 0 · 0 · 1 · 0, column ends crossed
   * mid-word +4 · 0 · +4 · +1, A4 thin continuations 16 → 18 (16 articles at seed 4 takes a plan
   * with a jump fewer), all else as it was. (The white test/render/page-quality.test.ts's repeated
   * notice closed, Berliner 26 articles at seed 3 with three notices, page 14, was the column
   * beside such a tail: that test now reads the broadsheet's 20 articles at seed 2 with one
   * notice.) false: as before layout-85. @default true
   */
  readonly fullWidthShortTail: boolean;
  /**
   * Step "shape" (compose.ts): a finished story's columns, planned level, are set again at the same
   * depth when a column stops two or more rows short of a column to its right (9/8/7/8/9: white
   * the eye reads as a hole in the story), so that the shortest leg comes last (9/8/9/9/6: white
   * after it reads as the story's end). Such white inside the text costs this many times the rows
   * between the deepest and the shallowest column; 0 keeps the level fill. Measured 2026-12-01 on
   * `epaper quality`'s 24 editions: modules with such a column 264 → 27 of 1,082 (on 48 others,
   * `--sizes 12,20,36,60 --seeds 12`, 550 → 55 of 2,298); pages, holes, jumps and inversions the
   * same. @default 3
   */
  readonly columnInsideWhiteWeight: number;
  /** …and the shortest leg may stop at most this many rows short of the deepest (more when the level fill's does); no column's white, with the white below the module, comes near a hole's depth. @default 4 */
  readonly columnShortLegRows: number;
  /**
   * A finished module whose columns are this many lines deep or fewer (a brief strung across the
   * foot of a page, three or four lines a column) may end every column but the last on a hyphenated
   * word where only that sets them level; deeper ones once at most (columns.ts fillBalanced). In a
   * column of three lines an end stepped back off a hyphenated word moves by a third of it:
   * 3/4/3/3/2 and 4/3/4/2/2, whose short columns over the white under the module read as a hole
   * (45 articles at seed 6, page 4). Measured 2026-12-04 on `epaper quality`'s three sweeps (24, 48 and 64 editions):
   * finished stories with columns two lines or more apart 99 → 64, pages with a hole 36 → 35, for
   * column ends crossed mid-word 2,754 → 2,839 (3% more); jumps as many, a page more in one edition.
   * 0: once at most, at any depth. @default 6
   */
  readonly levelByHyphensRows: number;
  /**
   * A finished story whose columns end two lines or more apart (measure.ts unevenModules) is set
   * level: each shorter column's leading opens until it ends with the deepest (columns.ts
   * levelledColumns), by at most this share of its lines (0.1: a row's lead spread over ten lines,
   * each line a tenth of a row further apart). A module with a column that would need more is left as it is. Against 0
   * (2026-12-02), on the three sweeps: uneven modules 100 · 206 · 289 → 29 · 46 · 65, pages with
   * a hole 26 · 28 · 44 → 26 · 26 · 44 (white under a short column became text), pages and jumps
   * the same; 0.06 levels 44 of the first 100, 0.08 levels 59. @default 0.1
   */
  readonly levelMaxStretch: number;
  /**
   * A finished story whose columns end two lines or more apart that opening its leading cannot
   * set level (levelMaxStretch) has one paragraph wholly in it set up to this many lines longer or
   * shorter within the breaker's tolerance (linebreak.ts looseness; one line tried before two), where
   * that fills its columns within a line at the module's depth with no more words run across a
   * column and no word's fragment alone on the paragraph's last line (mend.ts levelByLooseness):
   * the lines stay on the baseline grid. Against 0 (2026-12-05), on the three sweeps: uneven
   * finished stories 11 · 11 · 38 → 7 · 7 · 19, nothing else moved (at most one line, without the
   * fragment rule: 7 · 8 · 21). 0: never. @default 2
   */
  readonly levelLooseness: number;
  /**
   * A finished story set with blank rows between its paragraphs (Material.feathered) whose columns
   * still end two lines or more apart after those steps is filled again with fewer blank rows, or
   * with none and one paragraph set a line looser or tighter (as levelLooseness), where that ends
   * its columns within a line of each other and no more than this many rows above the module's
   * foot (mend.ts levelledByFewerBlanks, levelledWithoutBlanks): a row of white under a story
   * reads as the space between stories, a column two rows short as a ragged foot. Against the
   * code without it (layout-36, 2026-12-05), on the three sweeps: uneven finished stories 6 · 7 · 18 → 5 · 7 · 12, column ends
   * crossed mid-word 2,813 → 2,814; pages, holes, jumps and inversions as they were. 0: never. @default 1
   */
  readonly levelWhiteRows: number;
  /**
   * A finished story whose columns still end in the middle of a word once its paragraphs have been
   * set again with that hyphen costed (mend.ts mendColumnEnds: same lines, words moved) has one
   * paragraph wholly in it set up to this many lines longer or shorter (linebreak.ts looseness),
   * where that moves the column's end off the word: the columns filled again level at the
   * module's depth (a feathered story's text without its blank rows, then feathered to its foot
   * again), fewer words run across a column, and no line of the paragraph looser than its loosest
   * was (mend.ts wordsKeptWhole). The module keeps its box; its last column may end a line lower
   * or higher. Against 0 (2026-12-06): column ends crossed mid-word 455 · 1,008 · 1,311 → 411 ·
   * 885 · 1,160 on the three sweeps with plain stories only (layout-54), → 359 · 813 · 1,073 with
   * feathered ones too and no setting from the breaker's emergency passes (layout-55); held out
   * (`--sizes 18,28,44 --seeds 20`) 1,190 → 979;
   * pages, holes, jumps, inversions and uneven columns as they were. Two lines keep no more words
   * whole; a looser and a tighter paragraph together, which a cut story could take too, kept 3
   * more (a tighter setting seldom exists: 21 of 653 tried), not worth the search. 0: never.
   * @default 1
   */
  readonly columnEndLooseness: number;
  /**
   * A cut story whose column ends still break a word (the one over its jump line, and its rest's
   * on the jump page, among them) has one paragraph of its cut module set up to this many lines
   * longer or shorter, where that moves the ends off the words: the cut module's columns filled
   * again to its page's foot as planned, its rest on the jump page taking the line pushed over (or
   * giving the one pulled back) and filled again level within its module, fewer words run across a
   * column in the two, and no line of the paragraph looser than its loosest was (mend.ts
   * cutWordsKeptWhole). Against 0 (2026-12-06, `npx epaper quality --policy`): column ends crossed
   * mid-word 359 · 813 · 1,073 → 326 · 754 · 985 on the three sweeps, held out (`--sizes 18,28,44
   * --seeds 20`) 979 → 903, A4 568 → 527 (layout-56 and -57); pages, holes, jumps, inversions and
   * uneven columns as they were. Most tries fail where the paragraph has no setting a line tighter
   * (the breaker's tolerance) or only a looser one; with the breaker's emergency passes, 21 of the
   * first sweep's 96 cut modules tried instead of 19. 0: never. @default 1
   */
  readonly cutColumnEndLooseness: number;
  /**
   * A cut story whose line before its jump ends in a hyphen ends its last column up to this many
   * rows higher, so that the word goes over whole, where its rest has room for the lines at the
   * depth planned (mend.ts mendJumpEnds; a column's rules may take it a row further). Hyphens
   * over a jump in 18 generated editions 22 → 4 of 329, at 1 as at 2. @default 2
   */
  readonly jumpMendMaxRows: number;
  /**
   * …where the cut's columns, its last with the jump line's row under it, end at most this many
   * rows apart after it, or no further apart than before (mend.ts mendJumpEnds, measure.ts
   * cutEndSpread): asked for a row, the columns' rules (a paragraph's last lines kept together)
   * often take the last column two or three higher, and the jump line sat under a ragged edge.
   * The same limit holds for cutWordsKeptWhole's refill (`cutColumnEndLooseness`). `epaper quality
   * --sizes 16,30,45 --seeds 4` (tabloid · Berliner · broadsheet · A4), against no limit (layout-77,
   * 2026-12-07; `--policy '{"jumpMendMaxSpreadRows":1000}'`): cut stories ending two rows or more
   * apart (measure.ts raggedCuts) 20 · 10 · 14 · 27 → 3 · 1 · 1 · 2; the price, words hyphenated
   * over the jump the mend no longer moves: column ends crossed mid-word 225 · 173 · 164 · 265 →
   * 241 · 174 · 173 · 280; uneven finished stories 0 · 2 · 2 · 7 → 1 · 2 · 2 · 6, short starts
   * (broadsheet) 1 → 0; pages, holes, jumps, inversions and white feet as they were. A level cut
   * was the editor's ask; 1000: the mends as before. @default 1
   */
  readonly jumpMendMaxSpreadRows: number;
  /** White rows at the foot of a stack that cost nothing: they read as the page's margin. @default 1 */
  readonly freeWhiteRows: number;
  /** White rows at the foot of a stack beyond which it would read as a hole (the page rules: 8 body lines; one row kept for a column that ends a line short). @default 6 */
  readonly maxWhiteRows: number;
  /** Cost of each white row-column past the free ones. @default 3 */
  readonly whiteCost: number;
  /** Cost of each white row-column of a hole (8 rows or more): the search avoids them at nearly any price. @default 200 */
  readonly holeCost: number;
  /**
   * A hole's cost per row-column grows with its depth, by one more `holeCost` for every this many
   * rows: of two holes with the same area, the deep narrow one (a column left white down the page,
   * a tall strip beside a story) reads as a gap in the page, the shallow wide one under the last
   * modules as the end of the copy. Against no growth (2026-12-01): on `epaper quality`'s 24
   * editions, holes 51 → 42 (their area −24%, deeper than 40 rows 15 → 9, deeper than 30 rows and
   * at most two columns wide 5 → 1), pages with a hole 45 → 40, jumps 445 → 443, inversions
   * 33 → 32, pages 555 → 553, mostly white last pages 8 → 6; on 48 others (`--sizes 12,20,36,60
   * --seeds 12`) holes 75 → 72, deeper than 40 rows 25 → 15, tall and narrow 9 → 0, the same
   * pages with a hole, jumps 954 → 955 and mostly white last pages 8 → 9. @default 15
   */
  readonly holeDepthRows: number;
  /** Cost of cutting a story to continue on a later page. @default 40 */
  readonly jumpCost: number;
  /**
   * A second plan of the edition (compose.ts planFitted: a section's front-page jumps handed on to
   * the next section, or their stories kept off the front page) may have this many more jumps than
   * the plan it replaces, and one more for each page and each page with a hole it takes away: a
   * jump is a page a reader turns, a hole what an editor would not publish. Against one more jump
   * only (2026-12-02; three sweeps, `npx epaper quality`, `--sizes 12,20,36,60 --seeds 12`,
   * `--sizes 14,24,40,52 --seeds 16`): pages with a hole 28 · 47 · 67 → 26 · 47 · 63, pages
   * 551 · 1154 · 1561 → 550 · 1154 · 1560, jumps 444 · 940 · 1298 → 446 · 940 · 1303, inversions
   * and mostly white last pages the same. @default 1
   */
  readonly secondPlanExtraJumps: number;
  /**
   * A second plan (the jumps handed on, kept off the front or near it, the tries around a hole,
   * compact last pages) may have this many more priority inversions for each page it takes away
   * and each page inside the edition it takes a hole from (a last page's white is allowed and
   * buys nothing); compact last pages only where the pages they change have no hole inside the
   * edition. Any inversion more refused them: 20 articles at seed 3 kept a page 12 with 43 rows
   * of white under Opinion's last story, and a page more, because its jumps near the front put a
   * brief on top of a World page. Against none (2026-12-04; three sweeps, `npx epaper quality`,
   * `--sizes 12,20,36,60 --seeds 12`, `--sizes 14,24,40,52 --seeds 16`; 7 of 136 editions moved):
   * pages 527 · 1110 · 1500 → 527 · 1107 · 1498, pages with a hole 8 · 7 · 20 → 8 · 6 · 18, jumps
   * 414 · 852 · 1196 → 414 · 852 · 1194, inversions 38 · 53 · 65 → 38 · 58 · 68, top-heavy starts
   * 10 · 23 · 22 → 10 · 23 · 20; 2 moves nothing 1 does not. @default 1
   */
  readonly secondPlanInversionsPerSaving: number;
  /**
   * A second plan with as many pages with a hole as the plan it replaces but fewer of them inside
   * the edition (the white gone to the last page, the one page the rule lets keep it) counts as
   * having fewer holes, and may have this many more jumps for each page inside the edition it
   * clears, beside `secondPlanExtraJumps`; 0 counts no such move. Such plans are judged so only
   * after every try that may take the hole away (compose.ts planFitted). 12 articles at seed 11
   * kept News's front-page jump alone on page 9 over 32 rows of white: with the story kept off
   * the front it is set whole there, for two jumps more of a page each. Against 0 (2026-12-05;
   * three sweeps, `npx epaper quality`, `--sizes 12,20,36,60 --seeds 12`, `--sizes 14,24,40,52
   * --seeds 16`; 2 of 136 editions moved): pages with a hole inside the edition 2 · 1 · 5 → 2 · 0
   * · 4, pages with a hole 4 · 2 · 13 → 4 · 2 · 12, jumps 410 · 849 · 1175 → 410 · 851 · 1174
   * over 1195 · 2618 · 3402 → 1195 · 2615 · 3391 pages turned, inversions 38 · 59 · 71 → 38 · 58
   * · 72; pages the same. @default 1
   */
  readonly innerHoleJumps: number;
  /** Cost of placing a story while a continuation waits for a later page. @default 30 */
  readonly continuationDelayCost: number;
  /** Cost of placing a story while one the desk pinned to this page (`page:`) waits. @default 80 */
  readonly pinDelayCost: number;
  /** Cost of placing a story ahead of a more important one it skipped, per step of priority. @default 12 */
  readonly inversionCost: number;
  /**
   * Cost of a story's start set under the start of a less important story in the same stack or
   * under the region's top module, for each step of priority between them (search.ts
   * lesserAboveCost): a brief as a strip across a page's top over the page's most important story
   * is an inversion an editor sends back, and the queue's order priced it only as a wait
   * (`inversionCost`, 12 a step), less than a row or two of white. Against 0, `epaper quality
   * --sizes 16,30,45 --seeds 4` (tabloid · Berliner · broadsheet · A4): inversions 15 · 17 · 17 ·
   * 2 → 5 · 17 · 15 · 0, short starts 9 · 3 · 0 · 7 → 8 · 3 · 0 · 7, jumps 248 · 203 · 156 · 443
   * → 246 · 202 · 153 · 443, pages and pages with a hole as many; pages turned 592 · 477 · 300 ·
   * 937 → 590 · 476 · 317 · 933 (broadsheet 45/3: three jumps fewer, one of them a page further
   * on, 27 → 44). 0: priced as that wait only. @default 60
   */
  readonly lesserStartAboveCost: number;
  /**
   * Cost of a story's start beside, in another stack of its region, the start of a less important
   * story that reads above it (measure.ts readsAbove: at least as wide and higher, or as high and
   * over more of the page), for each step of priority between them (search.ts
   * lesserBesideCost): the stacks are filled left to right from the queue, so a page's priority-3
   * story cut in two columns stood beside a priority-4 story whole in three at the same top, the
   * lesser one read as the page's top story (Berliner 16 articles at seed 2, page 9). Against 0,
   * `epaper quality --sizes 16,30,45 --seeds 4` (tabloid · Berliner · broadsheet · A4, both with
   * layout-75's measure): inversions 3 · 7 · 5 · 0 → 3 · 1 · 1 · 0, pages 311 · 258 · 180 · 556 →
   * 310 · 259 · 181 · 556 (Berliner 45/3 and broadsheet 45/2 a page longer for the inversion
   * they took away), pages turned 591 · 476 · 343 · 933 → 644 · 473 · 322 · 933 (tabloid 45/2's
   * front-page jumps went to their sections' pages, 62 → 115, until `pagesTurnedPerJump`). 24
   * took one inversion more away for a page more; 60 two more for two pages more and three stubs.
   * 0: not priced. @default 12
   */
  readonly lesserBesideCost: number;
  /** Cost of placing a story ahead of an equally important one it skipped. @default 2 */
  readonly reorderCost: number;
  /** Cost of a headline one step smaller than its role's. @default 3 */
  readonly headlineStepCost: number;
  /**
   * Cost of a shape whose headline leaves white beside its lines as deep as a hole at every size
   * tried (two short lines of a big head across the page): the search takes another span or
   * shape where one serves. Against none (2026-12-02), on three sweeps (`npx epaper quality`,
   * `--sizes 12,20,36,60 --seeds 12`, `--sizes 14,24,40,52 --seeds 16`): pages with a hole
   * 31 · 53 · 76 → 29 · 52 · 68, pages 552 · 1156 · 1562 → 551 · 1156 · 1562, jumps
   * 441 · 942 · 1291 → 444 · 941 · 1298, inversions 31 · 56 · 93 → 29 · 56 · 92, mostly white last
   * pages 7 · 15 · 18 → 6 · 15 · 17; 200 gave the same. @default 100
   */
  readonly headlineHoleCost: number;
  /**
   * Ways of breaking a headline's words on as many lines tried, once the pages are set, where its
   * lines leave a hole beside them on the page (compose.ts headsFilledBesideHoles: the head's own
   * check allows 0.82 of a column of white, and the page's hole may run on into the gutter); 0
   * turns the step off. Pages with a hole, A4 4 → 2, held out 4 → 3, the others as they were.
   * @default 24
   */
  readonly headlineRebreaks: number;
  /** Cost of leaving out a small story's standfirst. @default 4 */
  readonly standfirstOffCost: number;
  /** Cost per row a photo is cropped away from its natural height. @default 0.4 */
  readonly photoCropCost: number;
  /**
   * Cost of setting a story's photo beside its text rather than across its module (Shape.photoSide,
   * offered only where across the module it would be cropped past `photoCrop`): a little, so that
   * a photo across the module within its range is preferred. Infinity: never beside. @default 6
   */
  readonly photoBesideCost: number;
  /** Rows of extra space a stack may put between two of its modules to take up white (vertical justification). @default 2 */
  readonly featherRows: number;
  /**
   * Step "feet" (feet.ts): white under the last module or notice over a page's foot, where the
   * measures see a white foot (measure.ts whiteFeet: 3–7 rows across two columns or more,
   * shallower than a notice closes and than the planner's `maxWhiteRows` prices), is taken up the
   * way a desk feathers a page, by at most this many rows: that module, or the one over it in its
   * columns, set deeper by its leading opened (at most `featherMaxShare`, as a feathered story),
   * the module or notice under it moved down with it, or the last module moved down by at most
   * `featherRows` into the gap over it. A repair is kept only where the page then has fewer white
   * feet and no more holes. `epaper quality --sizes 16,30,45 --seeds 4` (tabloid · Berliner ·
   * broadsheet · A4, layout-81, against 0): white feet 31 · 27 · 15 · 44 → 6 · 5 · 5 · 16; pages,
   * holes, jumps, pages turned, inversions, short starts, top-heavy starts, thin continuations,
   * ragged cuts, hyphenated column ends, uneven columns, front jumps out of order, off-front starts
   * and mostly white last pages as they were (the plan is not touched). 0: the step is off.
   * @default 6
   */
  readonly footFillMaxRows: number;
  /**
   * Step "feet" (feet.ts): a column of the feathered story that cannot open its leading as far as
   * the others (it holds a line or two fewer, and a tenth of its own lines is a blank row fewer)
   * ends a row short of the story's new depth instead of keeping the whole story where it stood: a
   * finished story's columns end within a line of each other (measure.ts unevenModules), as its last
   * column does. A long story's rest alone on a page, five or six rows short of the foot, was left
   * white for want of one blank row in one column. `epaper quality --sizes 16,30,45 --seeds 4`
   * (tabloid · Berliner · broadsheet · A4, layout-83, against false): white feet 6 · 5 · 5 · 16 →
   * 4 · 3 · 5 · 13, every other measure as it was (the plan is not touched).
   * false: every column is brought to the same depth, or the repair is not made.
   * @default true
   */
  readonly footFillRowShortColumns: boolean;
  /**
   * Step "feet" (feet.ts restsDeckedToFeet): where a page still has a white foot after the feet
   * step and a continuation stands over it (alone on its page, or over a brief or notice), its
   * head takes the story's standfirst as a deck of at most this many lines under the jump head
   * (story.ts jumpHeadWithDeck), what stands under it in its columns moved down by the rows the
   * deck takes, and the feet step tried again: a rest that needed a blank row a tenth of its lines
   * could not give reaches the foot with a line or two more of display. Kept only where the page
   * then has fewer white feet and no more holes. 0: no deck.
   * @default 3
   */
  readonly footFillRestDeckLines: number;
  /** A finished module may grow by up to this many rows of blank lines between its paragraphs. @default 6 */
  readonly featherBodyRows: number;
  /** …only when its columns are at least this many rows deep. @default 16 */
  readonly featherMinRows: number;
  /** …only when it has this many paragraph breaks for every blank line, at most one to a break. @default 1 */
  readonly featherBreaksPerRow: number;
  /** Cost of each blank row between paragraphs, per column. @default 2 */
  readonly featherCost: number;
  /** …and no more blank rows than this share of the module's rows (its leading, which prints them, opened by as much at most). @default 0.1 */
  readonly featherMaxShare: number;
  /** Cost of a module wider than its text wants (a short story strung across the page), per extra column. @default 3 */
  readonly wideCost: number;
  /** Cost of a module narrower than its story wants (a long story in one column), per column short. @default 6 */
  readonly narrowCost: number;
  /** Stories the search may choose from at each step, in importance order. @default 4 */
  readonly lookahead: number;
  /** Layouts of a region compared one region ahead when a section will end on its next page. @default 4 */
  readonly lookaheadPlans: number;
  /** A section's ending that costs no more than this is taken without trying further heights. @default 12 */
  readonly goodEnoughCost: number;
  /** Nodes one stack search may visit: bounds the compose time. @default 150 */
  readonly stackSearchNodes: number;
  /**
   * Nodes one stack search may visit when the planner looks one region ahead (plan.ts
   * `cheapestWithNext`): there it only ranks a page's few candidate layouts by what their leftovers
   * make of the next page. In a brief-rich edition those look-ahead searches were two thirds of all
   * nodes, most of them run to the cap (600 articles: 1.13 of 1.66 million). A region searched
   * ahead and then asked for real with the same queue is answered from the cache (search.ts), as
   * before: keeping the budget out of the cache's key is what saves the nodes (with it in the key
   * the real page is searched again, and 600 articles still take 1.51 million). Up to 75 no page of
   * the reference editions moved (8 to 96 pages, the sample and the layout fixture); 60 and below
   * moved a house ad on the 24-page edition; at 75, 5 of the 600-article edition's 197 pages moved.
   * @default 75
   */
  readonly lookaheadStackNodes: number;
  /**
   * A section of only front-page jumps has them printed on the first inside section's pages, near
   * the front, rather than at the back where the section order puts it, where the pages are no
   * worse, or where they have a page with a hole more for every this many pages fewer that the
   * jumps send readers on (16 articles at seed 1: one more page with a hole, and the two News
   * jumps on pages 3 and 4 instead of 14 and 15, 19 pages fewer). @default 10
   */
  readonly pagesTurnedPerHole: number;
  /** A section's part of a shared page leaves the next section at least this many rows. @default 24 */
  readonly minSharedRows: number;
  /**
   * House ads: each at most this share of a page; where one this deep cannot close the white but one
   * twice as deep (and the row between) can, that one (compose.ts houseAdsFor: two stacked read as
   * fillers piled into one hole). @default 0.125
   */
  readonly houseAdMaxPageShare: number;
  /**
   * …and on the edition's last page, where white left under the last story can only be closed by
   * a notice, at most this share: the sample's back page kept 11 rows white between its last story
   * and a notice of 14 rows, which one of 17 closes. Still within `houseAdMaxEditionShare`. @default 0.2
   */
  readonly houseAdMaxLastPageShare: number;
  /** House ads: all together at most this share of the edition's type area. @default 0.03 */
  readonly houseAdMaxEditionShare: number;
  /**
   * Once every notice has run, a notice runs again where it closes white that would stay a hole,
   * at least this many pages from its other appearances (compose.ts houseAdsFor `repeat`). @default 3
   */
  readonly noticeRepeatMinPages: number;
  /**
   * A house ad needs at least this many rows (with a row above it: white of one more). At six rows
   * across the page a notice still has its headline and the paper's name (setHouseAd drops its
   * line of text, then shrinks the headline, where they do not fit). At eight, white of 7 or 8 rows
   * took none: with a column of the story above ending a row or two short it was a hole (`epaper
   * quality`'s three sweeps: pages with a hole 32 · 35 · 52 → 26 · 28 · 44, the notices' share
   * 1.51% → 1.52%). @default 6
   */
  readonly houseAdMinRows: number;
  /**
   * A last page whose modules cover less than this share of its type area is mostly white (a hole
   * an editor would not publish): a plan compared with another (compose.ts planFitted's `judge`)
   * may not end on one unless the other does. Until 2026-12-03 it was also when the edition was
   * planned again with compact shapes (now `compactBelowFill`): on the bench's 30-article edition
   * the last page was 15% full, and went; of 24 generated editions (16, 30 and 45 articles, eight
   * seeds each), five had a last page under a third full (15-22% ink) and three lost it.
   * @default 1/3
   */
  readonly lastPageMinFill: number;
  /**
   * A last page whose modules cover less than this share of its type area is planned again with
   * compact shapes (compose.ts planFitted; a last page over half white reads as the paper running
   * out). Raised from `lastPageMinFill`'s third with the second level of `compactPhotoMaxShares`
   * (2026-12-03): of the three sweeps' last pages under half ink, 32 → 14 (below). Raising
   * `lastPageMinFill` itself to the same 0.6 turned down a plan with holes on one page, not three
   * (14 articles, seed 3), for its last page less full. Raised to 0.8 (2026-12-03, layout-24): a
   * last page four fifths full may still be a page too many, its section's white on the page
   * before it (30 articles, seed 7: a front-page jump of 87 rows on the last page could not stand
   * under the 63 rows of Science's start's rest, 36 rows white there); the three sweeps, the raise
   * alone (compose.ts planFitted also tries a last page after a page with such white): pages
   * with a hole 13 · 15 · 25 → 12 · 14 · 24, pages 539 · 1124 · 1522 → 538 · 1123 · 1519, jumps
   * 436 · 892 · 1243 → 435 · 892 · 1238, top-heavy starts 23 · 33 · 46 → 23 · 32 · 44; 5 of 136
   * editions changed, none worse in any measure; compose time 9–16% more in the sweeps (the
   * tries that keep nothing). @default 0.8
   */
  readonly compactBelowFill: number;
  /**
   * A last page fuller than this (and under `compactBelowFill`) is tried with the most compact
   * second plans first (the most pages back, each photo share from the smallest, until one takes a
   * page away or leaves the last page at least `lastPageMinFill` full), and the others only if one
   * takes a page away (compose.ts planFitted): a page that full is seldom taken away, and the
   * tries cost a plan each. @default 0.6
   */
  readonly compactProbeFill: number;
  /**
   * Second plans, each with compact shapes on this many of the edition's last pages (the pages
   * before them are the first plan's), tried in order until one takes a page away: the fewer pages
   * compacted, the fewer photos cropped. Each re-plans only its own pages, so this bounds what a
   * mostly white last page costs, whatever the edition's size. Sixteen added (2026-12-02; three
   * sweeps, `npx epaper quality`, `--sizes 12,20,36,60 --seeds 12`, `--sizes 14,24,40,52 --seeds
   * 16`): pages 546 · 1136 · 1541 → 545 · 1134 · 1540, pages with a hole 21 · 28 · 47 →
   * 20 · 27 · 47, jumps 431 · 906 · 1254 → 431 · 903 · 1248, mostly white last pages 7 · 12 · 18 →
   * 6 · 11 · 18 (45 articles, seed 7: a last page of 15 rows, its white a hole, taken away).
   * @default [2, 4, 8, 16]
   */
  readonly compactLastPages: readonly number[];
  /**
   * With compact shapes, a photo at most this share of the page's rows: one level of compact
   * shapes per share, each tried (on the last two pages, then four…) only when the level before
   * it left the last page under `compactBelowFill`, and judged against what that level kept. A
   * wide photo at 30% of the page kept a twelve-line tail on a last page of its own (20 articles,
   * seed 9: 2% ink); at 25% the story ends on the page before. With `compactBelowFill` (2026-12-03,
   * `npx epaper quality`, `--sizes 12,20,36,60 --seeds 12`, `--sizes 14,24,40,52 --seeds 16`):
   * pages 545 · 1136 · 1541 → 543 · 1130 · 1531, pages with a hole 18 · 29 · 39 → 17 · 23 · 30,
   * jumps 436 · 897 · 1247 → 435 · 892 · 1244, inversions 34 · 48 · 69 → 34 · 48 · 68, last pages
   * under half ink 5 · 12 · 15 → 3 · 6 · 5, compose time 14–21% more (editions of 12 to 60
   * articles; none worse in any measure). A third level at 20% took nothing more away then. At 18%
   * (2026-12-04, layout-31, the same three sweeps): pages 527 · 1107 · 1498 → 526 · 1104 · 1493,
   * pages with a hole 8 · 6 · 18 → 7 · 4 · 16, jumps 414 · 852 · 1194 → 415 · 849 · 1189,
   * inversions 38 · 58 · 68 → 39 · 58 · 68, mostly white last pages 3 · 4 · 7 → 2 · 3 · 5; 10 of 136
   * editions changed, each a page fewer, or a hole fewer, or its last page fuller (24 articles, seed
   * 4: a 24-row tail alone on its last page; the wide photos above Science's stories crop to
   * strips); compose time 3–11% more. 20% instead: the third sweep 3 pages and 2 holes worse. At
   * 14% (2026-12-04, layout-32, with compose.ts probing each share for a last page over
   * `compactProbeFill`, not only the last): pages 526 · 1104 · 1493 → 524 · 1102 · 1487, pages
   * with a hole 7 · 4 · 16 → 5 · 3 · 15, jumps 415 · 849 · 1189 → 411 · 849 · 1178, inversions
   * 39 · 58 · 68 → 40 · 59 · 70, mostly white last pages 2 · 3 · 5 → 1 · 2 · 4; 10 of 136 editions
   * changed, each a page fewer (16 articles, seed 5: 13 pages with two holes → 12 with none). With
   * only the last share probed, 20 articles at seed 1 lost the page 18% had taken away.
   * @default [0.3, 0.25, 0.18, 0.14]
   */
  readonly compactPhotoMaxShares: readonly number[];
  /**
   * A page inside the edition with a hole (measure.ts) is planned again with compact shapes on it
   * and this many pages before it, each in turn until a plan is kept (compose.ts planFitted,
   * `compactAroundHoles`): a long story's rest that ended part-way down a page, nothing of its
   * section left to stand under it, ends a page sooner or lets the next section start under it.
   * Added 2026-12-03 (the three sweeps as above): pages with a hole 17 · 23 · 30 → 17 · 18 · 26,
   * pages 543 · 1130 · 1531 → 543 · 1128 · 1530, jumps and inversions as many; with the last pages'
   * tries above, compose time 14–24% more than layout-19 (most tries keep nothing; the bench's
   * 30-article edition, with no hole, tries none).
   * Four pages before took nothing more away. Each of `compactPhotoMaxShares` in turn, not only
   * the first (2026-12-04, layout-33): 20 articles at seed 2 lost a page and its hole (Sport's rest
   * on page 8 over 34 rows of white) at 18%; nothing else in the three sweeps moved, and the
   * editions with such a hole search up to 40% more (those without, as much). @default [1, 2]
   */
  readonly compactAroundHole: readonly number[];
  /**
   * A page inside the edition with a hole under a rest, its section's other rests each too deep
   * to stand under it (A4, 30 articles at seed 2: pages 42 and 43 each a rest of 43–44 rows of
   * the page's 72 over a notice and 20 rows of white, the next a rest of 41), is planned again
   * with its rests allowed to be cut once more at its foot (plan.ts PlanOptions.restsRunOnPages,
   * Material.restCutAgain), so that two share the page and the second runs on to the next, as an
   * editor cuts a rest again rather than print a hole (compose.ts restsRunOnPastHoles). Kept only
   * where its pages are better as planFitted judges them (fewer pages with a hole) and it has no
   * more jumps than pages with a hole it takes away. false: as before layout-87. @default true
   */
  readonly restsRunOnPastHoles: boolean;
  /**
   * A story's last rest of a few lines across a page (measure.ts thinContinuations) is pulled
   * back by compact shapes (a photo cropped a step, a headline a step smaller) on the pages from
   * its start to it, where that leaves fewer such rests and the pages no worse (compose.ts
   * thinRestsPulledBack). false: as before layout-87. @default true
   */
  readonly thinRestsPulledBack: boolean;
  /**
   * A plan's rests name the page their story was cut on in that plan (rest-pages.ts): the
   * material's one piece per rest kept the page of the first plan tried that cut the story there,
   * and the front's rests (`continuedFromPage === 1`) were counted by it in the jump-order step and
   * planFitted's pages turned. false: as before layout-83. @default true
   */
  readonly restsNameTheirStartPage: boolean;
  /**
   * The planner prices a start's pull quote as display type, as the measures count it since
   * layout-80 (measure.ts readingRowsOf, quoteDepthOf): a start cut to jump is a stub
   * (Material.isShortStart, `shortStartCost`) or top-heavy (`cutHeadMaxShare`) by its text without
   * the quote's rows, and a story's share by its text without its quote. false: the quote's rows
   * count as text, as before layout-83. @default true
   */
  readonly quoteRowsAsDisplay: boolean;
  /**
   * A story whose headline stands level with a neighbouring module's head (measure.ts
   * tombstonedHeads), and which carries a photo across its module, takes the photo over its
   * headline in the same rows (stagger.ts photosOverLevelHeads, story.ts headWithPhotoAbove), as an
   * editor staggers the openings of stories side by side: the region search opens every stack on
   * one row, so a rest's jump head at a page's top stood beside the next story's headline on most
   * inside pages (layout-88's sweep: 47 · 63 · 82 · 36 such pairs, tabloid · Berliner · broadsheet
   * · A4). Kept only where the page has fewer level pairs and no more blank areas near a hole's
   * size (measure.ts NEAR_HOLE_POLICY, as a printed page's glyphs show more white than the model's
   * line boxes); the plan does not move. false: headlines over their photos, as before layout-89.
   * @default true
   */
  readonly photoOverLevelHead: boolean;
  /**
   * The plan with every front-page jump near the front (`frontJumpsNearFrontMinPages`) is kept,
   * too, with a page with a hole more where that page is the edition's last (the rule lets it keep
   * white; no more pages with a hole inside the edition), where its jumps send readers this many
   * pages fewer for each such page, beside `pagesTurnedPerJump` for each jump more, and it is no
   * worse in pages, inversions, stories held and problems (compose.ts planFitted `turnsFewer`).
   * Before, that try took no hole at all: A4 with pull quotes set by their column's width (the
   * quotes helper's pullQuoteLineEms, not landed), 45 articles at seed 2, kept the front's two
   * Science rests on pages 64 and 65 (194 pages turned) against the plan with them on pages 7 and
   * 11 (95) whose last page was half white (printed, it ended with no hole, 51% inked). With
   * today's quotes the quoted tabloid sweep's 30 articles at seed 3 moves: the front's three rests
   * from pages 22, 23 and 25 of 25 to 5, 7 and 8 (91 → 40 pages turned, a pair out of the front's
   * order fewer, a stub at a page's foot more); the four plain sweeps (16/30/45 articles, 4 seeds)
   * and the quoted A4 one set the same. Infinity: never (as before layout-85). @default 20
   */
  readonly pagesTurnedPerLastPageHole: number;
}

export const DEFAULT_LAYOUT_POLICY: LayoutPolicy = {
  mastheadRows: 9,
  sectionBandRows: 3,
  minTextRowsUnderHead: 3,
  minCutTextRows: 8,
  shortStartCost: 300,
  minTextRowsUnderPhoto: 8,
  cutPhotoMinShare: 0.6,
  photoOnJumpCost: 150,
  cutHeadMaxShare: 2 / 3,
  jumpPhotoCaptionRows: 3,
  restOverPageCost: 300,
  frontJumpsNearFrontMinPages: 10,
  pagesTurnedPerInversion: 10,
  pagesTurnedPerJump: 20,
  pagesTurnedPerPage: 40,
  stubOpeningPagesTurned: 10,
  minContinuationRows: 3,
  minCutBodyRows: 24,
  frontStoryLimit: 7,
  frontFillStories: 3,
  offFrontSections: ['Opinion'],
  frontRestsPassPlainPages: true,
  frontStacksInJumpOrder: true,
  leadMaxShare: 0.7,
  shortEditionMaxShare: 1.05,
  levelFinishStepRows: 2,
  onePageBelowFill: 0.35,
  frontModuleMaxShare: 0.32,
  photoMaxShare: 0.4,
  photoCrop: 0.2,
  photoMinRows: 5,
  leadPhotoMinShare: 0.6,
  photoMinPpi: 72,
  photoLowResCost: 150,
  photoMinShownShare: 0.5,
  headlineStep: 0.88,
  briefWords: 120,
  photoEstimateRowsPerColumn: 15,
  minLinesPerColumn: 3,
  minColumnRows: 2,
  fullWidthShortTail: true,
  columnInsideWhiteWeight: 3,
  columnShortLegRows: 4,
  levelByHyphensRows: 6,
  levelMaxStretch: 0.1,
  levelLooseness: 2,
  levelWhiteRows: 1,
  columnEndLooseness: 1,
  cutColumnEndLooseness: 1,
  jumpMendMaxRows: 2,
  jumpMendMaxSpreadRows: 1,
  freeWhiteRows: 1,
  maxWhiteRows: 6,
  whiteCost: 3,
  holeCost: 200,
  holeDepthRows: 15,
  jumpCost: 40,
  secondPlanExtraJumps: 1,
  secondPlanInversionsPerSaving: 1,
  innerHoleJumps: 1,
  continuationDelayCost: 30,
  pinDelayCost: 80,
  inversionCost: 12,
  lesserStartAboveCost: 60,
  lesserBesideCost: 12,
  reorderCost: 2,
  headlineStepCost: 3,
  headlineHoleCost: 100,
  headlineRebreaks: 24,
  standfirstOffCost: 4,
  photoCropCost: 0.4,
  photoBesideCost: 6,
  narrowCost: 6,
  featherRows: 2,
  footFillMaxRows: 6,
  footFillRowShortColumns: true,
  footFillRestDeckLines: 3,
  wideCost: 8,
  featherBodyRows: 6,
  featherMinRows: 16,
  featherBreaksPerRow: 1,
  featherCost: 2,
  featherMaxShare: 0.1,
  lookahead: 4,
  lookaheadPlans: 4,
  stackSearchNodes: 150,
  lookaheadStackNodes: 75,
  goodEnoughCost: 12,
  pagesTurnedPerHole: 10,
  minSharedRows: 24,
  houseAdMaxPageShare: 0.125,
  houseAdMaxLastPageShare: 0.2,
  houseAdMaxEditionShare: 0.03,
  houseAdMinRows: 6,
  noticeRepeatMinPages: 3,
  lastPageMinFill: 1 / 3,
  compactBelowFill: 0.8,
  compactProbeFill: 0.6,
  compactLastPages: [2, 4, 8, 16],
  compactPhotoMaxShares: [0.3, 0.25, 0.18, 0.14],
  compactAroundHole: [1, 2],
  restsRunOnPastHoles: true,
  thinRestsPulledBack: true,
  restsNameTheirStartPage: true,
  quoteRowsAsDisplay: true,
  photoOverLevelHead: true,
  pagesTurnedPerLastPageHole: 20,
};
