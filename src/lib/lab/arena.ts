// Blind votes as an arena: each voted comparison is a set of pairwise outcomes (the pick beats
// every other arm shown; a tie or "all bad" is a draw between every pair), and a Bradley–Terry
// rating over all of them says which arm people prefer, on the Elo scale (1000 = average).
// Pure; written here because no maintained JS library fits this small job (the MM fit below is
// Hunter 2004, "MM algorithms for generalized Bradley–Terry models", with draws as half wins).

/** How a blind comparison was judged. */
export type BlindOutcome = 'pick' | 'tie' | 'all-bad';

export interface BlindRecord {
  /** Arm keys as shown (A, B, C…). */
  order: readonly string[];
  /** The arm picked as best, when the outcome is 'pick'. */
  vote?: string;
  outcome?: Exclude<BlindOutcome, 'pick'>;
}

export interface ArenaRow {
  armKey: string;
  label: string;
  /** Bradley–Terry strength on the Elo scale: 1000 is the average arm; +400 is 10× the odds. */
  rating: number;
  wins: number;
  ties: number;
  losses: number;
  /** Voted comparisons it was shown in. */
  shown: number;
}

/** A judged record's outcome ('pick' when a vote names an arm); undefined if not judged yet. */
export function outcomeOf(r: BlindRecord): BlindOutcome | undefined {
  if (r.vote) return 'pick';
  return r.outcome;
}

/** Pseudo-games against an average opponent: keep every rating finite (an arm never beaten). */
const PRIOR = 0.5;
const ITERATIONS = 200;

export function arenaTable(
  records: readonly BlindRecord[],
  label: (armKey: string) => string,
): ArenaRow[] {
  const rows = new Map<string, ArenaRow>();
  const row = (key: string) => {
    let r = rows.get(key);
    if (!r)
      rows.set(
        key,
        (r = {
          armKey: key,
          label: label(key),
          rating: 1000,
          wins: 0,
          ties: 0,
          losses: 0,
          shown: 0,
        }),
      );
    return r;
  };
  // wins[i][j]: how often i beat j (a draw is half a win each); games[i][j]: times they met.
  const wins = new Map<string, Map<string, number>>();
  const add = (a: string, b: string, w: number) => {
    const m = wins.get(a) ?? new Map<string, number>();
    m.set(b, (m.get(b) ?? 0) + w);
    wins.set(a, m);
  };
  for (const r of records) {
    const outcome = outcomeOf(r);
    if (!outcome) continue;
    for (const key of r.order) {
      const x = row(key);
      x.shown++;
      if (outcome !== 'pick') x.ties++;
      else if (key === r.vote) x.wins++;
      else x.losses++;
    }
    for (const a of r.order) {
      for (const b of r.order) {
        if (a === b) continue;
        if (outcome === 'pick') {
          if (a === r.vote) add(a, b, 1);
          else if (b !== r.vote)
            add(a, b, 0.5); // two arms neither picked: no preference
          else add(a, b, 0);
        } else add(a, b, 0.5);
      }
    }
  }
  const keys = [...rows.keys()];
  if (keys.length === 0) return [];
  const strength = new Map(keys.map((k) => [k, 1]));
  const won = (a: string, b: string) => wins.get(a)?.get(b) ?? 0;
  for (let it = 0; it < ITERATIONS; it++) {
    // All arms updated from the same previous strengths, so equal records stay exactly equal.
    const next = new Map<string, number>();
    for (const i of keys) {
      const si = strength.get(i)!;
      let numerator = PRIOR; // half a win and half a loss against an opponent of strength 1
      let denominator = (2 * PRIOR) / (si + 1);
      for (const j of keys) {
        if (i === j) continue;
        const games = won(i, j) + won(j, i);
        if (games === 0) continue;
        numerator += won(i, j);
        denominator += games / (si + strength.get(j)!);
      }
      next.set(i, numerator / denominator);
    }
    for (const [k, v] of next) strength.set(k, v);
    // Scale so the geometric mean is 1 (ratings centre on 1000).
    const logMean = keys.reduce((s, k) => s + Math.log(strength.get(k)!), 0) / keys.length;
    for (const k of keys) strength.set(k, strength.get(k)! / Math.exp(logMean));
  }
  for (const k of keys) row(k).rating = Math.round(1000 + 400 * Math.log10(strength.get(k)!));
  return [...rows.values()].sort(
    (a, b) => b.rating - a.rating || b.wins - a.wins || a.label.localeCompare(b.label),
  );
}
