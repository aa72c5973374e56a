import { describe, expect, it } from "vitest";
import { type LinkedCells, secondaryCells } from "../../metrics/engine/linked-suppression.ts";

/** Relations as lists of cell numbers; cost defaults to the cell number (cell 0 cheapest). */
function linked(relations: number[][], hidden: number[], cost?: number[]): LinkedCells {
  const cellCount = Math.max(...relations.flat(), ...hidden) + 1;
  return {
    cellCount,
    relationCount: relations.length,
    linkRelation: Int32Array.from(relations.flatMap((cells, r) => cells.map(() => r))),
    linkCell: Int32Array.from(relations.flat()),
    cost: Int32Array.from(cost ?? Array.from({ length: cellCount }, (_, i) => i)),
    hidden: Uint8Array.from({ length: cellCount }, (_, i) => (hidden.includes(i) ? 1 : 0)),
  };
}

/** The rule as first written: every round re-examines every relation. */
function everyRelationEachRound(cells: LinkedCells): { cells: number[]; rounds: number } {
  const hidden = cells.hidden.slice();
  const members: number[][] = Array.from({ length: cells.relationCount }, () => []);
  cells.linkRelation.forEach((r, k) => members[r]!.push(cells.linkCell[k]!));
  const picked: number[] = [];
  let rounds = 0;
  for (;;) {
    const picks = new Set<number>();
    for (const list of members) {
      if (list.filter((c) => hidden[c]).length !== 1) continue;
      const visible = list.filter((c) => !hidden[c]).sort((a, b) => cells.cost[a]! - cells.cost[b]!);
      if (visible.length) picks.add(visible[0]!);
    }
    if (!picks.size) return { cells: picked, rounds };
    rounds += 1;
    const sorted = [...picks].sort((a, b) => a - b);
    for (const c of sorted) hidden[c] = 1;
    picked.push(...sorted);
  }
}

describe("secondary suppression over linked relations", () => {
  it("hides the cheapest other cell of a relation with one hidden cell", () => {
    // a PCN (cell 3) and its practices 0-2, practice 1 hidden: practice 0 is the cheapest other
    expect(secondaryCells(linked([[3, 0, 1, 2]], [1]))).toEqual({ cells: Int32Array.from([0]), rounds: 1 });
  });

  it("leaves a relation with no or two hidden cells alone", () => {
    expect(secondaryCells(linked([[0, 1, 2], [3, 4, 5]], [4, 5]))).toEqual({ cells: new Int32Array(0), rounds: 0 });
  });

  it("follows a hidden cell into the other relations it is in, a round at a time", () => {
    // cell 1 hidden in the first relation opens the second, whose cheapest visible cell is 4
    const result = secondaryCells(linked([[0, 1, 2], [1, 4, 5], [4, 6]], [0], [9, 0, 1, 8, 2, 3, 7]));
    expect(result).toEqual({ cells: Int32Array.from([1, 4, 6]), rounds: 3 });
  });

  it("hides a cell two relations pick in the same round once, and then neither is open", () => {
    const result = secondaryCells(linked([[0, 2, 3], [1, 2, 4]], [0, 1], [5, 5, 0, 1, 2].map((c, i) => c * 10 + i)));
    expect(result).toEqual({ cells: Int32Array.from([2]), rounds: 1 });
  });

  it("hides the same cells in the same rounds as re-examining every relation each round", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 50; trial++) {
      const cellCount = 40;
      const relations = Array.from({ length: 30 }, () => [...new Set(Array.from({ length: 2 + Math.floor(random() * 5) }, () => Math.floor(random() * cellCount)))]);
      const hidden = Array.from({ length: cellCount }, (_, i) => i).filter(() => random() < 0.15);
      const cost = Array.from({ length: cellCount }, (_, i) => i).sort(() => random() - 0.5);
      const cells = linked([...relations, [cellCount - 1]], hidden, cost);
      const result = secondaryCells(cells);
      expect({ cells: [...result.cells], rounds: result.rounds }).toEqual(everyRelationEachRound(cells));
    }
  });
});
