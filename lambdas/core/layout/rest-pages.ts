/**
 * A plan's rests named by the page their story was cut on. The material keeps one piece per rest
 * (Material.piece), made by the first plan that cut the story there; every plan tried shares the
 * first material's pieces, so a later plan (a second plan on compact pages, a plan with the
 * front's jumps near it, the jump-order step's pages in a new order) held rests naming an earlier
 * try's page: the sweeps' Berliner 45 articles at seed 1 had nine rests in ten whose piece said
 * another page than their start's (the printed "Continued from" lines were right: compose.ts
 * linkJumps numbers them from the pages). What reads the page (the front's rests, `=== 1`, in
 * jump-order.ts and planFitted's pages turned) then counted another story's rest as the front's.
 */
import type { Material } from './material';
import type { EditionPlan } from './plan';

/** `plan` with each rest's piece naming the page its story was cut on in this plan; `plan` itself where every rest does. */
export function restsNamingTheirStarts(plan: EditionPlan, material: Material): EditionPlan {
  if (!material.policy.restsNameTheirStartPage) return plan;
  // Where each cut leaves its story: the page of the module cut there.
  const cutOn = new Map<string, number>();
  for (const page of plan.pages) for (const m of page.modules) if (m.option.cutAt !== undefined) cutOn.set(`${m.option.piece.story.index}:${m.option.cutAt}`, page.number);
  let changed = false;
  const pages = plan.pages.map((page) => {
    let pageChanged = false;
    const modules = page.modules.map((m) => {
      const { piece } = m.option;
      const start = piece.continuedFromPage === undefined ? undefined : cutOn.get(`${piece.story.index}:${piece.from}`);
      if (start === undefined || start === piece.continuedFromPage) return m;
      pageChanged = true;
      return { ...m, option: { ...m.option, piece: material.restCutOn(piece, start) } };
    });
    if (!pageChanged) return page;
    changed = true;
    return { ...page, modules };
  });
  return changed ? { ...plan, pages } : plan;
}
