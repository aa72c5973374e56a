/**
 * The rounds of secondary suppression over linked relations (disclosure.ts), as a worklist over typed arrays.
 *
 * Cells are numbered 0..cellCount-1 and relations 0..relationCount-1; a relation is the list of its cells (its
 * total and its members). A relation with exactly one hidden cell gives that cell back by subtraction, so each
 * round hides, in every relation with exactly one hidden cell, its cheapest visible cell (least `cost`, a total
 * order), all of a round's picks at once, until no relation has exactly one.
 *
 * Every relation open in a round gets a cell hidden in it and so is closed after it: the next round's open
 * relations are among those holding a cell just hidden. Each round therefore looks only at the relations its
 * picks touched, and the whole run costs about one pass over the links, however many rounds it takes.
 */

export interface LinkedCells {
  cellCount: number;
  relationCount: number;
  /** the links, one per (relation, cell) pair, each pair at most once: linkRelation[k] holds linkCell[k] */
  linkRelation: Int32Array;
  linkCell: Int32Array;
  /** what hiding each cell costs: distinct values, the least is hidden first */
  cost: Int32Array;
  /** the cells hidden to start with (primary); not changed */
  hidden: Uint8Array;
}

export interface SecondaryCells {
  /** the cells hidden by the rounds, in the order they were hidden (by round, then cell number) */
  cells: Int32Array;
  /** rounds that hid at least one cell */
  rounds: number;
}

/** Offsets and items of a grouping of the links by `keys` (counting sort): group g is items[start[g]..start[g+1]). */
function groupLinks(groups: number, keys: Int32Array, items: Int32Array): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(groups + 1);
  for (let k = 0; k < keys.length; k++) start[keys[k]! + 1]! += 1;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const next = start.slice(0, groups);
  const grouped = new Int32Array(keys.length);
  for (let k = 0; k < keys.length; k++) grouped[next[keys[k]!]!++] = items[k]!;
  return { start, items: grouped };
}

export function secondaryCells(linked: LinkedCells): SecondaryCells {
  const { cellCount, relationCount, linkRelation, linkCell, cost } = linked;
  const members = groupLinks(relationCount, linkRelation, linkCell);
  const relationsOf = groupLinks(cellCount, linkCell, linkRelation);
  const hidden = linked.hidden.slice();
  const hiddenIn = new Int32Array(relationCount);
  for (let k = 0; k < linkCell.length; k++) if (hidden[linkCell[k]!]) hiddenIn[linkRelation[k]!]! += 1;

  let open: number[] = [];
  for (let r = 0; r < relationCount; r++) if (hiddenIn[r] === 1) open.push(r);
  const picked: number[] = [];
  const pickedNow = new Uint8Array(cellCount);
  let rounds = 0;
  while (open.length) {
    const picks: number[] = [];
    for (const r of open) {
      let cheapest = -1;
      for (let k = members.start[r]!; k < members.start[r + 1]!; k++) {
        const cell = members.items[k]!;
        if (!hidden[cell] && (cheapest < 0 || cost[cell]! < cost[cheapest]!)) cheapest = cell;
      }
      if (cheapest >= 0 && !pickedNow[cheapest]) {
        pickedNow[cheapest] = 1;
        picks.push(cheapest);
      }
    }
    if (!picks.length) break;
    rounds += 1;
    picks.sort((a, b) => a - b);
    const touched: number[] = [];
    for (const cell of picks) {
      hidden[cell] = 1;
      pickedNow[cell] = 0;
      picked.push(cell);
      for (let k = relationsOf.start[cell]!; k < relationsOf.start[cell + 1]!; k++) {
        const r = relationsOf.items[k]!;
        hiddenIn[r]! += 1;
        touched.push(r);
      }
    }
    // a relation left with one hidden cell had none before this round, so it was touched once and is listed once
    open = touched.filter((r) => hiddenIn[r] === 1);
  }
  return { cells: Int32Array.from(picked), rounds };
}
