// What a group of models in the picker has in common about running here: the one reason none of
// them can run (WebGPU missing, say), and the warnings every one of them carries. The picker says
// those once above the group instead of on every card. Pure, so it is tested alone.

/** A model's pre-load check, as far as this needs it. */
export interface CheckNote {
  ok: boolean;
  reason?: string;
  warnings: readonly string[];
}

export interface SharedNotes {
  /** Set when every model of the group was checked, none can run, all for this same reason. */
  reason?: string;
  /** Warnings every checked model of the group carries (groups of one share nothing). */
  warnings: string[];
}

export const NOTHING_SHARED: SharedNotes = { warnings: [] };

export function sharedNotes(checks: readonly (CheckNote | undefined)[]): SharedNotes {
  if (checks.length < 2 || checks.some((c) => c === undefined)) return { warnings: [] };
  const all = checks as readonly CheckNote[];
  const first = all[0]!;
  const reason =
    !first.ok && first.reason && all.every((c) => !c.ok && c.reason === first.reason)
      ? first.reason
      : undefined;
  const warnings = first.warnings.filter((w) => all.every((c) => c.warnings.includes(w)));
  return reason ? { reason, warnings } : { warnings };
}
